import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/index.ts';
import * as adjudication from '$lib/server/services/adjudication.ts';
import * as gold from '$lib/server/services/gold.ts';
import * as pairBrowser from '$lib/server/services/pair-browser.ts';
import * as studies from '$lib/server/services/studies.ts';
import { renderedMarkdown } from '$lib/server/rendered-markdown.ts';
import type { Actions, PageServerLoad } from './$types';

// A ticked box arrives as its value ('1'), or as 'on' from a form or link without one.
const ticked = z
	.enum(['1', 'on', 'true'])
	.transform(() => '1' as const)
	.optional()
	.catch(undefined);

const filters = z.object({
	model: z.string().max(200).optional().catch(undefined),
	dimension: z.string().max(200).optional().catch(undefined),
	disagreement: ticked,
	flagged: ticked,
	source: z.enum(['consensus', 'senior', 'none']).optional().catch(undefined),
	tag: z.string().max(200).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined)
});

async function study(params: { id: string }) {
	const id = z.coerce.number().int().positive().safeParse(params.id);
	const found = id.success ? await studies.overview(getDb(), id.data) : undefined;
	if (!found) error(404, 'No study with this id.');
	return found;
}

export const load: PageServerLoad = async ({ params, url }) => {
	const overview = await study(params);
	const f = filters.parse(Object.fromEntries(url.searchParams));
	const result = await pairBrowser.browse(getDb(), overview.study.id, {
		model: f.model || undefined,
		dimension: f.dimension || undefined,
		disagreement: f.disagreement === '1',
		flagged: f.flagged === '1',
		source: f.source,
		tag: f.tag || undefined,
		page: f.page
	});
	return {
		study: overview.study,
		models: overview.models,
		filters: f,
		...result,
		// Rendered as on the rating screen (raw HTML escaped, links made inert).
		pairs: result.pairs.map((p) => ({
			...p,
			questionHtml: renderedMarkdown(p.question),
			modelHtml: renderedMarkdown(p.modelText),
			opponentHtml: renderedMarkdown(p.opponentText)
		}))
	};
};

export const actions: Actions = {
	markGold: async ({ params, request, locals }) => {
		const { id: studyId } = (await study(params)).study;
		const form = z
			.object({
				pairId: z.coerce.number().int().positive(),
				explanation: z.string().max(5000).default('')
			})
			.safeParse(Object.fromEntries(await request.formData()));
		if (!form.success) return fail(400, { message: 'The gold pair was not understood.' });
		const result = await gold.markFromAdjudicated(getDb(), {
			studyId,
			actorId: locals.user!.id,
			...form.data
		});
		if (!result.ok) return fail(result.status, { message: result.message });
		return { success: 'Marked the pair as gold: its final labels are the expected answer.' };
	},
	priority: async ({ params, request }) => {
		const { id: studyId } = (await study(params)).study;
		const form = z
			.object({
				pairId: z.coerce.number().int().positive(),
				priority: z.coerce.number().int().min(0).max(100)
			})
			.safeParse(Object.fromEntries(await request.formData()));
		if (!form.success) return fail(400, { message: 'The priority was not understood.' });
		const result = await adjudication.setPriority(getDb(), { studyId, ...form.data });
		if (!result.ok) return fail(result.status, { message: result.message });
		return {
			success:
				form.data.priority > 0
					? 'Moved the pair to the front of the senior queue.'
					: 'Reset the pair’s priority.'
		};
	}
};
