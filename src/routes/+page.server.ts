import { redirect } from '@sveltejs/kit';
import { HOME } from '$lib/server/auth/authorization.ts';
import type { PageServerLoad } from './$types';

/** The start page sends each role to its own home (signed-out users are sent to /login by the hook). */
export const load: PageServerLoad = ({ locals }) => {
	redirect(303, locals.user ? HOME[locals.user.role] : '/login');
};
