/**
 * `medpair backup` on PostgreSQL (issue #14): runs pg_dump in its custom format when pg_dump is on
 * PATH, and the dump restores with pg_restore into an empty database with every row; without
 * pg_dump it says exactly what to run, and writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitPassword } from '../../../src/cli/pg-dump.ts';
import { closeDatabase } from '../../../src/lib/server/db/index.ts';
import { openPgDb } from '../../../src/lib/server/db/postgres.ts';
import { describeTarget } from '../../../src/lib/server/db/pg-open-failure.ts';
import * as users from '../../../src/lib/server/services/users.ts';
import { runMedpair } from '../../helpers/cli.ts';
import { rowCounts } from '../../helpers/db.ts';
import { freshDatabase, PG_MIGRATIONS, PG_URL, pgSuite } from '../../helpers/pg-test.ts';

const dir = mkdtempSync(join(tmpdir(), 'medpair-pg-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hasPgDump = spawnSync('pg_dump', ['--version']).status === 0;

describe('splitPassword', () => {
	it('takes the password out of the URL, percent-decoded, and leaves a URL without one alone', () => {
		expect(splitPassword('postgres://me:s%40cret@db.example:5432/medpair?sslmode=require')).toEqual(
			{ url: 'postgres://me@db.example:5432/medpair?sslmode=require', password: 's@cret' }
		);
		expect(splitPassword('postgres://medpair@/postgres?host=/tmp/x')).toEqual({
			url: 'postgres://medpair@/postgres?host=/tmp/x'
		});
	});
});

describe.skipIf(!PG_URL)(pgSuite('medpair backup'), { timeout: 60_000 }, () => {
	let url: string;
	let counts: Record<string, number>;
	beforeAll(async () => {
		url = await freshDatabase('backup');
		const db = await openPgDb(url, { migrationsPath: PG_MIGRATIONS, poolSize: 1 });
		try {
			for (const username of ['ana', 'ben'])
				await users.create(db, { username, role: 'junior', password: 'twelve chars!!' });
			counts = await rowCounts(db);
		} finally {
			await closeDatabase(db);
		}
	});

	it.runIf(hasPgDump)(
		'runs pg_dump when it is on PATH; the dump restores every row; no overwrite without --force',
		async () => {
			const file = join(dir, 'medpair.dump');
			const backup = runMedpair(['backup', file], { env: { DATABASE_URL: url } });
			expect(backup.stderr).toBe('');
			expect(backup.stdout.trim()).toMatch(
				new RegExp(
					`^Backed up the database to ${file} with pg_dump \\(custom format, \\d+ entries read back by pg_restore --list\\)\\.$`
				)
			);
			expect(existsSync(`${file}.partial`)).toBe(false);

			const restored = await freshDatabase('backup_restored');
			const restore = spawnSync('pg_restore', ['--no-owner', `--dbname=${restored}`, file], {
				encoding: 'utf8'
			});
			expect(restore.stderr).toBe('');
			const db = await openPgDb(restored, { migrationsPath: PG_MIGRATIONS, poolSize: 1 });
			try {
				expect(await rowCounts(db)).toEqual(counts);
				expect(counts.users).toBe(2);
			} finally {
				await closeDatabase(db);
			}

			expect(runMedpair(['backup', file], { env: { DATABASE_URL: url } }).stderr.trim()).toBe(
				`medpair: ${file} exists; pass --force to overwrite it`
			);
			expect(runMedpair(['backup', file, '--force'], { env: { DATABASE_URL: url } }).code).toBe(0);
		}
	);

	it('says exactly what to run when pg_dump is not on PATH, and writes nothing', () => {
		const file = join(dir, 'nodump.dump');
		// Only Node's own folder on PATH: no pg_dump.
		const noPgDump = runMedpair(['backup', file], {
			env: { DATABASE_URL: url, PATH: dirname(process.execPath) }
		});
		expect(noPgDump.code).toBe(1);
		expect(noPgDump.stdout).toBe('');
		expect(noPgDump.stderr.trim()).toBe(
			`medpair: pg_dump is not on PATH, so medpair cannot back up the PostgreSQL database ${describeTarget(url)} itself. Run: pg_dump --format=custom --file=${file} "$DATABASE_URL" (restore into an empty database with pg_restore --no-owner --dbname="$NEW_DATABASE_URL" ${file}; pg_dump comes with the PostgreSQL client package, e.g. apt-get install postgresql-client, and must be as new as the server)`
		);
		expect(existsSync(file)).toBe(false);
	});

	it('reports a failing pg_dump with its own message and keeps an earlier backup', () => {
		const file = join(dir, 'kept.dump');
		writeFileSync(file, 'an earlier backup');
		const failing = runMedpair(['backup', file, '--force'], {
			env: { DATABASE_URL: url.replace(/\/backup_[^?]*/, '/no_such_database') }
		});
		expect(failing.code).toBe(1);
		expect(failing.stderr).toMatch(/^medpair: pg_dump failed \(exit 1\): .*no_such_database/);
		expect(existsSync(`${file}.partial`)).toBe(false);
		expect(readFileSync(file, 'utf8')).toBe('an earlier backup');
	});
});
