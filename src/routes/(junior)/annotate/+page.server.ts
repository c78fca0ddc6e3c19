import { z } from 'zod';
import { getDb } from '$lib/server/db/index.ts';
import * as raterStudies from '$lib/server/services/rater-studies.ts';
import type { PageServerLoad } from './$types';
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
