import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type pg from 'pg';
import { config } from '../config.ts';
import { assertNode22 } from '../runtime.ts';
import { dialectOf, enterDialect, leaveDialect } from './dialect.ts';
import { closePg, openPgDb } from './postgres.ts';
import { sameDatabase } from './prepared.ts';
import * as schema from './schema.sqlite.ts';
import { DatabaseOpenError, describeOpenFailure } from './storage-error.ts';

/**
 * What services take: the database or a transaction on it. Typed as an asynchronous SQLite
 * database: every query is awaited, so the same service code runs on better-sqlite3 (whose
 * queries resolve at once) and on PostgreSQL. Services use only what both dialects share:
 * `await query` (never `.get()`, `.all()`, `.run()`), `first(rows)`, prepared queries through
 * `.execute(values)`, and `db.transaction(async (tx) => …)`.
 */
export type Db = BaseSQLiteDatabase<'async', unknown, typeof schema>;
/**
 * An opened database with its client: on SQLite the better-sqlite3 connection its reads use
 * (backup, file name), on PostgreSQL the node-postgres pool.
 */
export type AppDb = Db & { $client: Database.Database | pg.Pool };
/** A database opened with openDb (SQLite). */
export type SqliteAppDb = Db & { $client: Database.Database };

/** The better-sqlite3 connection under a SQLite database; undefined on PostgreSQL. */
export function sqliteClient(db: AppDb): Database.Database | undefined {
	return 'prepare' in db.$client ? db.$client : undefined;
}

/** The first row of a result, or undefined (what `.get()` gave on SQLite alone). */
export function first<T>(rows: readonly T[]): T | undefined {
	return rows[0];
}

/**
 * Opens a database with medpair's settings and applies the migrations (unless `migrate: false`:
 * a worker thread opening the server's already migrated database).
 * WAL lets readers (dashboards) run while a rater's write commits; synchronous=NORMAL in WAL
 * mode keeps every committed transaction through a process crash (a power loss may drop the
 * last few, see README "Durability"); busy_timeout makes a second writer wait instead of failing.
 *
 * Two connections: one for transactions, one for everything else, opened `query_only`.
 * Transactions are asynchronous (they await their queries), so while one is open other requests
 * run; on the transaction's own connection they would read its uncommitted rows and their writes
 * would commit or roll back with it. The reading connection sees only committed rows (WAL), and
 * a write outside `db.transaction` fails at once instead of joining someone else's transaction.
 * Transactions take turns (one at a time per process, like SQLite's single writer).
 * Transactions begin IMMEDIATE: they take the write lock first, so one that reads before it
 * writes waits for another connection (the import worker, a CLI import) instead of failing.
 */
export function openDb(
	file: string,
	options: { migrationsPath?: string; migrate?: boolean } = {}
): SqliteAppDb {
	assertNode22();
	enterDialect('sqlite');
	let writer: Database.Database | undefined;
	let reader: Database.Database | undefined;
	try {
		if (file !== ':memory:') ensureDirectory(dirname(resolve(file)));
		writer = connect(file);
		if (options.migrate !== false)
			migrate(drizzle(writer, { schema }), {
				migrationsFolder: options.migrationsPath ?? config().MIGRATIONS_PATH
			});
		assertWritable(writer);
		// An in-memory database is private to its connection: one connection serves both.
		reader = file === ':memory:' ? writer : connect(file);
		if (reader !== writer) reader.pragma('query_only = ON');
		return withTransactions(drizzle(reader, { schema }), drizzle(writer, { schema }));
	} catch (error) {
		leaveDialect('sqlite');
		if (reader !== writer) reader?.close();
		writer?.close();
		// drizzle wraps the driver's error in `cause`; the code tells what went wrong.
		const cause = (error as { cause?: unknown }).cause ?? error;
		const message =
			describeOpenFailure(resolve(file), dirname(resolve(file)), error) ??
			describeOpenFailure(resolve(file), dirname(resolve(file)), cause);
		if (message) throw new DatabaseOpenError(message, { cause: error });
		throw error;
	}
}

function connect(file: string): Database.Database {
	const sqlite = new Database(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	return sqlite;
}

type Transaction = <T>(work: (tx: Db) => Promise<T>) => Promise<T>;
const writers = new WeakMap<object, Database.Database>();

/**
 * Gives both drizzle instances an asynchronous `transaction`: on the writing connection, one at
 * a time (a queue), with savepoints for a transaction opened inside another in the same
 * asynchronous context (AsyncLocalStorage tells which context owns the open transaction).
 */
type SqliteDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

function withTransactions(readerDb: SqliteDb, writerDb: SqliteDb): SqliteAppDb {
	const client = writerDb.$client;
	const owner = new AsyncLocalStorage<object>();
	// The open transaction's token: work scheduled from inside a transaction keeps the token in
	// its context after the commit, so only the current one means "inside".
	let current: object | null = null;
	const tx = writerDb as unknown as Db;
	let queue: Promise<void> = Promise.resolve();
	let savepoints = 0;

	const nested = async <T>(work: (tx: Db) => Promise<T>): Promise<T> => {
		const name = `medpair_${++savepoints}`;
		client.exec(`SAVEPOINT ${name}`);
		try {
			const result = await work(tx);
			client.exec(`RELEASE ${name}`);
			return result;
		} catch (error) {
			client.exec(`ROLLBACK TO ${name}`);
			client.exec(`RELEASE ${name}`);
			throw error;
		}
	};
	const transaction: Transaction = async (work) => {
		if (current !== null && owner.getStore() === current) return nested(work);
		const previous = queue;
		let release!: () => void;
		queue = new Promise((resolve) => (release = resolve));
		await previous;
		try {
			client.exec('BEGIN IMMEDIATE');
			const token = {};
			current = token;
			try {
				const result = await owner.run(token, () => work(tx));
				client.exec('COMMIT');
				return result;
			} catch (error) {
				if (client.inTransaction) client.exec('ROLLBACK');
				throw error;
			}
		} finally {
			current = null;
			release();
		}
	};
	Object.assign(readerDb, { transaction });
	Object.assign(writerDb, { transaction });
	writers.set(readerDb, client);
	sameDatabase(readerDb.$client, client);
	return readerDb as unknown as SqliteAppDb;
}

/**
 * The connection transactions write on (tests use it to make the disk "full" or read-only).
 * SQLite only.
 */
export function writerOf(db: AppDb): Database.Database {
	const client = sqliteClient(db);
	if (!client) throw new Error('writerOf: a SQLite database only (this one is PostgreSQL)');
	return writers.get(db) ?? client;
}

/**
 * Opens the configured database: PostgreSQL when DATABASE_URL is a postgres:// URL, else SQLite
 * at DATABASE_PATH. `migrationsPath` is the SQLite migrations folder; PostgreSQL's are its `pg/`.
 */
export async function openDatabase(options: { migrationsPath?: string } = {}): Promise<AppDb> {
	const { DATABASE_URL, DATABASE_PATH, MIGRATIONS_PATH } = config();
	if (DATABASE_URL && dialectOf(DATABASE_URL) === 'pg')
		return openPgDb(DATABASE_URL, {
			migrationsPath: resolve(options.migrationsPath ?? MIGRATIONS_PATH, 'pg')
		});
	return openDb(DATABASE_PATH, options);
}

/** Closes a database opened with openDatabase, openDb or openPgDb. */
export async function closeDatabase(db: AppDb): Promise<void> {
	const client = sqliteClient(db);
	if (!client) return closePg(db as unknown as Parameters<typeof closePg>[0]);
	const writer = writers.get(db);
	if (!client.open && !writer?.open) return;
	if (client.open) client.close();
	if (writer?.open) writer.close();
	leaveDialect('sqlite');
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

/**
 * Opens the app's database (hooks.server.ts `init`, before the first request; never at import
 * time: `vite build` imports this).
 */
export async function initDb(): Promise<AppDb> {
	shared ??= await openDatabase();
	return shared;
}

/**
 * The app's database. SQLite opens on first use; PostgreSQL must have been opened by initDb
 * (opening a pool and migrating is asynchronous).
 */
export function getDb(): AppDb {
	if (shared) return shared;
	const { DATABASE_URL, DATABASE_PATH } = config();
	if (dialectOf(DATABASE_URL) === 'pg')
		throw new Error('getDb: the PostgreSQL database is not open yet (initDb() opens it at start)');
	shared = openDb(DATABASE_PATH);
	return shared;
}

export async function closeDb(): Promise<void> {
	if (shared) await closeDatabase(shared);
	shared = undefined;
}

export { schema };
