import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/index.ts';
import * as training from '$lib/server/services/training.ts';
import * as raterStudies from '$lib/server/services/rater-studies.ts';
import type { Actions, PageServerLoad } from './$types';
import { rendered } from './render.ts';

/** Remembers the study a rater chose, so "next pair" after a submission stays in it. */
const STUDY_COOKIE = 'annotate-study';
const studyId = z.coerce.number().int().positive();

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
	const asked = url.searchParams.get('study');
	const parsed = studyId.safeParse(asked ?? cookies.get(STUDY_COOKIE));
	const chosen = parsed.success ? parsed.data : null;
	const landing = await raterStudies.landing(getDb(), locals.user!.id, chosen);

	const options = {
		path: '/annotate',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	} as const;
	const used = (landing.kind === 'pair' || landing.kind === 'done') && landing.study?.id === chosen;
	if (used && asked !== null)
		cookies.set(STUDY_COOKIE, String(chosen), { ...options, maxAge: 60 * 60 * 24 * 30 });
	else if (!used && cookies.get(STUDY_COOKIE) !== undefined) cookies.delete(STUDY_COOKIE, options);

	return landing.kind === 'pair' ? { ...landing, pair: rendered(landing.pair) } : landing;
};

export const actions: Actions = {
	/** Go round the training pairs again after falling short of the study's minimum. */
	retrain: async ({ request, locals }) => {
		const parsed = studyId.safeParse((await request.formData()).get('study'));
		if (!parsed.success)
			return fail(400, { message: 'Which study? Reload the page and try again.' });
		const result = await training.retryTraining(getDb(), locals.user!.id, parsed.data);
		if (!result.ok) return fail(409, { message: result.message });
		redirect(303, `/annotate?study=${parsed.data}`);
	}
};
