/**
 * PostgreSQL for deployments with several app instances on one database (issue #14); SQLite
 * (index.ts) stays the default. node-postgres (`pg`): the most used driver, pure JavaScript,
 * with a pool built in and type parsers that can be set per pool.
 */
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { resolve } from 'node:path';
import pg from 'pg';
import { config } from '../config.ts';
import { dialectOf, enterDialect, leaveDialect, type Dialect } from './dialect.ts';
import type { AppDb } from './index.ts';
import { numberParsers, preferNumberParsers } from './pg-numbers.ts';
import { describePgOpenFailure, describeTarget } from './pg-open-failure.ts';
import * as pgSchema from './schema.pg.ts';
import { DatabaseOpenError } from './storage-error.ts';

export { dialectOf, type Dialect };

/** The opened database with its pool (for raw queries and closing). */
export type PgAppDb = NodePgDatabase<typeof pgSchema> & { $client: pg.Pool };

/**
 * Every instance that starts migrates under this session-level advisory lock (the bytes of
 * "medpair\0"), so two starting at once do not both create the schema: the second waits, then
 * finds nothing left to apply.
 */
const MIGRATION_LOCK = '7882817156615336448';

/**
 * Opens a pool on `url`, checks that the server answers and accepts the credentials, and applies
 * the migrations from `migrationsPath` (default: `pg/` under MIGRATIONS_PATH).
 * Throws a DatabaseOpenError with one line saying what to fix when it cannot.
 */
export async function openPg(
	url: string,
	options: {
		migrationsPath?: string;
		/** false: the schema is known to be current (a worker of a server that migrated it). */
		migrate?: boolean;
		poolSize?: number;
		idleTimeoutMillis?: number;
	} = {}
): Promise<PgAppDb> {
	const settings = config();
	enterDialect('pg');
	const pool = new pg.Pool({
		connectionString: url,
		max: options.poolSize ?? settings.DATABASE_POOL_SIZE,
		connectionTimeoutMillis: 10_000,
		idleTimeoutMillis: options.idleTimeoutMillis ?? 10_000,
		application_name: 'medpair',
		types: numberParsers()
	});
	pool.on('connect', preferNumberParsers);
	// An idle connection the server dropped (restart, failover) must not crash the process:
	// the pool discards it and the next query opens a new one.
	pool.on('error', (error) =>
		console.error(`PostgreSQL at ${describeTarget(url)}: idle connection lost (${error.message})`)
	);
	try {
		if (options.migrate === false) await pool.query('SELECT 1');
		else
			await migrateLocked(pool, options.migrationsPath ?? resolve(settings.MIGRATIONS_PATH, 'pg'));
		return drizzle(pool, { schema: pgSchema });
	} catch (error) {
		leaveDialect('pg');
		await pool.end().catch(() => undefined);
		const message = describePgOpenFailure(url, error) ?? describePgOpenFailure(url, causeOf(error));
		if (message) throw new DatabaseOpenError(message, { cause: error });
		throw error;
	}
}

export async function closePg(db: PgAppDb): Promise<void> {
	if (db.$client.ended) return;
	await db.$client.end();
	leaveDialect('pg');
}

/**
 * Opens PostgreSQL as the services' `Db` (see openPg): drizzle's node-postgres database, typed as
 * the asynchronous SQLite one the services are written against (the tables are PostgreSQL's, see
 * schema.ts). Its `transaction` is drizzle's (READ COMMITTED; `tx.transaction` is a savepoint),
 * retried as a whole when PostgreSQL aborts it for a serialization failure or a deadlock.
 */
const urls = new WeakMap<object, string>();

/**
 * A connection of its own (not from the pool) to the database `db` was opened on, with the
 * pool's number parsing: for long reads in one snapshot (an export's cursor). Close it with end().
 */
export async function pgClientFor(db: object): Promise<pg.Client> {
	const client = new pg.Client({
		connectionString: pgUrlOf(db),
		application_name: 'medpair',
		types: numberParsers()
	});
	preferNumberParsers(client);
	await client.connect();
	return client;
}

/** The URL a database was opened on with openPgDb. */
export function pgUrlOf(db: object): string {
	const url = urls.get(db);
	if (!url) throw new Error('not a PostgreSQL database opened by openPgDb');
	return url;
}

export async function openPgDb(
	url: string,
	options: Parameters<typeof openPg>[1] = {}
): Promise<AppDb> {
	const db = await openPg(url, options);
	const transaction = db.transaction.bind(db);
	Object.assign(db, {
		transaction: <T>(work: (tx: unknown) => Promise<T>, config?: PgTransactionConfig) =>
			retrying(() => transaction(work, config))
	});
	urls.set(db, url);
	return db as unknown as AppDb;
}

type PgTransactionConfig = Parameters<PgAppDb['transaction']>[1];

/** serialization_failure, deadlock_detected: the transaction did nothing and can run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 5;

async function retrying<T>(run: () => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await run();
		} catch (error) {
			if (attempt >= ATTEMPTS || !RETRYABLE.has(sqlStateOf(error) ?? '')) throw error;
			// A little random back-off, growing, so the two parties do not collide again at once.
			await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
		}
	}
}

/** The SQLSTATE of a node-postgres error, also when drizzle wrapped it. */
export function sqlStateOf(error: unknown): string | undefined {
	for (let e = error; e; e = (e as { cause?: unknown }).cause) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
	}
	return undefined;
}

async function migrateLocked(pool: pg.Pool, migrationsFolder: string): Promise<void> {
	const client = await pool.connect();
	let broken: Error | undefined;
	try {
		await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
		try {
			await migrate(drizzle(client), { migrationsFolder });
		} finally {
			await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
		}
	} catch (error) {
		broken = error as Error;
		throw error;
	} finally {
		// A connection that failed mid-way may still hold the lock: close it instead of reusing it.
		client.release(broken);
	}
}

/** drizzle wraps the driver's error in `cause`; the code tells what went wrong. */
function causeOf(error: unknown): unknown {
	return (error as { cause?: unknown } | null)?.cause;
}

export { pgSchema };
