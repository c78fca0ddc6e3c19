import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/index.ts';
import * as studies from '$lib/server/services/studies.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => {
	const id = z.coerce.number().int().positive().safeParse(params.id);
	const overview = id.success ? studies.overview(getDb(), id.data) : undefined;
	if (!overview) error(404, 'No study with this id.');
	return overview;
};
