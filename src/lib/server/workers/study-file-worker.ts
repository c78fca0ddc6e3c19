/**
 * Worker entry: decodes and validates an uploaded study file and its side files (JSON parse,
 * zod, side files, cross-checks: parseStudyFile), off the request thread. Loaded by path and run
 * by Node's own type stripping (no bundler), so it imports with `.ts` extensions and no `$lib`.
 *
 * The member check needs the accounts, which live in the database on the main thread: the job
 * carries a snapshot of them (username → role, disabled; accounts number in the hundreds), so
 * the worker returns exactly what parseStudyFile gives on the request thread.
 */
import { memberProblems, type Account } from '../../domain/study-file/member-problems.ts';
import { parseStudyFile } from '../../domain/study-file/parse.ts';
import type { Result } from '../../domain/study-file/problem.ts';
import type { StudyFile } from '../../domain/study-file/schema.ts';
import { serve } from './serve.ts';

export type StudyFileJob = {
	study: ArrayBuffer;
	sideFiles: { name: string; bytes: ArrayBuffer }[];
	accounts: [string, Account][];
};
export type StudyFileReply = Result<StudyFile>;

/** Bytes in, so invalid UTF-8 is refused with its place rather than replaced. */
function validate({ study, sideFiles, accounts }: StudyFileJob): StudyFileReply {
	const files = new Map(sideFiles.map((f) => [f.name, new Uint8Array(f.bytes)]));
	const known = new Map(accounts);
	return parseStudyFile(new Uint8Array(study), {
		loadSideFile: (path) => files.get(path.split('/').pop() ?? path) ?? null,
		checkMembers: (members) => memberProblems(members, known)
	});
}

serve(validate);
