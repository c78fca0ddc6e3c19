import { getDb } from '$lib/server/db/index.ts';
import * as adjudication from '$lib/server/services/adjudication.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	queue: await adjudication.queue(getDb(), locals.user!.id)
});
