import { error, fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/index.ts';
import { readRatingForm } from '$lib/server/rating-form.ts';
import * as adjudication from '$lib/server/services/adjudication.ts';
import { rendered } from '../render.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const result = adjudication.view(getDb(), locals.user!.id, params.id);
	if (!result.ok) error(result.status, result.message);
	return { view: rendered(result.value) };
};

export const actions: Actions = {
	independent: async ({ request, locals, params }) => {
		const parsed = await readRatingForm(request);
		if (!parsed.ok) return fail(parsed.status, { message: parsed.message });
		const result = adjudication.submitIndependent(getDb(), locals.user!.id, params.id, parsed.data);
		if (!result.ok) return fail(result.status, { message: result.message });
		redirect(303, `/adjudicate/${params.id}`);
	},
	finalize: async ({ request, locals, params }) => {
		const parsed = await readRatingForm(request);
		if (!parsed.ok) return fail(parsed.status, { message: parsed.message });
		const result = adjudication.finalize(getDb(), locals.user!.id, params.id, parsed.data);
		if (!result.ok) return fail(result.status, { message: result.message });
		redirect(303, '/adjudicate');
	}
};
