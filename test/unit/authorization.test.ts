/**
 * Every route must be covered by the central access table (src/lib/server/auth/authorization.ts):
 * adding a route outside the role groups without listing it fails this test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessFor, authorize, OPEN_ROUTES } from '../../src/lib/server/auth/authorization.ts';
import { routeIds, ROUTES_DIR as ROUTES } from '../helpers/routes.ts';

describe('authorization', () => {
	const ids = routeIds();

	it('finds the routes', () => {
		expect(ids).toContain('/login');
		expect(ids).toContain('/(researcher)/studies');
		expect(ids.length).toBeGreaterThan(5);
	});

	it.each(ids)('route %s is covered by an access rule', (id) => {
		expect(accessFor(id)).not.toBeNull();
	});

	it('lists only existing routes as open', () => {
		for (const id of Object.keys(OPEN_ROUTES)) expect(ids).toContain(id);
	});

	it('gives each role group only to its role', () => {
		const junior = { role: 'junior' as const };
		const senior = { role: 'senior' as const };
		const researcher = { role: 'researcher' as const };
		for (const id of ids.filter((i) => i.startsWith('/(junior)'))) {
			expect(authorize(accessFor(id), junior)).toBe('allow');
			expect(authorize(accessFor(id), senior)).toBe('forbidden');
			expect(authorize(accessFor(id), researcher)).toBe('forbidden');
			expect(authorize(accessFor(id), null)).toBe('sign-in');
		}
		for (const id of ids.filter((i) => i.startsWith('/(researcher)'))) {
			expect(authorize(accessFor(id), researcher)).toBe('allow');
			expect(authorize(accessFor(id), junior)).toBe('forbidden');
			expect(authorize(accessFor(id), null)).toBe('sign-in');
		}
		expect(authorize(accessFor('/(senior)/adjudicate'), senior)).toBe('allow');
		expect(authorize(accessFor('/(senior)/adjudicate'), junior)).toBe('forbidden');
	});

	it.each(['junior', 'senior', 'researcher'])(
		'the (%s) group layout checks its role, so page views get the styled 403 page',
		(role) => {
			const layout = join(ROUTES, `(${role})`, '+layout.server.ts');
			expect(existsSync(layout)).toBe(true);
			expect(readFileSync(layout, 'utf8')).toContain(`requireRole(locals, '${role}')`);
		}
	);

	it('opens /account (change your own password) to every signed-in role and nobody else', () => {
		for (const role of ['junior', 'senior', 'researcher'] as const)
			expect(authorize(accessFor('/account'), { role })).toBe('allow');
		expect(authorize(accessFor('/account'), null)).toBe('sign-in');
	});

	it('refuses routes it does not know (fail closed)', () => {
		expect(accessFor('/admin')).toBeNull();
		expect(authorize(accessFor('/admin'), { role: 'researcher' })).toBe('forbidden');
	});
});
