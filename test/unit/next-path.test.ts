/** Issue #11 item 3: `?next=` after sign-in must never leave the site. */
import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/lib/server/auth/next-path.ts';
import { HOSTILE_NEXT as HOSTILE } from '../helpers/hostile-next.ts';

const ORIGIN = 'http://127.0.0.1:3000';

describe('safeNextPath', () => {
	it.each(HOSTILE.map((v) => [JSON.stringify(v), v]))('refuses %s', (_, value) => {
		expect(safeNextPath(value, ORIGIN)).toBeNull();
	});

	it.each([
		['/users', '/users'],
		['/studies/3?tab=results#agreement', '/studies/3?tab=results#agreement'],
		['/annotate/abc%2Fdef', '/annotate/abc%2Fdef'],
		['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
		['/studies/../users', '/users'],
		['/a b', '/a%20b']
	])('keeps the same-site path %s as %s', (value, expected) => {
		expect(safeNextPath(value, ORIGIN)).toBe(expected);
	});

	it('never returns something a browser would resolve to another origin', () => {
		for (const value of HOSTILE) {
			const path = safeNextPath(value, ORIGIN);
			if (path !== null) expect(new URL(path, ORIGIN).origin).toBe(ORIGIN);
		}
	});
});
