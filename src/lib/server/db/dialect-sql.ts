/**
 * The SQL that differs between SQLite and PostgreSQL, for the few service queries that need more
 * than drizzle's builders (issue #14). On SQLite each helper writes what the services wrote
 * before, byte for byte; the PostgreSQL form gives the same values.
 */
import { sql, type SQL } from 'drizzle-orm';
import type pg from 'pg';
import { dialect } from './dialect.ts';
import type { Db } from './index.ts';

/**
 * Rows of a group where `condition` holds, 0 when none. SQLite sums the 0/1 of a comparison;
 * PostgreSQL's comparisons are booleans, which do not sum.
 */
export function countWhere(condition: SQL): SQL<number> {
	return dialect() === 'pg'
		? sql<number>`count(*) filter (where ${condition})`
		: sql<number>`coalesce(sum(${condition}), 0)`;
}

/** True when `condition` holds for every row of a group (for HAVING). */
export function holdsForAll(condition: SQL): SQL {
	return dialect() === 'pg' ? sql`bool_and(${condition})` : sql`min(${condition}) = 1`;
}

/** The largest of the values: SQLite's scalar max(a, b, …), PostgreSQL's greatest(a, b, …). */
export function greatest(...values: SQL[]): SQL<number> {
	return dialect() === 'pg'
		? sql<number>`greatest(${sql.join(values, sql`, `)})`
		: sql<number>`max(${sql.join(values, sql`, `)})`;
}

/**
 * Locks a pair's row until the transaction ends, so that two instances deciding something about
 * the same pair (submit and escalation, finalize, reopen, a senior's assignment) take turns.
 * PostgreSQL only: on SQLite one transaction runs at a time anyway (BEGIN IMMEDIATE).
 */
export async function lockPair(tx: Db, pairId: number): Promise<void> {
	if (dialect() !== 'pg') return;
	await clientOf(tx).query('select id from pairs where id = $1 for update', [pairId]);
}

/**
 * lockPair for the pair of the assignment with this public id (before reading the assignment:
 * what the transaction reads afterwards is then what the previous holder committed).
 */
export async function lockPairOf(tx: Db, publicId: string): Promise<void> {
	if (dialect() !== 'pg') return;
	await clientOf(tx).query(
		'select id from pairs where id = (select pair_id from assignments where public_id = $1) for update',
		[publicId]
	);
}

/** Locks a row of `table` by id until the transaction ends (PostgreSQL; see lockPair). */
export async function lockRow(
	tx: Db,
	table: 'pairs' | 'assignments' | 'studies' | 'users',
	id: number
): Promise<void> {
	if (dialect() !== 'pg') return;
	await clientOf(tx).query(`select id from ${table} where id = $1 for update`, [id]);
}

/**
 * Serialises transactions about one name that has no row to lock yet (a username's sign-in
 * attempts): a transaction-scoped advisory lock on its hash. No-op on SQLite (one writer).
 */
export async function lockName(tx: Db, scope: string, name: string): Promise<void> {
	if (dialect() !== 'pg') return;
	await clientOf(tx).query('select pg_advisory_xact_lock(hashtext($1))', [`${scope}:${name}`]);
}

/** The node-postgres pool or, in a transaction, its connection under a drizzle database. */
export function clientOf(db: Db): pg.Pool | pg.PoolClient {
	return (db as unknown as { session: { client: pg.Pool | pg.PoolClient } }).session.client;
}
