import { getDb } from '$lib/server/db/index.ts';
import * as demo from '$lib/server/services/demo.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => ({
	user: locals.user ? { username: locals.user.username, role: locals.user.role } : null,
	demo: await demo.accountsExist(getDb())
});
