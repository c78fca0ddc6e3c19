/** `medpair user reset-password`: the way back in when the only researcher is locked out. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../src/lib/server/auth/sign-in.ts';
import * as throttle from '../../src/lib/server/auth/throttle.ts';
import { closeDatabase } from '../../src/lib/server/db/index.ts';
import { auditLog } from '../../src/lib/server/db/schema.ts';
import { runMedpair } from '../helpers/cli.ts';
import { cliDatabase, type CliDatabase } from '../helpers/cli-db.ts';

const dir = mkdtempSync(join(tmpdir(), 'medpair-cli-user-'));
let target: CliDatabase;
beforeAll(async () => {
	target = await cliDatabase(dir, 'cli_user');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const medpair = (args: string[], input: string) => {
	const result = runMedpair(args, { input, env: target.env });
	return { ...result, stderr: result.stderr.trim() };
};

// Five CLI runs, each a Node start: slow on a loaded machine.
describe('medpair user reset-password', { timeout: 60_000 }, () => {
	it('sets the password, lifts the lockout, is audited, and refuses unknown users and short passwords', async () => {
		const add = ['user', 'add', 'boss', '--role', 'researcher', '--password-stdin'];
		expect(medpair(add, 'the first password\n').code).toBe(0);
		const db = await target.open();
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
