import { fail, isHttpError } from '@sveltejs/kit';
import { formatProblem } from '$lib/domain/study-file/index.ts';
import { renderMarkdown } from '$lib/domain/markdown.ts';
import { getDb } from '$lib/server/db/index.ts';
import * as studies from '$lib/server/services/studies.ts';
import type { UploadOutcome } from '$lib/server/services/study-upload.ts';
import { importRequest } from '$lib/server/workers/study-import.ts';
import { studyPageReads } from '$lib/server/workers/study-page.ts';
import studyFileReference from '../../../../docs/study-file.md?raw';
import type { Actions, PageServerLoad } from './$types';

/** docs/study-file.md, shown under the import form (escaped Markdown, see renderMarkdown). */
const reference = renderMarkdown(studyFileReference);

export const load: PageServerLoad = async ({ url }) => {
	const showArchived = url.searchParams.get('archived') === 'show';
	return {
		studies: await studies.list(getDb(), { includeArchived: showArchived }),
		showArchived,
		// Set by the study page's delete action, which redirects here.
		deleted: url.searchParams.get('deleted'),
		reference
	};
};

export const actions: Actions = {
	import: async ({ request, locals }) => {
		// Everything from the multipart parse to the last insert runs in the import worker, on
		// its own connection, so a large file does not hold up other users; the study stays
		// hidden until written, and any failure leaves nothing behind.
		let outcome: UploadOutcome;
		try {
			outcome = await importRequest(getDb(), request, locals.user!.id);
		} catch (err) {
			if (isHttpError(err)) throw err; // the body was refused (BODY_SIZE_LIMIT)
			console.error(`[${locals.requestId}] study import: the import worker failed`, err);
			return fail(500, {
				message:
					'The study file could not be imported (the import worker stopped). Nothing was changed; try again, or use the command line (medpair study import).',
				problems: []
			});
		}
		switch (outcome.kind) {
			case 'no-file':
				return fail(400, { message: 'Choose a study file (.json) to import.', problems: [] });
			case 'too-large':
				return fail(413, {
					message: `The files are ${(outcome.bytes / 1024 / 1024).toFixed(1)} MB; the limit is 50 MB. Split the study or use the command line (medpair study import).`,
					problems: []
				});
			case 'invalid':
				return fail(400, {
					message: `${outcome.fileName} was not imported. Nothing was changed.`,
					problems: outcome.problems.map(formatProblem)
				});
			case 'write-failed':
				console.error(`[${locals.requestId}] study import: writing failed`, outcome.error);
				return fail(500, {
					message: `${outcome.fileName} could not be written. Nothing was changed; try again, or use the command line (medpair study import).`,
					problems: []
				});
			case 'imported':
				return {
					imported: {
						id: outcome.id,
						name: outcome.name,
						...outcome.counts,
						warnings: outcome.warnings,
						// The study page's scan (in its worker, then cached for the page): texts that may
						// name their model, repeated here so they are fixed before rating starts.
						leaks: (await studyPageReads(getDb(), outcome.id)).leaks.length
					}
				};
		}
	}
};
