/**
 * Worker entry: decodes and validates an uploaded study file and its side files (JSON parse,
 * zod, side files, cross-checks: parseStudyFile), off the request thread. Loaded by path and run
 * by Node's own type stripping (no bundler), so it imports with `.ts` extensions and no `$lib`.
 *
 * The member check needs the database, which stays on the main thread: the worker hands back
 * the members parseStudyFile asked about (it asks only once everything else is valid), and the
 * caller appends the database's answer (see study-file.ts).
 */
import { parseStudyFile } from '../../domain/study-file/parse.ts';
import type { Result } from '../../domain/study-file/problem.ts';
import type { StudyFile } from '../../domain/study-file/schema.ts';
import { serve } from './serve.ts';

export type StudyFileJob = {
	study: ArrayBuffer;
	sideFiles: { name: string; bytes: ArrayBuffer }[];
};
export type StudyFileReply = { result: Result<StudyFile>; members: StudyFile['members'] | null };

function validate({ study, sideFiles }: StudyFileJob): StudyFileReply {
	const decoder = new TextDecoder();
	const texts = new Map(sideFiles.map((f) => [f.name, decoder.decode(f.bytes)]));
	let members: StudyFile['members'] | null = null;
	const result = parseStudyFile(decoder.decode(study), {
		loadSideFile: (path) => texts.get(path.split('/').pop() ?? path) ?? null,
		checkMembers: (asked) => {
			members = asked;
			return [];
		}
	});
	return { result, members };
}

serve(validate);
