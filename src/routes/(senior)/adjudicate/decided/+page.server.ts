import { getDb } from '$lib/server/db/index.ts';
import * as decidedPairs from '$lib/server/services/decided-pairs.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	decided: await decidedPairs.list(getDb(), locals.user!.id)
});
