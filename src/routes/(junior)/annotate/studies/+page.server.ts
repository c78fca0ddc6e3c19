import { getDb } from '$lib/server/db/index.ts';
import * as raterStudies from '$lib/server/services/rater-studies.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	studies: raterStudies.studiesOf(getDb(), locals.user!.id)
});
