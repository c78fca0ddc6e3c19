import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/index.ts';
import * as adjudication from '$lib/server/services/adjudication.ts';
import * as pairBrowser from '$lib/server/services/pair-browser.ts';
import * as studies from '$lib/server/services/studies.ts';
import type { Actions, PageServerLoad } from './$types';

const filters = z.object({
	model: z.string().max(200).optional().catch(undefined),
	dimension: z.string().max(200).optional().catch(undefined),
	disagreement: z.literal('1').optional().catch(undefined),
	flagged: z.literal('1').optional().catch(undefined),
	source: z.enum(['consensus', 'senior', 'none']).optional().catch(undefined),
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
		page: f.page
	});
	return { study: overview.study, models: overview.models, filters: f, ...result };
};

export const actions: Actions = {
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
