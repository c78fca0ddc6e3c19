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
import { numberParsers, preferNumberParsers } from './pg-numbers.ts';
import { describePgOpenFailure, describeTarget } from './pg-open-failure.ts';
import * as pgSchema from './schema.pg.ts';
import { DatabaseOpenError } from './storage-error.ts';

export type Dialect = 'sqlite' | 'pg';

/** `pg` for a postgres:// or postgresql:// URL; anything else (or nothing) is a SQLite path. */
export function dialectOf(url?: string): Dialect {
	return url && /^postgres(ql)?:\/\//i.test(url.trim()) ? 'pg' : 'sqlite';
}

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
	options: { migrationsPath?: string; poolSize?: number } = {}
): Promise<PgAppDb> {
	const settings = config();
	const pool = new pg.Pool({
		connectionString: url,
		max: options.poolSize ?? settings.DATABASE_POOL_SIZE,
		connectionTimeoutMillis: 10_000,
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
		await migrateLocked(pool, options.migrationsPath ?? resolve(settings.MIGRATIONS_PATH, 'pg'));
		return drizzle(pool, { schema: pgSchema });
	} catch (error) {
		await pool.end().catch(() => undefined);
		const message = describePgOpenFailure(url, error) ?? describePgOpenFailure(url, causeOf(error));
		if (message) throw new DatabaseOpenError(message, { cause: error });
		throw error;
	}
}

export async function closePg(db: PgAppDb): Promise<void> {
	await db.$client.end();
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
