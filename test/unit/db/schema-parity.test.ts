/**
 * The PostgreSQL schema mirrors the SQLite one at run time too: the same tables, columns
 * (name, NOT NULL, default), indexes, unique constraints, foreign keys and primary keys.
 * The types are compared at compile time in schema-parity-types.test.ts.
 */
import { getTableName, is, Table } from 'drizzle-orm';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pg from '../../../src/lib/server/db/schema.pg.ts';
import * as sqlite from '../../../src/lib/server/db/schema.sqlite.ts';

type Config = ReturnType<typeof pgConfig> | ReturnType<typeof sqliteConfig>;

function tables(module: Record<string, unknown>): Map<string, Table> {
	const found = new Map<string, Table>();
	for (const value of Object.values(module))
		if (is(value, Table)) found.set(getTableName(value), value);
	return found;
}

function describeTable(config: Config) {
	const columnNames = (columns: { name: string }[]) => columns.map((c) => c.name);
	return {
		columns: config.columns
			.map((c) => ({
				name: c.name,
				notNull: c.notNull,
				hasDefault: c.hasDefault,
				primary: c.primary
			}))
			.sort((a, b) => a.name.localeCompare(b.name)),
		indexes: config.indexes
			.map((i) => ({
				name: i.config.name,
				unique: i.config.unique,
				columns: columnNames(i.config.columns as { name: string }[]),
				partial: i.config.where !== undefined
			}))
			.sort((a, b) => String(a.name).localeCompare(String(b.name))),
		unique: config.columns.filter((c) => c.isUnique).map((c) => c.uniqueName),
		primaryKeys: config.primaryKeys.map((k) => columnNames(k.columns)),
		foreignKeys: config.foreignKeys
			.map((fk) => {
				const ref = fk.reference();
				return {
					columns: columnNames(ref.columns),
					table: getTableName(ref.foreignTable),
					foreignColumns: columnNames(ref.foreignColumns),
					onDelete: fk.onDelete ?? 'no action'
				};
			})
			.sort((a, b) => a.columns.join().localeCompare(b.columns.join()))
	};
}

const sqliteTables = tables(sqlite);
const pgTables = tables(pg);

describe('schema.pg.ts mirrors schema.ts', () => {
	it('has the same tables', () => {
		expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
		expect(sqliteTables.size).toBeGreaterThan(15);
	});

	it.each([...sqliteTables.keys()])('%s: same columns, indexes and keys', (name) => {
		const lite = sqliteTables.get(name)!;
		const post = pgTables.get(name)!;
		expect(is(lite, SQLiteTable) && is(post, PgTable)).toBe(true);
		expect(describeTable(pgConfig(post as PgTable))).toEqual(
			describeTable(sqliteConfig(lite as SQLiteTable))
		);
	});

	it('gives the partial open-queue index the same condition', () => {
		const where = (config: Config) =>
			config.indexes.find((i) => i.config.name === 'assignments_open_queue_idx')?.config.where;
		const text = (w: unknown) =>
			(w as { queryChunks: { value: string[] }[] }).queryChunks.flatMap((c) => c.value).join('');
		expect(text(where(pgConfig(pg.assignments)))).toBe("status <> 'submitted'");
		expect(text(where(sqliteConfig(sqlite.assignments)))).toBe("status <> 'submitted'");
	});
});
