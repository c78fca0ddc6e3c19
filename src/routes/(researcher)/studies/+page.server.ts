import { fail } from '@sveltejs/kit';
import { MAX_STUDY_FILE_BYTES, formatProblem } from '$lib/domain/study-file/index.ts';
import { renderMarkdown } from '$lib/domain/markdown.ts';
import { getDb } from '$lib/server/db/index.ts';
import * as studies from '$lib/server/services/studies.ts';
import { validateStudyFile } from '$lib/server/workers/study-file.ts';
import studyFileReference from '../../../../docs/study-file.md?raw';
import type { Actions, PageServerLoad } from './$types';

/** docs/study-file.md, shown under the import form (escaped Markdown, see renderMarkdown). */
const reference = renderMarkdown(studyFileReference);

export const load: PageServerLoad = async () => ({
	studies: await studies.list(getDb()),
	reference
});

function isFile(value: FormDataEntryValue | null): value is File {
	return typeof value === 'object' && value !== null && 'arrayBuffer' in value;
}

export const actions: Actions = {
	import: async ({ request, locals }) => {
		const form = await request.formData();
		const study = form.get('study');
		if (!isFile(study) || study.size === 0)
			return fail(400, { message: 'Choose a study file (.json) to import.', problems: [] });
		const sideFiles = form
			.getAll('files')
			.filter(isFile)
			.filter((f) => f.size > 0);
		const total = [study, ...sideFiles].reduce((sum, f) => sum + f.size, 0);
		if (total > MAX_STUDY_FILE_BYTES)
			return fail(413, {
				message: `The files are ${(total / 1024 / 1024).toFixed(1)} MB; the limit is 50 MB. Split the study or use the command line (medpair study import).`,
				problems: []
			});

		// Parsing and validation run in a worker thread, so a large file does not hold up other
		// users; the write below runs on this thread, in short slices. Bytes, not File.text(): invalid UTF-8
		// is refused with its place instead of becoming U+FFFD.
		const db = getDb();
		let parsed: Awaited<ReturnType<typeof validateStudyFile>>;
		try {
			parsed = await validateStudyFile(
				{
					study: await study.arrayBuffer(),
					sideFiles: await Promise.all(
						sideFiles.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() }))
					)
				},
				await studies.accountsForMemberCheck(db)
			);
		} catch (err) {
			// The worker crashed (out of memory, say): nothing was written.
			console.error(`[${locals.requestId}] study import: validation failed`, err);
			return fail(500, {
				message: `${study.name} could not be checked (the validation worker stopped). Nothing was changed; try again, or use the command line (medpair study import).`,
				problems: []
			});
		}
		if (!parsed.ok)
			return fail(400, {
				message: `${study.name} was not imported. Nothing was changed.`,
				problems: parsed.problems.map(formatProblem)
			});

		// Written in slices of a few milliseconds with other requests served in between; the
		// study stays hidden until the last slice, and a failure removes what was written.
		let result: studies.ImportResult;
		try {
			result = await studies.importStudyInSlices(db, parsed.value, locals.user!.id);
		} catch (err) {
			console.error(`[${locals.requestId}] study import: writing failed`, err);
			return fail(500, {
				message: `${study.name} could not be written. Nothing was changed; try again, or use the command line (medpair study import).`,
				problems: []
			});
		}
		if (!result.ok)
			return fail(400, {
				message: `${study.name} was not imported. Nothing was changed.`,
				problems: result.problems.map(formatProblem)
			});
		return {
			imported: {
				id: result.id,
				name: parsed.value.name,
				...result.counts,
				warnings: result.warnings
			}
		};
	}
};
