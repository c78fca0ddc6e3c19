import { getDb } from '$lib/server/db/index.ts';
import * as adjudication from '$lib/server/services/adjudication.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	queue: adjudication.queue(getDb(), locals.user!.id)
});
