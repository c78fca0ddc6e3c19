/**
 * The server's connection shares the database file with a second writer (the import worker, a
 * CLI import). A transaction that reads before it writes must wait for the other's write lock,
 * not fail: a deferred one gets SQLITE_BUSY at its first write at once (SQLite does not call the
 * busy handler there), so medpair's transactions begin IMMEDIATE (db/index.ts).
 */
import Database from 'better-sqlite3';
import { count, eq } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/lib/server/db/index.ts';
import { auditLog, users } from '../../src/lib/server/db/schema.ts';
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

/** A medpair transaction that reads before it writes. */
const readThenWrite = async () =>
	await db.transaction(async (tx) => {
		const [{ n }] = await tx.select({ n: count() }).from(users);
		await tx.insert(auditLog).values({ action: 'test.write', detail: String(n) });
	});

describe('a second writer on the database file', () => {
	it('SQLite fails a deferred read-then-write at once while the other holds the lock (why transactions begin IMMEDIATE)', async () => {
		const raw = new Database(file);
		raw.pragma('busy_timeout = 5000');
		const { ended } = await holdWriteLock(300);
		raw.exec('BEGIN');
		raw.prepare('select count(*) from users').get();
		expect(() =>
			raw.prepare('insert into audit_log (action, detail) values (?, ?)').run('test.write', '0')
		).toThrow(/SQLITE_BUSY|database is locked/);
		raw.exec('ROLLBACK');
		raw.close();
		await ended;
	});

	it('a medpair transaction waits for the lock instead, then commits', async () => {
		const { ended } = await holdWriteLock(300);
		const start = performance.now();
		await readThenWrite();
		expect(performance.now() - start).toBeGreaterThan(100);
		const written = await db.select().from(auditLog).where(eq(auditLog.action, 'test.write'));
		expect(written).toHaveLength(1);
		await ended;
	});
});
