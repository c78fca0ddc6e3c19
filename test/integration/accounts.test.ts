/**
 * Account administration (issue #11 item 7, issue #13 item 9, and the "researchers are admins"
 * decision): a reset or enabling lifts a lockout, users change their own password, and every
 * sensitive account action lands in the audit log with who did it to whom.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import * as session from '../../src/lib/server/auth/session.ts';
import { signIn } from '../../src/lib/server/auth/sign-in.ts';
import * as throttle from '../../src/lib/server/auth/throttle.ts';
import type { AppDb } from '../../src/lib/server/db/index.ts';
import { auditLog } from '../../src/lib/server/db/schema.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { testDb } from '../helpers/db.ts';

const PASSWORD = 'correct horse battery';
let db: AppDb;
let aliceId: number;
let researcherId: number;

beforeEach(async () => {
	db = await testDb();
	researcherId = await users.create(db, {
		username: 'res',
		role: 'researcher',
		password: PASSWORD
	});
	aliceId = await users.create(db, { username: 'alice', role: 'junior', password: PASSWORD });
});

async function lockOut(username: string) {
	for (let i = 0; i < throttle.MAX_FAILURES; i++) await signIn(db, username, 'wrong password ' + i);
	expect(await signIn(db, username, PASSWORD)).toMatchObject({ ok: false, status: 429 });
}

async function audited() {
	return (await db.select().from(auditLog)).map((row) => ({
		by: row.userId,
		action: row.action,
		detail: JSON.parse(row.detail)
	}));
}

describe('lifting a lockout', () => {
	it('a password reset lets the user sign in at once with the new password', async () => {
		await lockOut('alice');
		await users.resetPassword(db, aliceId, 'a brand new password', researcherId);
		expect(await signIn(db, 'alice', 'a brand new password')).toMatchObject({ ok: true });
	});

	it('enabling an account clears its failures', async () => {
		await lockOut('alice');
		await users.setDisabled(db, aliceId, true, researcherId);
		await users.setDisabled(db, aliceId, false, researcherId);
		expect(await throttle.failureCount(db, 'alice')).toBe(0);
		expect(await signIn(db, 'alice', PASSWORD)).toMatchObject({ ok: true });
	});
});

describe('changing your own password', () => {
	const input = (current: string, password = 'my new password 1', repeat = password) =>
		users.changePasswordSchema.parse({ current, password, repeat });

	it('needs the current password, keeps this session and ends the others', async () => {
		const here = session.generateToken();
		const elsewhere = session.generateToken();
		const { id: hereId } = await session.create(db, here, aliceId);
		await session.create(db, elsewhere, aliceId);
		const alice = { id: aliceId, username: 'alice' };

		expect(await users.changeOwnPassword(db, alice, input('not my password'), hereId)).toEqual({
			ok: false,
			status: 400,
			message: 'Your current password is wrong'
		});
		expect((await session.validate(db, elsewhere)).session).not.toBeNull();

		expect(await users.changeOwnPassword(db, alice, input(PASSWORD), hereId)).toEqual({ ok: true });
		expect((await session.validate(db, here)).session).not.toBeNull();
		expect((await session.validate(db, elsewhere)).session).toBeNull();
		expect((await signIn(db, 'alice', PASSWORD)).ok).toBe(false);
		expect((await signIn(db, 'alice', 'my new password 1')).ok).toBe(true);
		expect((await users.findByUsername(db, 'alice'))!.passwordHash).toMatch(/^\$argon2id\$/);
	});

	it('counts wrong current passwords toward the lockout, so a borrowed session cannot guess', async () => {
		const token = session.generateToken();
		const { id } = await session.create(db, token, aliceId);
		const alice = { id: aliceId, username: 'alice' };
		for (let i = 0; i < throttle.MAX_FAILURES; i++)
			expect((await users.changeOwnPassword(db, alice, input('guess ' + i), id)).ok).toBe(false);
		expect(await users.changeOwnPassword(db, alice, input(PASSWORD), id)).toMatchObject({
			ok: false,
			status: 429
		});
	});

	it('checks the new password: 12+ characters, typed the same twice', () => {
		const parse = (password: string, repeat: string) =>
			users.changePasswordSchema.safeParse({ current: 'x', password, repeat });
		expect(parse('short', 'short').error?.issues[0].message).toBe(
			'Password must be at least 12 characters'
		);
		expect(parse('long enough password', 'long enough passw0rd').error?.issues[0].message).toBe(
			'The two new passwords differ'
		);
		expect(parse('long enough password', 'long enough password').success).toBe(true);
	});
});

describe('audit log of account actions (researchers are the admins)', () => {
	it('records create, disable, enable, reset and change of password, with actor and target', async () => {
		const token = session.generateToken();
		const { id } = await session.create(db, token, aliceId);
		await users.setDisabled(db, aliceId, true, researcherId);
		await users.setDisabled(db, aliceId, false, researcherId);
		await users.resetPassword(db, aliceId, 'a brand new password', researcherId);
		await users.changeOwnPassword(
			db,
			{ id: aliceId, username: 'alice' },
			users.changePasswordSchema.parse({
				current: 'a brand new password',
				password: 'my new password 1',
				repeat: 'my new password 1'
			}),
			id
		);
		const target = { userId: aliceId, username: 'alice' };
		expect(await audited()).toEqual([
			{
				by: null,
				action: 'user.create',
				detail: { userId: researcherId, username: 'res', role: 'researcher' }
			},
			{ by: null, action: 'user.create', detail: { ...target, role: 'junior' } },
			{ by: researcherId, action: 'user.disable', detail: target },
			{ by: researcherId, action: 'user.enable', detail: target },
			{ by: researcherId, action: 'user.reset-password', detail: target },
			{ by: aliceId, action: 'user.change-password', detail: target }
		]);
		expect(JSON.stringify(await audited())).not.toMatch(/password 1|brand new|horse/);
	});
});
