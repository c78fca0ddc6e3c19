/**
 * Issue #11 item 1: the sign-in limit must hold however requests interleave. argon2 is
 * asynchronous, so 200 sign-ins started at once all reach the hash before any finishes; the
 * throttle must have decided for each of them before that point.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as password from '../../src/lib/server/auth/password.ts';
import { signIn } from '../../src/lib/server/auth/sign-in.ts';
import { MAX_FAILURES } from '../../src/lib/server/auth/throttle.ts';
import type { AppDb } from '../../src/lib/server/db/index.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { testDb } from '../helpers/db.ts';

// Count the password checks actually made (the real argon2 verify still runs).
vi.mock('../../src/lib/server/auth/password.ts', async (importOriginal) => {
	const real = await importOriginal<typeof import('../../src/lib/server/auth/password.ts')>();
	return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});
const verifications = vi.mocked(password.verifyPassword);

const PASSWORD = 'correct horse battery';
let db: AppDb;

beforeEach(async () => {
	db = await testDb();
	await users.create(db, { username: 'alice', role: 'junior', password: PASSWORD });
	verifications.mockClear();
});

async function storm(username: string) {
	const results = await Promise.all(
		Array.from({ length: 200 }, async (_, i) => await signIn(db, username, `wrong password ${i}`))
	);
	return {
		checked: verifications.mock.calls.length,
		wrong: results.filter((r) => !r.ok && r.status === 400).length,
		limited: results.filter((r) => !r.ok && r.status === 429).length
	};
}

describe('sign-in throttle under concurrency', () => {
	it('checks at most 5 of 200 concurrent wrong passwords; the rest and then the right one get 429', async () => {
		expect(await storm('alice')).toEqual({
			checked: MAX_FAILURES,
			wrong: MAX_FAILURES,
			limited: 200 - MAX_FAILURES
		});
		const right = await signIn(db, 'alice', PASSWORD);
		expect(right).toMatchObject({ ok: false, status: 429 });
		expect(verifications.mock.calls.length).toBe(MAX_FAILURES);
	});

	it('treats an unknown username the same way (no enumeration)', async () => {
		expect(await storm('nobody')).toEqual({
			checked: MAX_FAILURES,
			wrong: MAX_FAILURES,
			limited: 200 - MAX_FAILURES
		});
	});
});
