import { requireRole } from '$lib/server/auth/guard.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	requireRole(locals, 'senior');
};
