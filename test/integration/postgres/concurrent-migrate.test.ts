/** Instances that start at once on a fresh database: all open it, the migrations run once. */
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as pgSchema from '../../../src/lib/server/db/schema.pg.ts';
import { closePg, openPg } from '../../../src/lib/server/db/postgres.ts';
import {
	freshDatabase,
	PG_MIGRATION_COUNT,
	PG_MIGRATIONS,
	PG_URL,
	pgSuite
} from '../../helpers/pg-test.ts';

/** Every table the PostgreSQL schema defines (not a fixed number: migrations add tables). */
const TABLES = Object.values(pgSchema)
	.filter((value) => is(value, PgTable))
	.map((table) => getTableName(table as PgTable))
	.sort();

describe.skipIf(!PG_URL)(pgSuite('instances migrating at once'), () => {
	it('two (and four) concurrent openPg on a fresh database both succeed; migrations applied once', async () => {
		for (const instances of [2, 4]) {
			const url = await freshDatabase(`concurrent${instances}`);
			const dbs = await Promise.all(
				Array.from({ length: instances }, () =>
					openPg(url, { migrationsPath: PG_MIGRATIONS, poolSize: 2 })
				)
			);
			try {
				const { rows } = await dbs[0].$client.query(
					'SELECT hash, count(*) AS n FROM drizzle.__drizzle_migrations GROUP BY hash'
				);
				expect(rows).toHaveLength(PG_MIGRATION_COUNT);
				expect(rows.every((r) => r.n === 1)).toBe(true);
				const tables = await dbs[instances - 1].$client.query<{ name: string }>(
					"SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
				);
				expect(tables.rows.map((r) => r.name).sort()).toEqual(TABLES);
				expect(TABLES.length).toBeGreaterThanOrEqual(19);
			} finally {
				await Promise.all(dbs.map(closePg));
			}
		}
	});
});
