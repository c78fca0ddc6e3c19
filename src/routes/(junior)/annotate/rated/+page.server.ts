import { getDb } from '$lib/server/db/index.ts';
import * as ratings from '$lib/server/services/ratings.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	studies: await ratings.ratedByStudy(getDb(), locals.user!.id)
});
