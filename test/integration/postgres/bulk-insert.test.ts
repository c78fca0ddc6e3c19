/**
 * insertRows on PostgreSQL (db/bulk-insert.ts): multi-row INSERT … VALUES … RETURNING id gives
 * the ids in VALUES order, also across batches and while another connection inserts into the
 * same table; the services' tables are PostgreSQL's once a PostgreSQL database is open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows } from '../../../src/lib/server/db/bulk-insert.ts';
import { dialect } from '../../../src/lib/server/db/dialect.ts';
import { closeDatabase, type AppDb } from '../../../src/lib/server/db/index.ts';
import { openPgDb } from '../../../src/lib/server/db/postgres.ts';
import * as pgSchema from '../../../src/lib/server/db/schema.pg.ts';
import * as schema from '../../../src/lib/server/db/schema.ts';
import { freshDatabase, PG_MIGRATIONS, PG_URL, pgSuite } from '../../helpers/pg-test.ts';

describe.skipIf(!PG_URL)(pgSuite('bulk inserts and the tables of the dialect'), () => {
	let db: AppDb;

	beforeAll(async () => {
		db = await openPgDb(await freshDatabase('bulk'), { migrationsPath: PG_MIGRATIONS });
	});
	afterAll(() => closeDatabase(db));

	it('hands services the PostgreSQL tables', () => {
		expect(dialect()).toBe('pg');
		expect(schema.assignments).toBe(pgSchema.assignments as unknown);
		expect(schema.users).toBe(pgSchema.users as unknown);
	});

	it('returns the ids in row order, across batches and beside concurrent inserts', async () => {
		// 3 columns: 21,845 rows per statement, so 50,000 rows take three statements.
		const names = Array.from({ length: 50_000 }, (_, i) => `user${String(i).padStart(5, '0')}`);
		const rows = names.map((name, i) => [name, i % 2 === 0 ? 'junior' : 'senior', 'x']);
		const [ids] = await Promise.all([
			db.transaction((tx) => insertRows(tx, 'users', ['username', 'role', 'password_hash'], rows)),
			// Another connection takes identity values meanwhile.
			db.transaction(async (tx) => {
				for (let i = 0; i < 20; i++)
					await insertRows(
						tx,
						'users',
						['username', 'role', 'password_hash'],
						[[`other${i}`, 'junior', 'x']]
					);
			})
		]);
		expect(ids).toHaveLength(names.length);
		const stored = new Map(
			(
				await db.select({ id: schema.users.id, username: schema.users.username }).from(schema.users)
			).map((u) => [u.id, u.username])
		);
		expect(ids.map((id) => stored.get(id))).toEqual(names);
	});
});
