/**
 * Many rows into one table, with their new ids in row order: an import's 200,000 rows.
 *
 * SQLite: row by row with one prepared better-sqlite3 statement (a single-row run costs a few µs,
 * and a drizzle multi-row insert builds a large query object per statement), each id from its
 * own insert (`lastInsertRowid`). PostgreSQL: one multi-row `INSERT … VALUES … RETURNING id` per
 * batch, a round trip per batch instead of per row. PostgreSQL returns the rows of a single
 * INSERT … VALUES … RETURNING in VALUES order (the executor inserts and returns them one by
 * one, in order; test/integration/postgres/bulk-insert.test.ts checks it); the identity column
 * also numbers them in that order.
 */
import { clientOf } from './dialect-sql.ts';
import { dialect } from './dialect.ts';
import type { Db } from './index.ts';
import { statement } from './prepared.ts';

export type Cell = string | number | boolean | null;

/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 65_535;

/**
 * Inserts `rows` (values in `columns` order) into `table` in the caller's transaction and
 * returns their ids in row order. Names are the SQL ones (snake_case), from code, never input.
 */
export async function insertRows(
	db: Db,
	table: string,
	columns: readonly string[],
	rows: readonly (readonly Cell[])[]
): Promise<number[]> {
	if (rows.length === 0) return [];
	const list = columns.join(', ');
	if (dialect() === 'sqlite') {
		const insert = statement(
			db,
			`insert into ${table} (${list}) values (${columns.map(() => '?').join(', ')})`
		);
		return rows.map((row) =>
			Number(
				insert.run(...row.map((v) => (typeof v === 'boolean' ? Number(v) : v))).lastInsertRowid
			)
		);
	}
	const client = clientOf(db);
	const perStatement = Math.floor(MAX_PARAMETERS / columns.length);
	const ids: number[] = [];
	for (let start = 0; start < rows.length; start += perStatement) {
		const batch = rows.slice(start, start + perStatement);
		let n = 0;
		const values = batch.map((row) => `(${row.map(() => `$${++n}`).join(', ')})`).join(', ');
		const { rows: inserted } = await client.query<{ id: number }>(
			`insert into ${table} (${list}) values ${values} returning id`,
			batch.flat()
		);
		for (const { id } of inserted) ids.push(Number(id));
	}
	return ids;
}
