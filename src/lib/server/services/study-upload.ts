/**
 * A study file uploaded through the import form, from the request body's bytes to the written
 * study: the multipart form is read (by undici's parser, the one behind SvelteKit's
 * `request.formData()`), the files are checked (size, JSON, schema, side files, members) and the
 * study is written in slices. The import worker runs this in its own thread on its own database
 * connection (workers/study-import.ts), so none of it holds up other users; it is a plain
 * function so that an in-memory database (tests) runs the very same steps in-thread.
 */
import { MAX_STUDY_FILE_BYTES } from '../../domain/study-file/index.ts';
import { memberProblems } from '../../domain/study-file/member-problems.ts';
import { parseStudyFile } from '../../domain/study-file/parse.ts';
import type { Problem } from '../../domain/study-file/problem.ts';
import type { Db } from '../db/index.ts';
import { accountsForMemberCheck } from './studies.ts';
import { importStudyInSlices, type SliceOptions } from './study-import.ts';

export type UploadOutcome =
	| { kind: 'no-file' }
	| { kind: 'too-large'; bytes: number }
	| { kind: 'invalid'; fileName: string; problems: Problem[] }
	| { kind: 'write-failed'; fileName: string; error: string }
	| {
			kind: 'imported';
			fileName: string;
			id: number;
			name: string;
			counts: { prompts: number; responses: number; pairs: number };
			warnings: string[];
	  };

function isFile(value: FormDataEntryValue | null): value is File {
	return typeof value === 'object' && value !== null && 'arrayBuffer' in value;
}

async function readForm(body: Blob, contentType: string): Promise<FormData | null> {
	try {
		return await new Response(body, { headers: { 'content-type': contentType } }).formData();
	} catch {
		return null; // not a multipart form: no file was sent
	}
}

/** Form fields `study` (the study file) and `files` (its side files), as the import form sends. */
export async function importUpload(
	db: Db,
	body: Blob,
	contentType: string,
	actorId: number,
	options: SliceOptions = {}
): Promise<UploadOutcome> {
	const form = await readForm(body, contentType);
	const study = form?.get('study') ?? null;
	if (!form || !isFile(study) || study.size === 0) return { kind: 'no-file' };
	const sideFiles = form
		.getAll('files')
		.filter(isFile)
		.filter((f) => f.size > 0);
	const total = [study, ...sideFiles].reduce((sum, f) => sum + f.size, 0);
	if (total > MAX_STUDY_FILE_BYTES) return { kind: 'too-large', bytes: total };

	// Bytes, not File.text(): invalid UTF-8 is refused with its place instead of becoming U+FFFD.
	const files = new Map<string, Uint8Array>();
	for (const f of sideFiles) files.set(f.name, new Uint8Array(await f.arrayBuffer()));
	const known = new Map(await accountsForMemberCheck(db));
	const parsed = parseStudyFile(new Uint8Array(await study.arrayBuffer()), {
		// On the web the side files come from the form's second field, not from a folder.
		loadSideFile: (path) =>
			files.get(path.split('/').pop() ?? path) ?? {
				error: `file "${path}" was not uploaded: add it in the second file field (“Prompt and response files it refers to”) with the study file`
			},
		checkMembers: (members) => memberProblems(members, known)
	});
	if (!parsed.ok) return { kind: 'invalid', fileName: study.name, problems: parsed.problems };

	let result: Awaited<ReturnType<typeof importStudyInSlices>>;
	try {
		result = await importStudyInSlices(db, parsed.value, actorId, options);
	} catch (error) {
		// The partial study was removed (importStudyInSlices): nothing was changed.
		return { kind: 'write-failed', fileName: study.name, error: String(error) };
	}
	if (!result.ok) return { kind: 'invalid', fileName: study.name, problems: result.problems };
	return {
		kind: 'imported',
		fileName: study.name,
		id: result.id,
		name: parsed.value.name,
		counts: result.counts,
		warnings: result.warnings
	};
}
