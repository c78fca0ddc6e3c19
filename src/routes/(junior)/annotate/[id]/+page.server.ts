import { error, fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/index.ts';
import { readRatingForm } from '$lib/server/rating-form.ts';
import * as ratings from '$lib/server/services/ratings.ts';
import { rendered } from '../render.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const result = await ratings.view(getDb(), locals.user!.id, params.id);
	if (!result.ok) error(result.status, result.message);
	return { pair: rendered(result.value) };
};

export const actions: Actions = {
	submit: async ({ request, locals, params }) => {
		const parsed = await readRatingForm(request);
		if (!parsed.ok) return fail(parsed.status, { message: parsed.message });
		const result = await ratings.submit(getDb(), locals.user!.id, params.id, parsed.data);
		if (!result.ok) return fail(result.status, { message: result.message });
		// A training pair shows its expected answer next; every other pair moves on.
		redirect(303, result.training ? `/annotate/${params.id}` : '/annotate');
	},
	draft: async ({ request, locals, params }) => {
		const parsed = await readRatingForm(request);
		if (!parsed.ok) return fail(parsed.status, { message: parsed.message });
		const result = await ratings.saveDraft(getDb(), locals.user!.id, params.id, parsed.data);
		if (!result.ok) return fail(result.status, { message: result.message });
		return { draft: 'saved' };
	}
};
