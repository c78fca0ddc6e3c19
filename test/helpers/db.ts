import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { openDb, sqliteClient, writerOf, type AppDb } from '../../src/lib/server/db/index.ts';
import { closePg, openPg, openPgDb } from '../../src/lib/server/db/postgres.ts';
import { createDatabase } from './pg-cluster.ts';

export const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The backend of this test run: MEDPAIR_TEST_DB=pg (the integration-pg project) or SQLite. */
export const TEST_DIALECT: 'sqlite' | 'pg' = process.env.MEDPAIR_TEST_DB === 'pg' ? 'pg' : 'sqlite';

/** Test databases live in memory-backed files (/dev/shm where there is one), removed at exit. */
const folder = mkdtempSync(
	join(process.platform === 'linux' ? '/dev/shm' : '/tmp', 'medpair-test-')
);
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
let count = 0;

/**
 * A fresh database built from the real migrations: on SQLite a file, not ':memory:' (the app
 * reads on one connection and writes on another, db/index.ts, and tests must run that way too);
 * with MEDPAIR_TEST_DB=pg a new PostgreSQL database on the run's cluster.
 */
export async function testDb(): Promise<AppDb> {
	if (TEST_DIALECT === 'pg') return pgTestDb();
	return openDb(join(folder, `test-${++count}.db`), { migrationsPath: MIGRATIONS });
}

let template: Promise<string> | undefined;

/**
 * A copy of a database migrated once per test process (CREATE DATABASE … TEMPLATE): migrating
 * every test's database would cost more than the test.
 */
async function pgTestDb(): Promise<AppDb> {
	// Imported here: pg-test.ts reads vitest's state, and child processes import this file too.
	const { PG_MIGRATIONS, PG_URL } = await import('./pg-test.ts');
	if (!PG_URL) throw new Error('MEDPAIR_TEST_DB=pg needs a cluster: run under .ci/with-postgres');
	template ??= (async () => {
		const name = `medpair_template_${process.pid}_${Date.now().toString(36)}`;
		const url = await createDatabase(PG_URL, name);
		await closePg(await openPg(url, { migrationsPath: PG_MIGRATIONS, poolSize: 1 }));
		return name;
	})();
	const from = await template;
	const url = await createDatabase(PG_URL, `${from.replace('template', 'test')}_${++count}`, from);
	// Small pools that let go of idle connections: a test file opens many databases.
	return openPgDb(url, { migrationsPath: PG_MIGRATIONS, poolSize: 4, idleTimeoutMillis: 500 });
}

/**
 * Rows of a raw query on either backend (`?` placeholders; written in SQL both dialects read).
 * For tests that look at the stored rows themselves.
 */
export async function rawRows<T>(db: AppDb, text: string, ...params: unknown[]): Promise<T[]> {
	const sqlite = sqliteClient(db);
	if (sqlite) return sqlite.prepare(text).all(...params) as T[];
	let n = 0;
	const numbered = text.replace(/\?/g, () => `$${++n}`);
	return (await (db.$client as pg.Pool).query(numbered, params)).rows as T[];
}

/** The app's tables (not drizzle's own), by name. */
export async function tableNames(db: AppDb): Promise<string[]> {
	const rows = sqliteClient(db)
		? await rawRows<{ name: string }>(
				db,
				"select name from sqlite_master where type = 'table' and name not like '__drizzle%' and name not like 'sqlite_%' order by name"
			)
		: await rawRows<{ name: string }>(
				db,
				"select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name"
			);
	return rows.map((r) => r.name);
}

/** Row counts of every table. */
export async function rowCounts(db: AppDb): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	for (const name of await tableNames(db))
		counts[name] = Number(
			(await rawRows<{ n: number }>(db, `select count(*) as n from "${name}"`))[0].n
		);
	return counts;
}

/**
 * A raw write outside the services (`?` placeholders): on SQLite through the writing connection
 * (the reading one refuses writes), on PostgreSQL through the pool.
 */
export async function rawExec(db: AppDb, text: string, ...params: unknown[]): Promise<void> {
	if (sqliteClient(db)) {
		writerOf(db)
			.prepare(text)
			.run(...params);
		return;
	}
	await rawRows(db, text, ...params);
}

/**
 * Counts the rows inserted, updated or deleted in the database from now on, like SQLite's
 * total_changes(): on PostgreSQL through row triggers on every table, installed here (a test's
 * own database only).
 */
export async function changeCounter(db: AppDb): Promise<() => Promise<number>> {
	const sqlite = sqliteClient(db);
	if (sqlite) {
		const writer = writerOf(db);
		return async () => (writer.prepare('select total_changes() as n').get() as { n: number }).n;
	}
	await rawExec(
		db,
		`create table test_changes (n bigint not null);
		 insert into test_changes values (0);
		 create function test_count_change() returns trigger language plpgsql as
		   $$ begin update test_changes set n = n + 1; return null; end $$;`
	);
	for (const name of await tableNames(db))
		if (name !== 'test_changes')
			await rawExec(
				db,
				`create trigger test_count_change after insert or update or delete on "${name}"
				 for each row execute function test_count_change()`
			);
	return async () => Number((await rawRows<{ n: number }>(db, 'select n from test_changes'))[0].n);
}

/**
 * The message of a rejection and of its causes: drizzle's node-postgres driver wraps the
 * server's error ("Failed query: …") and keeps it as the cause; better-sqlite3's comes as it is.
 */
export async function rejectionText(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (error) {
		const messages: string[] = [];
		for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause)
			messages.push(e instanceof Error ? e.message : String(e));
		return messages.join('\n');
	}
	throw new Error('expected the promise to reject, and it resolved');
}
