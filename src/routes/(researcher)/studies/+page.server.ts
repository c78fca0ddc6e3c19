import { fail } from '@sveltejs/kit';
import {
	MAX_STUDY_FILE_BYTES,
	formatProblem,
	parseStudyFile
} from '$lib/domain/study-file/index.ts';
import { renderMarkdown } from '$lib/domain/markdown.ts';
import { getDb } from '$lib/server/db/index.ts';
import * as studies from '$lib/server/services/studies.ts';
import studyFileReference from '../../../../docs/study-file.md?raw';
import type { Actions, PageServerLoad } from './$types';

/** docs/study-file.md, shown under the import form (escaped Markdown, see renderMarkdown). */
const reference = renderMarkdown(studyFileReference);

export const load: PageServerLoad = () => ({ studies: studies.list(getDb()), reference });

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

		// Bytes, not File.text(): invalid UTF-8 is refused with its place instead of becoming U+FFFD.
		const texts = new Map<string, Uint8Array>();
		for (const file of sideFiles) texts.set(file.name, new Uint8Array(await file.arrayBuffer()));
		const db = getDb();
		const parsed = parseStudyFile(new Uint8Array(await study.arrayBuffer()), {
			loadSideFile: (path) => texts.get(path.split('/').pop() ?? path) ?? null,
			checkMembers: (members) => studies.checkMembers(db, members)
		});
		if (!parsed.ok)
			return fail(400, {
				message: `${study.name} was not imported. Nothing was changed.`,
				problems: parsed.problems.map(formatProblem)
			});

		const result = studies.importStudy(db, parsed.value, locals.user!.id);
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
