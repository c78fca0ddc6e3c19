/**
 * Prepared statements reused across requests. Building a drizzle query and compiling its SQL
 * cost more than running it (a CPU profile of the rating load: ~32 % vs ~7 %), so the hot
 * queries are prepared once per connection. A transaction runs on the same connection, so the
 * statements are shared by the database and its transactions.
 */
import type Database from 'better-sqlite3';
import type { Db } from './index.ts';

const byConnection = new WeakMap<object, Map<string, unknown>>();

/** The better-sqlite3 connection under a database or one of its transactions. */
function connectionOf(db: Db): Database.Database {
	return (db as unknown as { session: { client: Database.Database } }).session.client;
}

export function prepared<T>(db: Db, key: string, build: (db: Db) => T): T {
	const connection = connectionOf(db);
	let cache = byConnection.get(connection);
	if (!cache) byConnection.set(connection, (cache = new Map()));
	let statement = cache.get(key) as T | undefined;
	if (statement === undefined) cache.set(key, (statement = build(db)));
	return statement;
}

/**
 * A plain better-sqlite3 statement for `source`, prepared once per connection: for bulk writes
 * row by row (an import's 200,000 rows), where a single-row run costs a few µs and a drizzle
 * multi-row insert builds a large query object per statement. Binds numbers, strings and null
 * only (booleans as 0/1).
 */
export function statement(db: Db, source: string): Database.Statement {
	return prepared(db, `sql:${source}`, () => connectionOf(db).prepare(source));
}

const immutables = new WeakMap<object, Map<string, unknown>>();
const databaseOf = new WeakMap<object, object>();

/** Connections to one database share its immutable() cache (SQLite's reader and writer). */
export function sameDatabase(...connections: object[]): void {
	const database = {};
	for (const connection of connections) databaseOf.set(connection, database);
}

/**
 * A cache, per database, for rows that never change once committed (a study's dimensions:
 * written with the study, never updated, and ids are never reused). Values are kept only when
 * read outside a transaction: a transaction sees its own uncommitted rows, which a rollback (and
 * a reused id) could make wrong. `committed`: the caller knows the rows were committed before
 * its transaction began (a submission's study, whose assignment it found), so a value read
 * inside the transaction is kept too.
 */
export async function immutable<T>(
	db: Db,
	key: string,
	read: () => Promise<T>,
	committed = false
): Promise<T> {
	const connection = connectionOf(db) as unknown as {
		inTransaction?: boolean;
		totalCount?: number;
	};
	const database = databaseOf.get(connection) ?? connection;
	let cache = immutables.get(database);
	if (!cache) immutables.set(database, (cache = new Map()));
	if (cache.has(key)) return cache.get(key) as T;
	const value = await read();
	// better-sqlite3: outside BEGIN; node-postgres: the pool itself (a transaction has a client).
	const outside = connection.inTransaction === false || typeof connection.totalCount === 'number';
	if (committed || outside) cache.set(key, value);
	return value;
}
