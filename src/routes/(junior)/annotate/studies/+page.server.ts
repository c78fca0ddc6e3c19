import { getDb } from '$lib/server/db/index.ts';
import * as raterStudies from '$lib/server/services/rater-studies.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	studies: await raterStudies.studiesOf(getDb(), locals.user!.id)
});
