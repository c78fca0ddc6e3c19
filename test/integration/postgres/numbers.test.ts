/**
 * int8 and numeric come back as JS numbers from medpair's pools (count(*), sum(), bigint
 * timestamps), through drizzle and raw queries alike, without changing pg's global parsers.
 */
import { count, sql, sum } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePg, openPg, type PgAppDb } from '../../../src/lib/server/db/postgres.ts';
import { loginFailures } from '../../../src/lib/server/db/schema.pg.ts';
import { freshDatabase, PG_MIGRATIONS, PG_URL, pgSuite } from '../../helpers/pg-test.ts';

describe.skipIf(!PG_URL)(pgSuite('int8 and numeric as numbers'), () => {
	let url: string;
	let db: PgAppDb;
	const stamps = [1_790_000_000_123, 1_790_000_000_456, 1_790_000_001_000];

	beforeAll(async () => {
		url = await freshDatabase('numbers');
		db = await openPg(url, { migrationsPath: PG_MIGRATIONS });
		await db
			.insert(loginFailures)
			.values(stamps.map((attemptedAt) => ({ username: 'ada', attemptedAt })));
	});
	afterAll(() => closePg(db));

	it('reads bigint timestamps as numbers', async () => {
		const rows = await db.select({ at: loginFailures.attemptedAt }).from(loginFailures);
		expect(rows.map((r) => r.at)).toEqual(stamps);
	});

	it('reads count(*) and sum() written as raw SQL in drizzle as numbers', async () => {
		const [row] = await db
			.select({
				n: sql<number>`count(*)`,
				total: sql<number>`sum(${loginFailures.attemptedAt})`, // sum(bigint) is numeric
				ids: sql<number>`sum(${loginFailures.id})`, // sum(integer) is int8
				mean: sql<number>`avg(${loginFailures.id})`
			})
			.from(loginFailures);
		expect(row).toEqual({ n: 3, total: stamps[0] + stamps[1] + stamps[2], ids: 6, mean: 2 });
	});

	it("reads drizzle's count() as a number; its sum() is a string here as in SQLite", async () => {
		const [row] = await db.select({ n: count(), ids: sum(loginFailures.id) }).from(loginFailures);
		expect(row.n).toBe(3);
		// sum() maps its result with String on every dialect (its type says string | null).
		expect(row.ids).toBe('6');
	});

	it('reads numbers from db.execute and from pool.query, in and out of transactions', async () => {
		const executed = await db.execute<{ n: number; x: number }>(
			sql`SELECT count(*) AS n, 2.5::numeric AS x FROM login_failures`
		);
		expect(executed.rows[0]).toEqual({ n: 3, x: 2.5 });
		const raw = await db.$client.query(
			'SELECT count(*) AS n, sum(attempted_at) AS s FROM login_failures'
		);
		expect(raw.rows[0]).toEqual({ n: 3, s: stamps[0] + stamps[1] + stamps[2] });
		const inTx = await db.transaction(async (tx) => {
			const [row] = await tx.select({ n: sql<number>`count(*)` }).from(loginFailures);
			return row.n;
		});
		expect(inTx).toBe(3);
	});

	it('leaves pg’s global parsers alone', async () => {
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		try {
			const { rows } = await client.query('SELECT count(*) AS n FROM login_failures');
			expect(rows[0].n).toBe('3');
		} finally {
			await client.end();
		}
	});

	it('refuses an int8 beyond exact JS integers instead of rounding it', async () => {
		const error = await db.execute(sql`SELECT 9007199254740993::int8 AS big`).then(
			() => null,
			(e: Error) => e
		);
		expect((error?.cause as Error).message).toBe(
			"int8 value 9007199254740993 is beyond a JavaScript number's exact range"
		);
		const [row] = await db
			.select({ ok: sql<number>`9007199254740991::int8` })
			.from(loginFailures)
			.limit(1);
		expect(row.ok).toBe(Number.MAX_SAFE_INTEGER);
	});
});
