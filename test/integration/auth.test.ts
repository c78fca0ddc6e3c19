import { beforeEach, describe, expect, it } from 'vitest';
import * as session from '../../src/lib/server/auth/session.ts';
import { ACCOUNT_DISABLED, signIn, WRONG_CREDENTIALS } from '../../src/lib/server/auth/sign-in.ts';
import * as throttle from '../../src/lib/server/auth/throttle.ts';
import type { AppDb } from '../../src/lib/server/db/index.ts';
import { sessions } from '../../src/lib/server/db/schema.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { changeCounter, testDb } from '../helpers/db.ts';

let db: AppDb;
let aliceId: number;
const PASSWORD = 'correct horse battery';
const DAY = 24 * 60 * 60 * 1000;

beforeEach(async () => {
	db = await testDb();
	aliceId = await users.create(db, { username: 'alice', role: 'junior', password: PASSWORD });
});

describe('passwords and sign-in', () => {
	it('stores an argon2id hash, never the password', async () => {
		const row = (await users.findByUsername(db, 'alice'))!;
		expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(row.passwordHash).not.toContain(PASSWORD);
	});

	it('signs in with the right password only, with one message for every failure', async () => {
		expect(await signIn(db, 'alice', PASSWORD)).toMatchObject({
			ok: true,
			user: { username: 'alice', role: 'junior' }
		});
		expect(await signIn(db, 'alice', 'wrong password!')).toEqual({
			ok: false,
			status: 400,
			message: WRONG_CREDENTIALS
		});
		expect(await signIn(db, 'nobody', PASSWORD)).toEqual({
			ok: false,
			status: 400,
			message: WRONG_CREDENTIALS
		});
	});

	it('says an account is disabled only after the right password, and does not count that as a failure', async () => {
		const researcher = await users.create(db, {
			username: 'res',
			role: 'researcher',
			password: PASSWORD
		});
		await users.setDisabled(db, aliceId, true, researcher);
		// A wrong password tells nothing: the same message as for anyone.
		expect(await signIn(db, 'alice', 'wrong password!')).toEqual({
			ok: false,
			status: 400,
			message: WRONG_CREDENTIALS
		});
		expect(await throttle.failureCount(db, 'alice')).toBe(1);
		for (let i = 0; i < 10; i++)
			expect(await signIn(db, 'alice', PASSWORD)).toEqual({
				ok: false,
				status: 403,
				message: ACCOUNT_DISABLED
			});
		expect(await throttle.failureCount(db, 'alice')).toBe(1);
		expect(await throttle.retryAfter(db, 'alice')).toBe(0);
	});

	it('throttles a username after 5 failures in 15 minutes, even with the right password', async () => {
		for (let i = 0; i < 5; i++)
			expect((await signIn(db, 'alice', 'nope nope nope')).ok).toBe(false);
		const sixth = await signIn(db, 'alice', PASSWORD);
		expect(sixth).toMatchObject({ ok: false, status: 429 });
		if (!sixth.ok)
			expect(sixth.message).toMatch(/Too many failed sign-ins.*Try again in 15 minutes/);
		// Other usernames are not affected.
		expect((await signIn(db, 'bob', 'x')).ok).toBe(false);
		expect(await throttle.retryAfter(db, 'bob')).toBe(0);
	});

	it('lets a throttled username try again once the window has passed', async () => {
		const start = Date.now() - throttle.WINDOW - 1000;
		for (let i = 0; i < 5; i++) await throttle.recordFailure(db, 'alice', start + i);
		expect(await throttle.retryAfter(db, 'alice', start + 10)).toBeGreaterThan(0);
		expect(await throttle.retryAfter(db, 'alice')).toBe(0);
	});
});

describe('sessions', () => {
	it('stores only the SHA-256 of the token and validates it', async () => {
		const token = session.generateToken();
		const created = await session.create(db, token, aliceId);
		expect(created.id).toMatch(/^[0-9a-f]{64}$/);
		expect((await db.select().from(sessions)).map((s) => s.id)).toEqual([created.id]);
		expect(JSON.stringify(await db.select().from(sessions))).not.toContain(token);
		expect((await session.validate(db, token)).user).toEqual({
			id: aliceId,
			username: 'alice',
			role: 'junior'
		});
		expect((await session.validate(db, 'not-a-token')).user).toBeNull();
	});

	it('ends after 14 idle days and slides when used in the last 7', async () => {
		const t0 = Date.parse('2026-01-01T00:00:00Z');
		const token = session.generateToken();
		await session.create(db, token, aliceId, t0);
		expect((await session.validate(db, token, t0 + 6 * DAY)).renewed).toBe(false);
		const renewed = await session.validate(db, token, t0 + 8 * DAY);
		expect(renewed.renewed).toBe(true);
		expect(renewed.session!.expiresAt).toBe(t0 + 22 * DAY);
		expect((await session.validate(db, token, t0 + 22 * DAY)).session).toBeNull();
		expect(await db.select().from(sessions)).toEqual([]);
	});

	it('ends 30 days after signing in however often it is used (absolute lifetime)', async () => {
		const t0 = Date.parse('2026-01-01T00:00:00Z');
		const token = session.generateToken();
		await session.create(db, token, aliceId, t0);
		for (let day = 1; day < 30; day++) {
			const used = await session.validate(db, token, t0 + day * DAY);
			expect(used.session, `day ${day}`).not.toBeNull();
			expect(used.session!.expiresAt).toBeLessThanOrEqual(t0 + 30 * DAY);
		}
		expect((await session.validate(db, token, t0 + 30 * DAY - 1)).session).not.toBeNull();
		expect((await session.validate(db, token, t0 + 30 * DAY)).session).toBeNull();
		expect(await db.select().from(sessions)).toEqual([]);
	});

	it('does not write to the database when validating, except to slide the expiry', async () => {
		const t0 = Date.parse('2026-01-01T00:00:00Z');
		const token = session.generateToken();
		await session.create(db, token, aliceId, t0);
		const changes = await changeCounter(db);
		const before = await changes();
		for (let minute = 0; minute < 1000; minute++)
			expect((await session.validate(db, token, t0 + minute * 60_000)).user).not.toBeNull();
		expect(await changes()).toBe(before);
		// One write when it slides, then none again for a week of use.
		expect((await session.validate(db, token, t0 + 8 * DAY)).renewed).toBe(true);
		expect(await changes()).toBe(before + 1);
		for (let hour = 0; hour < 24 * 6; hour++)
			await session.validate(db, token, t0 + 8 * DAY + hour * 3_600_000);
		expect(await changes()).toBe(before + 1);
		// Sliding from day 16 reaches the absolute end (day 30); after that the expiry cannot
		// move, so the requests of the last two weeks write nothing either.
		const last = await session.validate(db, token, t0 + 16 * DAY);
		expect(last.renewed).toBe(true);
		expect(last.session!.expiresAt).toBe(t0 + 30 * DAY);
		const capped = await changes();
		for (let hour = 1; hour < 24 * 14; hour++)
			expect((await session.validate(db, token, t0 + 16 * DAY + hour * 3_600_000)).renewed).toBe(
				false
			);
		expect(await changes()).toBe(capped);
	});

	it('signs a user out everywhere on password reset and on disable', async () => {
		const researcher = await users.create(db, {
			username: 'res',
			role: 'researcher',
			password: PASSWORD
		});
		const a = session.generateToken();
		const b = session.generateToken();
		await session.create(db, a, aliceId);
		await session.create(db, b, aliceId);
		await users.resetPassword(db, aliceId, 'a brand new password', researcher);
		expect((await session.validate(db, a)).session).toBeNull();
		expect((await session.validate(db, b)).session).toBeNull();
		expect((await signIn(db, 'alice', 'a brand new password')).ok).toBe(true);

		const c = session.generateToken();
		await session.create(db, c, aliceId);
		await users.setDisabled(db, aliceId, true, researcher);
		expect((await session.validate(db, c)).session).toBeNull();
	});
});
