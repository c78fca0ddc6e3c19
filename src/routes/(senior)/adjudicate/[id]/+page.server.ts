import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { CHOICES } from '$lib/domain/blinding/choice.ts';
import { getDb } from '$lib/server/db/index.ts';
import * as adjudication from '$lib/server/services/adjudication.ts';
import { rendered } from '../render.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const result = adjudication.view(getDb(), locals.user!.id, params.id);
	if (!result.ok) error(result.status, result.message);
	return { view: rendered(result.value) };
};

const judgment = z.object({
	choices: z.record(z.string(), z.enum(CHOICES)),
	comment: z.string().max(5000),
	seconds: z.number().min(0).max(86_400).optional()
});

async function readForm(request: Request) {
	const form = await request.formData();
	const choices: Record<string, string> = {};
	for (const [name, value] of form)
		if (name.startsWith('choice-')) choices[name.slice(7)] = String(value);
	const seconds = form.get('seconds');
	return judgment.safeParse({
		choices,
		comment: String(form.get('comment') ?? ''),
		seconds: seconds && seconds !== '' ? Number(seconds) : undefined
	});
}

export const actions: Actions = {
	independent: async ({ request, locals, params }) => {
		const parsed = await readForm(request);
		if (!parsed.success)
			return fail(400, { message: 'The form was not understood; reload the page and try again.' });
		const result = adjudication.submitIndependent(getDb(), locals.user!.id, params.id, parsed.data);
		if (!result.ok) return fail(result.status, { message: result.message });
		redirect(303, `/adjudicate/${params.id}`);
	},
	finalize: async ({ request, locals, params }) => {
		const parsed = await readForm(request);
		if (!parsed.success)
			return fail(400, { message: 'The form was not understood; reload the page and try again.' });
		const result = adjudication.finalize(getDb(), locals.user!.id, params.id, parsed.data);
		if (!result.ok) return fail(result.status, { message: result.message });
		redirect(303, '/adjudicate');
	}
};
