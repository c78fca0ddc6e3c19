import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { config } from '../config.ts';
import { assertNode22 } from '../runtime.ts';
import * as schema from './schema.ts';
import { DatabaseOpenError, describeOpenFailure } from './storage-error.ts';

/** What services take: the database or a transaction on it (both are `BaseSQLiteDatabase`). */
export type Db = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;
/** The opened database with its better-sqlite3 client (for pragmas, backup and closing). */
export type AppDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * Opens a database with medpair's settings and applies the migrations (unless `migrate: false`:
 * a worker thread opening the server's already migrated database).
 * WAL lets readers (dashboards) run while a rater's write commits; synchronous=NORMAL in WAL
 * mode keeps every committed transaction through a process crash (a power loss may drop the
 * last few, see README "Durability"); busy_timeout makes a second writer wait instead of failing.
 * Transactions begin IMMEDIATE unless told otherwise: a deferred transaction that reads first
 * fails with SQLITE_BUSY at its first write, without waiting, whenever another connection (the
 * import worker, a CLI import) holds the write lock at that moment.
 */
export function openDb(
	file: string,
	options: { migrationsPath?: string; migrate?: boolean } = {}
): AppDb {
	assertNode22();
	let sqlite: Database.Database | undefined;
	try {
		if (file !== ':memory:') ensureDirectory(dirname(resolve(file)));
		sqlite = new Database(file);
		sqlite.pragma('journal_mode = WAL');
		sqlite.pragma('synchronous = NORMAL');
		sqlite.pragma('foreign_keys = ON');
		sqlite.pragma('busy_timeout = 5000');
		const db = drizzle(sqlite, { schema }) as AppDb;
		const deferred = db.transaction.bind(db);
		db.transaction = ((run, config) =>
			deferred(run, { behavior: 'immediate', ...config })) as typeof db.transaction;
		if (options.migrate !== false)
			migrate(db, { migrationsFolder: options.migrationsPath ?? config().MIGRATIONS_PATH });
		assertWritable(sqlite);
		return db;
	} catch (error) {
		sqlite?.close();
		// drizzle wraps the driver's error in `cause`; the code tells what went wrong.
		const cause = (error as { cause?: unknown }).cause ?? error;
		const message =
			describeOpenFailure(resolve(file), dirname(resolve(file)), error) ??
			describeOpenFailure(resolve(file), dirname(resolve(file)), cause);
		if (message) throw new DatabaseOpenError(message, { cause: error });
		throw error;
	}
}

/**
 * SQLite opens a file it may not write read-only without a word, and a migrated database needs
 * no write to start, so a read-only file would only fail at the first rating. Try a write now
 * (rolled back) so start-up says so instead.
 */
function assertWritable(sqlite: Database.Database): void {
	const version = sqlite.pragma('user_version', { simple: true }) as number;
	sqlite.exec('BEGIN IMMEDIATE');
	try {
		sqlite.pragma(`user_version = ${version}`);
	} finally {
		sqlite.exec('ROLLBACK');
	}
}

/**
 * Creates a folder and its missing parents one level at a time. Node's recursive mkdirSync
 * loops forever where a parent refuses new folders with ENOENT (e.g. under /proc); creating
 * each level ourselves fails at once with the real error instead.
 */
function ensureDirectory(dir: string): void {
	const stat = statSync(dir, { throwIfNoEntry: false });
	if (stat?.isDirectory()) return;
	const parent = dirname(dir);
	if (!stat && parent !== dir) ensureDirectory(parent);
	mkdirSync(dir); // a file in the way fails here with EEXIST, as it should
}

let shared: AppDb | undefined;

/** The app's database, opened on first use (never at import time: `vite build` imports this). */
export function getDb(): AppDb {
	shared ??= openDb(config().DATABASE_PATH);
	return shared;
}

export function closeDb(): void {
	shared?.$client.close();
	shared = undefined;
}

export { schema };
