/** `medpair demo off`: one command ends demo mode (issue #13, item 5). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../src/lib/server/auth/sign-in.ts';
import { closeDatabase } from '../../src/lib/server/db/index.ts';
import { users as usersTable } from '../../src/lib/server/db/schema.ts';
import * as demo from '../../src/lib/server/services/demo.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { testDb } from '../helpers/db.ts';
import { runMedpair } from '../helpers/cli.ts';
import { cliDatabase, type CliDatabase } from '../helpers/cli-db.ts';

const SEED = fileURLToPath(new URL('../../seed', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'medpair-demo-'));
let target: CliDatabase;
beforeAll(async () => {
	target = await cliDatabase(dir, 'demo');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const medpair = (args: string[], input?: string) => runMedpair(args, { input, env: target.env });

describe('medpair demo off', () => {
	it('keeps a named researcher, disables every demo account for good, and ends the banner', async () => {
		const db = await target.open();
		expect(await demo.load(db, SEED)).toBe(true);
		expect(await demo.accountsExist(db)).toBe(true);
		await closeDatabase(db);

		// A demo account cannot be the one that keeps medpair, nor can a junior.
		const refusedDemo = medpair(['demo', 'off', '--researcher', 'researcher']);
		expect(refusedDemo.code).toBe(1);
		expect(refusedDemo.stderr).toContain('"researcher" is a demo account');
		const refusedJunior = medpair(['demo', 'off', '--researcher', 'junior1']);
		expect(refusedJunior.stderr).toContain('"junior1" is a demo account');
		const short = medpair(['demo', 'off', '--researcher', 'dr.lee', '--password-stdin'], 'short\n');
		expect(short.code).toBe(1);
		expect(short.stderr).toContain('at least 12 characters');

		const off = medpair(
			['demo', 'off', '--researcher', 'dr.lee', '--password-stdin', '--json'],
			'a long private password\n'
		);
		expect(off.stderr).toBe('');
		expect(off.code).toBe(0);
		expect(JSON.parse(off.stdout)).toEqual({
			researcher: 'dr.lee',
			created: true,
			disabled: ['researcher', 'junior1', 'junior2', 'senior']
		});

		const after = await target.open();
		try {
			expect(await demo.accountsExist(after)).toBe(false);
			const lee = await signIn(after, 'dr.lee', 'a long private password');
			expect(lee.ok && lee.user.role).toBe('researcher');
			// The public password no longer signs anyone in, even if an account is re-enabled.
			await target.rows('UPDATE users SET disabled_at = NULL WHERE username = ?', 'junior1');
			expect((await signIn(after, 'junior1', demo.DEMO_PASSWORD)).ok).toBe(false);
		} finally {
			await closeDatabase(after);
		}

		// Running it again disables what was re-enabled since; the existing researcher needs no
		// password; a third run has nothing left to do and says so.
		const again = medpair(['demo', 'off', '--researcher', 'dr.lee']);
		expect(again.code).toBe(0);
		expect(again.stdout).toContain('Researcher: dr.lee (kept)');
		expect(again.stdout).toContain('Disabled demo accounts: junior1.');
		const third = medpair(['demo', 'off', '--researcher', 'dr.lee']);
		expect(third.stdout).toContain('No demo account was enabled');

		const audited = await target.rows("SELECT detail FROM audit_log WHERE action = 'demo.off'");
		expect(audited).toHaveLength(3);
	}, 120_000); // eight CLI runs, each a Node start: slow on a loaded machine
});

describe('the demo banner (asked on every page; issue #18)', () => {
	it("is kept per database: this process's account changes show at once, another process's within BANNER_CACHE_MS", async () => {
		const db = await testDb();
		expect(await demo.accountsExist(db)).toBe(false);
		const id = await users.create(db, {
			username: 'junior1',
			role: 'junior',
			password: 'twelve chars!!'
		});
		expect(await demo.accountsExist(db)).toBe(true); // created here: seen at once
		await users.setDisabled(db, id, true, id);
		expect(await demo.accountsExist(db)).toBe(false); // disabled here: seen at once

		// Enabled behind this process's back (the CLI, another app instance): the cached answer
		// stands until it is BANNER_CACHE_MS old, then the database is asked again.
		vi.useFakeTimers({ toFake: ['Date'] });
		try {
			await db.transaction(async (tx) =>
				tx.update(usersTable).set({ disabledAt: null }).where(eq(usersTable.id, id))
			);
			expect(await demo.accountsExist(db)).toBe(false);
			vi.setSystemTime(Date.now() + demo.BANNER_CACHE_MS);
			expect(await demo.accountsExist(db)).toBe(true);
		} finally {
			vi.useRealTimers();
		}
	});
});
