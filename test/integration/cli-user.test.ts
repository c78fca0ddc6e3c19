/** `medpair user reset-password`: the way back in when the only researcher is locked out. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signIn } from '../../src/lib/server/auth/sign-in.ts';
import * as throttle from '../../src/lib/server/auth/throttle.ts';
import { closeDatabase, openDb } from '../../src/lib/server/db/index.ts';
import { auditLog } from '../../src/lib/server/db/schema.ts';
import { MIGRATIONS } from '../helpers/db.ts';
import { runMedpair } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'medpair-cli-user-'));
const DATABASE_PATH = join(dir, 'cli.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const medpair = (args: string[], input: string) => {
	const result = runMedpair(args, { input, env: { DATABASE_PATH } });
	return { ...result, stderr: result.stderr.trim() };
};

describe('medpair user reset-password', () => {
	it('sets the password, lifts the lockout, is audited, and refuses unknown users and short passwords', async () => {
		const add = ['user', 'add', 'boss', '--role', 'researcher', '--password-stdin'];
		expect(medpair(add, 'the first password\n').code).toBe(0);
		const db = openDb(DATABASE_PATH, { migrationsPath: MIGRATIONS });
		try {
			for (let i = 0; i < throttle.MAX_FAILURES; i++) await signIn(db, 'boss', 'wrong ' + i);
			expect((await signIn(db, 'boss', 'the first password')).ok).toBe(false);

			const reset = ['user', 'reset-password', 'boss', '--password-stdin'];
			expect(medpair(reset, 'the second password\n')).toMatchObject({
				code: 0,
				stdout: 'Set a new password for "boss" and signed them out everywhere.\n'
			});
			expect(await signIn(db, 'boss', 'the second password')).toMatchObject({ ok: true });
			expect((await db.select().from(auditLog)).map((r) => r.action)).toEqual([
				'user.create',
				'user.reset-password'
			]);

			const ghost = medpair(
				['user', 'reset-password', 'ghost', '--password-stdin'],
				'long enough pw\n'
			);
			expect(ghost).toMatchObject({ code: 1, stderr: 'medpair: unknown user "ghost"' });
			expect(medpair(reset, 'short\n')).toMatchObject({
				code: 1,
				stderr: 'medpair: Password must be at least 12 characters'
			});
		} finally {
			await closeDatabase(db);
		}
	});
});
