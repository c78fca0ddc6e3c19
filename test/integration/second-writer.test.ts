/**
 * The server's connection shares the database file with a second writer (the import worker, a
 * CLI import). A transaction that reads before it writes must wait for the other's write lock,
 * not fail: a deferred one gets SQLITE_BUSY at its first write at once (SQLite does not call the
 * busy handler there), so openDb makes transactions IMMEDIATE by default.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/lib/server/db/index.ts';
import { MIGRATIONS } from '../helpers/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'medpair-second-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'db.sqlite');
const db = openDb(file, { migrationsPath: MIGRATIONS });

/** Another connection takes the write lock for `ms`; resolves once it holds it. */
async function holdWriteLock(ms: number) {
	const flag = new Int32Array(new SharedArrayBuffer(4));
	const worker = new Worker(
		`const Database = require('better-sqlite3');
		const { workerData: { file, flag, ms } } = require('node:worker_threads');
		const other = new Database(file);
		other.exec('BEGIN IMMEDIATE');
		Atomics.store(flag, 0, 1);
		Atomics.notify(flag, 0);
		Atomics.wait(flag, 0, 1, ms);
		other.exec('COMMIT');
		other.close();`,
		{ eval: true, workerData: { file, flag, ms } }
	);
	const ended = new Promise((resolve) => worker.once('exit', resolve));
	while (Atomics.load(flag, 0) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
	return { ended };
}

const readThenWrite = async (behavior?: 'deferred') =>
	await db.transaction(async () => {
		const { n } = db.$client.prepare('select count(*) as n from users').get() as { n: number };
		db.$client
			.prepare('insert into audit_log (action, detail) values (?, ?)')
			.run('test.write', String(n));
	}, behavior && { behavior });

describe('a second writer on the database file', () => {
	it('a deferred read-then-write transaction fails at once while the other holds the lock', async () => {
		const { ended } = await holdWriteLock(300);
		expect(async () => await readThenWrite('deferred')).toThrow(/SQLITE_BUSY|database is locked/);
		await ended;
	});

	it('by default, a transaction waits for the lock instead and then commits', async () => {
		const { ended } = await holdWriteLock(300);
		const start = performance.now();
		expect(async () => await readThenWrite()).not.toThrow();
		expect(performance.now() - start).toBeGreaterThan(100);
		await ended;
	});
});
