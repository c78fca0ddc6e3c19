import { error, redirect } from '@sveltejs/kit';
import type { Role } from '../db/schema.ts';
import type { SessionUser } from './session.ts';

/**
 * The role check of a route group's +layout.server.ts: it renders the styled 403 page for a page
 * view (the hook refuses every other kind of request to the group before it gets here).
 */
export function requireRole(locals: { user: SessionUser | null }, role: Role): SessionUser {
	if (!locals.user) redirect(303, '/login');
	if (locals.user.role !== role) error(403, 'You do not have access to this page.');
	return locals.user;
}
