/**
 * Who may reach which route, in one place. Route groups carry the role: `(junior)`, `(senior)`,
 * `(researcher)`. A few routes are public or open to any signed-in user; everything else is
 * refused (fail closed), and test/unit/authorization.test.ts fails if a route is not covered.
 */
import type { Role } from '../db/schema.ts';

export type Access = { kind: 'public' } | { kind: 'signed-in' } | { kind: 'role'; role: Role };

/** Routes outside the role groups, with who may use them. */
export const OPEN_ROUTES: Record<string, Access> = {
	'/': { kind: 'signed-in' },
	'/account': { kind: 'signed-in' },
	'/login': { kind: 'public' },
	'/logout': { kind: 'public' },
	'/health': { kind: 'public' }
};

const GROUP_ROLES: Record<string, Role> = {
	'(junior)': 'junior',
	'(senior)': 'senior',
	'(researcher)': 'researcher'
};

/** The access rule for a SvelteKit route id, or null when the route is not covered. */
export function accessFor(routeId: string): Access | null {
	const open = OPEN_ROUTES[routeId];
	if (open) return open;
	const group = routeId.split('/')[1];
	const role = GROUP_ROLES[group];
	return role ? { kind: 'role', role } : null;
}

export type Verdict = 'allow' | 'sign-in' | 'forbidden';

export function authorize(access: Access | null, user: { role: Role } | null): Verdict {
	if (!access) return 'forbidden';
	if (access.kind === 'public') return 'allow';
	if (!user) return 'sign-in';
	if (access.kind === 'signed-in') return 'allow';
	return user.role === access.role ? 'allow' : 'forbidden';
}

/** Where each role lands after signing in. */
export const HOME: Record<Role, string> = {
	junior: '/annotate',
	senior: '/adjudicate',
	researcher: '/studies'
};
