/** A fresh PostgreSQL database gets medpair's schema from migrations/pg, once. */
import { getTableName, is, Table } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePg, openPg, type PgAppDb } from '../../../src/lib/server/db/postgres.ts';
import * as pgSchema from '../../../src/lib/server/db/schema.pg.ts';
import {
	freshDatabase,
	PG_MIGRATION_COUNT,
	PG_MIGRATIONS,
	PG_URL,
	pgSuite
} from '../../helpers/pg-test.ts';

describe.skipIf(!PG_URL)(pgSuite('migrating a fresh database'), () => {
	let url: string;
	let db: PgAppDb;

	beforeAll(async () => {
		url = await freshDatabase('migrate');
		const started = performance.now();
		db = await openPg(url, { migrationsPath: PG_MIGRATIONS });
		console.log(
			`migrations applied to a fresh database in ${Math.round(performance.now() - started)} ms`
		);
	});
	afterAll(() => closePg(db));

	it('creates every table of schema.pg.ts', async () => {
		const { rows } = await db.$client.query<{ table_name: string }>(
			"SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
		);
		const expected = Object.values(pgSchema)
			.filter((v) => is(v, Table))
			.map((t) => getTableName(t as Table));
		expect(rows.map((r) => r.table_name).sort()).toEqual(expected.sort());
	});

	it('creates the partial open-queue index', async () => {
		const { rows } = await db.$client.query<{ indexdef: string }>(
			"SELECT indexdef FROM pg_indexes WHERE indexname = 'assignments_open_queue_idx'"
		);
		expect(rows[0].indexdef).toMatch(
			/\(user_id, "position"\) WHERE \(status <> 'submitted'::text\)$/
		);
	});

	it('records each migration once, and applies nothing when opened again', async () => {
		const count = async () =>
			(await db.$client.query('SELECT count(*) AS n FROM drizzle.__drizzle_migrations')).rows[0].n;
		expect(await count()).toBe(PG_MIGRATION_COUNT);
		await closePg(await openPg(url, { migrationsPath: PG_MIGRATIONS }));
		expect(await count()).toBe(PG_MIGRATION_COUNT);
	});

	it('numbers rows from 1, keeps given ids, and stamps Unix milliseconds', async () => {
		const before = Date.now();
		const [first] = await db
			.insert(pgSchema.users)
			.values({ username: 'ada', role: 'researcher', passwordHash: 'x' })
			.returning();
		const [kept] = await db
			.insert(pgSchema.users)
			.values({ id: 41, username: 'grace', role: 'junior', passwordHash: 'x' })
			.returning();
		expect(first.id).toBe(1);
		expect(kept.id).toBe(41);
		expect(typeof first.createdAt).toBe('number');
		expect(first.createdAt).toBeGreaterThanOrEqual(before - 1000);
		expect(first.createdAt).toBeLessThanOrEqual(Date.now() + 1000);
	});

	it('refuses an escalation without its pair id instead of inventing one', async () => {
		await expect(db.insert(pgSchema.escalations).values({ reasons: '{}' })).rejects.toThrow(
			/escalations.pair_id has no default/
		);
	});
});
