/**
 * `medpair db copy`: a SQLite medpair database into an empty PostgreSQL one (issue #14), so a
 * study that started small can move. Every table, ids preserved, identity sequences advanced past
 * the copied ids, then each table's row count and checksum read back from PostgreSQL and compared
 * with the source's. One PostgreSQL transaction: a copy that fails or does not verify leaves the
 * target as empty as it was. The source is read in one read transaction (a consistent snapshot
 * while a server keeps writing, SQLite's WAL) and streamed: one batch of rows in memory at a time.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type pg from 'pg';
import { closeDatabase, openDb } from './index.ts';
import { closePg, openPg } from './postgres.ts';
import { describeTarget } from './pg-open-failure.ts';

/** A reason not to copy, for the user (the CLI prints it as one line). */
export class CopyRefused extends Error {}

export interface CopyProgress {
	table: string;
	done: number;
	total: number;
	/** Rows copied so far in all tables, and in all. */
	allDone: number;
	allTotal: number;
}

export interface CopiedTable {
	name: string;
	rows: number;
	/** The order-independent checksum of the rows (see RowChecksum), equal on both sides. */
	checksum: string;
}

interface Column {
	name: string;
	boolean: boolean;
	identity: boolean;
}

interface Table {
	name: string;
	columns: Column[];
	primaryKey: string[];
}

/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 65_535;

export async function copySqliteToPg(options: {
	from: string;
	to: string;
	/** The SQLite migrations folder; PostgreSQL's are its `pg/`. */
	migrationsPath: string;
	batchSize?: number;
	onProgress?: (progress: CopyProgress) => void;
}): Promise<CopiedTable[]> {
	const from = resolve(options.from);
	if (!existsSync(from)) throw new CopyRefused(`there is no SQLite database at ${from}`);
	// Brought up to date like any command does, so both sides have the same tables and columns.
	await closeDatabase(openDb(from, { migrationsPath: options.migrationsPath }));
	const source = new Database(from, { readonly: true });
	let target: Awaited<ReturnType<typeof openPg>> | undefined;
	let client: pg.PoolClient | undefined;
	try {
		target = await openPg(options.to, {
			migrationsPath: join(options.migrationsPath, 'pg'),
			poolSize: 1
		});
		client = await target.$client.connect();
		const tables = await targetTables(client);
		checkSameTables(source, tables);
		await checkEmpty(client, tables, options.to);
		return await copyAll(source, client, tables, options);
	} finally {
		client?.release();
		if (target) await closePg(target);
		source.close();
	}
}

async function copyAll(
	source: Database.Database,
	client: pg.PoolClient,
	tables: Table[],
	options: { batchSize?: number; onProgress?: (progress: CopyProgress) => void }
): Promise<CopiedTable[]> {
	source.exec('BEGIN'); // one snapshot for the counts and every row
	await client.query('BEGIN');
	try {
		const totals = tables.map(
			(t) => (source.prepare(`select count(*) as n from "${t.name}"`).get() as { n: number }).n
		);
		const allTotal = totals.reduce((a, b) => a + b, 0);
		let allDone = 0;
		const copied: CopiedTable[] = [];
		for (const [i, table] of tables.entries()) {
			const checksum = new RowChecksum();
			const perStatement = Math.max(
				1,
				Math.min(options.batchSize ?? 1000, Math.floor(MAX_PARAMETERS / table.columns.length))
			);
			const names = table.columns.map((c) => `"${c.name}"`).join(', ');
			const overriding = table.columns.some((c) => c.identity) ? ' overriding system value' : '';
			const rows = source
				.prepare(`select ${names} from "${table.name}" order by ${orderBy(table)}`)
				.raw()
				.iterate() as IterableIterator<unknown[]>;
			let batch: unknown[][] = [];
			let done = 0;
			const flush = async () => {
				if (batch.length === 0) return;
				let n = 0;
				const values = batch.map((row) => `(${row.map(() => `$${++n}`).join(', ')})`).join(', ');
				try {
					await client.query(
						`insert into "${table.name}" (${names})${overriding} values ${values}`,
						batch.flat()
					);
				} catch (error) {
					throw new Error(`copying table ${table.name}: ${(error as Error).message}`, {
						cause: error
					});
				}
				done += batch.length;
				allDone += batch.length;
				batch = [];
				options.onProgress?.({ table: table.name, done, total: totals[i], allDone, allTotal });
			};
			for (const raw of rows) {
				const row = raw.map((value, c) =>
					table.columns[c].boolean && value !== null ? value !== 0 : value
				);
				checksum.add(row);
				batch.push(row);
				if (batch.length >= perStatement) await flush();
			}
			await flush();
			options.onProgress?.({ table: table.name, done, total: totals[i], allDone, allTotal });
			copied.push({ name: table.name, rows: done, checksum: checksum.digest() });
		}
		await advanceSequences(client, tables);
		await verify(client, tables, copied);
		await client.query('COMMIT');
		return copied;
	} catch (error) {
		await client.query('ROLLBACK').catch(() => undefined);
		throw error;
	} finally {
		source.exec('COMMIT');
	}
}

/** Ascending primary key: rows that refer to earlier rows of their own table come after them. */
const orderBy = (table: Table) => table.primaryKey.map((c) => `"${c}"`).join(', ');

/** The next id each identity column hands out is one past the largest copied. */
async function advanceSequences(client: pg.PoolClient, tables: Table[]): Promise<void> {
	for (const table of tables)
		for (const column of table.columns.filter((c) => c.identity))
			await client.query(
				`select setval(pg_get_serial_sequence($1, $2), max("${column.name}"))
				 from "${table.name}" having max("${column.name}") is not null`,
				[`"${table.name}"`, column.name]
			);
}

/** Reads every copied table back (a cursor, one batch at a time) and compares count and checksum. */
async function verify(client: pg.PoolClient, tables: Table[], copied: CopiedTable[]) {
	for (const [i, table] of tables.entries()) {
		const checksum = new RowChecksum();
		const names = table.columns.map((c) => `"${c.name}"`).join(', ');
		await client.query(
			`declare medpair_verify no scroll cursor for select ${names} from "${table.name}"`
		);
		let rows = 0;
		for (;;) {
			const { rows: batch } = await client.query<unknown[]>({
				text: 'fetch 5000 from medpair_verify',
				rowMode: 'array'
			});
			if (batch.length === 0) break;
			for (const row of batch) checksum.add(row);
			rows += batch.length;
		}
		await client.query('close medpair_verify');
		const expected = copied[i];
		if (rows !== expected.rows || checksum.digest() !== expected.checksum)
			throw new Error(
				`verification failed for table ${table.name}: the source has ${expected.rows} rows (checksum ${expected.checksum}), PostgreSQL ${rows} (checksum ${checksum.digest()}); nothing was copied`
			);
	}
}

/**
 * A checksum of a multiset of rows: the sum (mod 2^128) of the first 16 bytes of each row's
 * SHA-256 over its JSON. Independent of order, so each side reads in its own order (SQLite's and
 * PostgreSQL's text collations need not agree), and unlike XOR a repeated row does not cancel.
 */
class RowChecksum {
	private sum = 0n;
	add(row: readonly unknown[]): void {
		const hash = createHash('sha256').update(JSON.stringify(row)).digest();
		this.sum =
			(this.sum + hash.readBigUInt64BE(0) * 2n ** 64n + hash.readBigUInt64BE(8)) % 2n ** 128n;
	}
	digest(): string {
		return this.sum.toString(16).padStart(32, '0');
	}
}

/** The app's tables on PostgreSQL, parents before the tables whose foreign keys refer to them. */
async function targetTables(client: pg.PoolClient): Promise<Table[]> {
	const { rows: columns } = await client.query<{
		table: string;
		column: string;
		type: string;
		identity: string;
	}>(
		`select c.table_name as table, c.column_name as column, c.data_type as type, c.is_identity as identity
		 from information_schema.columns c join information_schema.tables t
		   on t.table_schema = c.table_schema and t.table_name = c.table_name
		 where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
		 order by c.table_name, c.ordinal_position`
	);
	const { rows: keys } = await client.query<{ table: string; columns: string[] }>(
		`select conrelid::regclass::text as table,
		   array(select a.attname from unnest(conkey) with ordinality k(n, i)
		         join pg_attribute a on a.attrelid = conrelid and a.attnum = k.n order by k.i)::text[] as columns
		 from pg_constraint where contype = 'p' and connamespace = 'public'::regnamespace`
	);
	const { rows: references } = await client.query<{ child: string; parent: string }>(
		`select conrelid::regclass::text as child, confrelid::regclass::text as parent
		 from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace`
	);
	const byName = new Map<string, Table>();
	for (const c of columns) {
		const table = byName.get(c.table) ?? { name: c.table, columns: [], primaryKey: [] };
		table.columns.push({
			name: c.column,
			boolean: c.type === 'boolean',
			identity: c.identity === 'YES'
		});
		byName.set(c.table, table);
	}
	for (const key of keys) {
		const table = byName.get(unquote(key.table));
		if (table) table.primaryKey = key.columns;
	}
	const ordered: Table[] = [];
	const visiting = new Set<string>();
	const visit = (name: string) => {
		const table = byName.get(name);
		if (!table || ordered.includes(table) || visiting.has(name)) return;
		visiting.add(name);
		for (const r of references)
			if (unquote(r.child) === name && unquote(r.parent) !== name) visit(unquote(r.parent));
		ordered.push(table);
	};
	for (const name of [...byName.keys()].sort()) visit(name);
	for (const table of ordered)
		if (table.primaryKey.length === 0) table.primaryKey = table.columns.map((c) => c.name);
	return ordered;
}

const unquote = (name: string) => name.replace(/^"(.*)"$/, '$1');

/** The same tables with the same columns on both sides, else the two are different medpairs. */
function checkSameTables(source: Database.Database, tables: Table[]): void {
	const names = (
		source
			.prepare(
				"select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name"
			)
			.all() as { name: string }[]
	).map((r) => r.name);
	const problems: string[] = [];
	for (const name of names)
		if (!tables.some((t) => t.name === name)) problems.push(`table ${name} is not in PostgreSQL`);
	for (const table of tables) {
		if (!names.includes(table.name)) {
			problems.push(`table ${table.name} is not in the SQLite database`);
			continue;
		}
		const sourceColumns = (
			source.prepare(`select name from pragma_table_info(?)`).all(table.name) as { name: string }[]
		).map((c) => c.name);
		const targetColumns = table.columns.map((c) => c.name);
		if ([...sourceColumns].sort().join() !== [...targetColumns].sort().join())
			problems.push(
				`table ${table.name} has columns (${sourceColumns.join(', ')}) in SQLite but (${targetColumns.join(', ')}) in PostgreSQL`
			);
	}
	if (problems.length > 0)
		throw new CopyRefused(
			`the two databases do not have the same tables (different medpair versions?): ${problems.join('; ')}`
		);
}

async function checkEmpty(client: pg.PoolClient, tables: Table[], url: string): Promise<void> {
	const filled: string[] = [];
	for (const table of tables) {
		const { rows } = await client.query<{ n: number }>(`select count(*) as n from "${table.name}"`);
		if (Number(rows[0].n) > 0) filled.push(`${table.name}: ${rows[0].n} rows`);
	}
	if (filled.length > 0)
		throw new CopyRefused(
			`the PostgreSQL database ${describeTarget(url)} is not empty (${filled.join(', ')}); db copy fills an empty database only, so nothing was copied. Create a new one (createdb) and copy into it`
		);
}
