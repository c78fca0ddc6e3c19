import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/index.ts';
import * as ratings from '$lib/server/services/ratings.ts';
import { rendered } from '../render.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const result = ratings.view(getDb(), locals.user!.id, params.id);
	if (!result.ok) error(result.status, result.message);
	return { pair: rendered(result.value) };
};

/** The rating form's fields: `choice-<dimension>` = A | tie | B, `hard`, `comment`, `seconds`. */
async function readForm(request: Request) {
	const form = await request.formData();
	const choices: Record<string, string> = {};
	for (const [name, value] of form)
		if (name.startsWith('choice-')) choices[name.slice(7)] = String(value);
	const seconds = form.get('seconds');
	return z
		.object({
			choices: ratings.draftSchema.shape.choices,
			hard: z.boolean(),
			comment: z.string().max(5000),
			seconds: z.number().min(0).max(86_400).optional()
		})
		.safeParse({
			choices,
			hard: form.get('hard') === 'on',
			comment: String(form.get('comment') ?? ''),
			seconds: seconds && seconds !== '' ? Number(seconds) : undefined
		});
}

export const actions: Actions = {
	submit: async ({ request, locals, params }) => {
		const parsed = await readForm(request);
		if (!parsed.success)
			return fail(400, { message: 'The form was not understood; reload the page and try again.' });
		const result = ratings.submit(getDb(), locals.user!.id, params.id, parsed.data);
		if (!result.ok) return fail(result.status, { message: result.message });
		redirect(303, '/annotate');
	},
	draft: async ({ request, locals, params }) => {
		const parsed = await readForm(request);
		if (!parsed.success) return fail(400, { message: 'The draft was not understood.' });
		const result = ratings.saveDraft(getDb(), locals.user!.id, params.id, parsed.data);
		if (!result.ok) return fail(result.status, { message: result.message });
		return { draft: 'saved' };
	}
};
