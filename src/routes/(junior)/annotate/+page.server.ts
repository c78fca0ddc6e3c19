import { getDb } from '$lib/server/db/index.ts';
import * as ratings from '$lib/server/services/ratings.ts';
import type { PageServerLoad } from './$types';
import { rendered } from './render.ts';

export const load: PageServerLoad = ({ locals }) => {
	const db = getDb();
	const pair = ratings.next(db, locals.user!.id);
	return {
		pair: pair && rendered(pair),
		closed: pair ? [] : ratings.closedStudiesWithWork(db, locals.user!.id)
	};
};
