import { getDb } from '$lib/server/db/index.ts';
import * as adjudication from '$lib/server/services/adjudication.ts';
import type { PageServerLoad } from './$types';
import { rendered } from './render.ts';

export const load: PageServerLoad = async ({ locals }) => {
	const view = await adjudication.next(getDb(), locals.user!.id);
	return { view: view && rendered(view) };
};
