import { error, fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/index.ts';
import { readRatingForm } from '$lib/server/rating-form.ts';
import * as adjudication from '$lib/server/services/adjudication.ts';
import * as decidedPairs from '$lib/server/services/decided-pairs.ts';
import { rendered } from '../render.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Step 2 opens at the juniors' votes (AdjudicationScreen focuses this heading). */
const VOTES = '#juniors-votes';

export const load: PageServerLoad = async ({ locals, params }) => {
	const result = await adjudication.view(getDb(), locals.user!.id, params.id);
	if (!result.ok) error(result.status, result.message);
	return { view: rendered(result.value) };
};

/** A draft of one step's form; same body cap and dimension filtering as a submission. */
async function draft({ request, locals, params }: RequestEvent, stage: 'independent' | 'final') {
	const parsed = await readRatingForm(request);
	if (!parsed.ok) return fail(parsed.status, { message: parsed.message });
	const result = await adjudication.saveDraft(
		getDb(),
		locals.user!.id,
		params.id,
		stage,
		parsed.data
	);
	if (!result.ok) return fail(result.status, { message: result.message });
	return { draft: 'saved' };
}

export const actions: Actions = {
	independent: async ({ request, locals, params }) => {
		const parsed = await readRatingForm(request);
		if (!parsed.ok) return fail(parsed.status, { message: parsed.message });
		const result = await adjudication.submitIndependent(
			getDb(),
			locals.user!.id,
			params.id,
			parsed.data
		);
		if (!result.ok) return fail(result.status, { message: result.message });
		redirect(303, `/adjudicate/${params.id}${VOTES}`);
	},
	independentDraft: (event) => draft(event, 'independent'),
	finalize: async ({ request, locals, params }) => {
		const parsed = await readRatingForm(request);
		if (!parsed.ok) return fail(parsed.status, { message: parsed.message });
		const result = await adjudication.finalize(getDb(), locals.user!.id, params.id, parsed.data);
		if (!result.ok) return fail(result.status, { message: result.message });
		redirect(303, '/adjudicate');
	},
	finalDraft: (event) => draft(event, 'final'),
	reopen: async ({ locals, params }) => {
		const result = await decidedPairs.reopen(getDb(), locals.user!.id, params.id);
		if (!result.ok) return fail(result.status, { message: result.message });
		redirect(303, `/adjudicate/${params.id}${VOTES}`);
	}
};
