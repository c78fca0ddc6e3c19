/** judgment_history, note_history, reason_history and audit_log refuse UPDATE, DELETE and TRUNCATE, as in SQLite. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePg, openPg, type PgAppDb } from '../../../src/lib/server/db/postgres.ts';
import {
	auditLog,
	judgmentHistory,
	noteHistory,
	reasonHistory
} from '../../../src/lib/server/db/schema.pg.ts';
import { freshDatabase, PG_MIGRATIONS, PG_URL, pgSuite } from '../../helpers/pg-test.ts';

const TABLES = ['judgment_history', 'note_history', 'reason_history', 'audit_log'] as const;

describe.skipIf(!PG_URL)(pgSuite('append-only tables'), () => {
	let db: PgAppDb;

	beforeAll(async () => {
		db = await openPg(await freshDatabase('append_only'), { migrationsPath: PG_MIGRATIONS });
		await db.insert(judgmentHistory).values({
			judgmentId: 1,
			assignmentId: 1,
			dimensionId: 1,
			stage: 'rating',
			changedBy: 1,
			newOutcome: 'win'
		});
		await db.insert(noteHistory).values({
			assignmentId: 1,
			stage: 'rating',
			field: 'comment',
			changedBy: 1,
			newValue: 'first'
		});
		await db.insert(reasonHistory).values({
			assignmentId: 1,
			stage: 'rating',
			kind: 'tag',
			key: 'unsafe-advice',
			side: 'model',
			changedBy: 1,
			newValue: '1'
		});
		await db.insert(auditLog).values({ action: 'study.import' });
	});
	afterAll(() => closePg(db));

	const UPDATES: Record<(typeof TABLES)[number], string> = {
		judgment_history: "UPDATE judgment_history SET new_outcome = 'loss'",
		note_history: "UPDATE note_history SET new_value = 'changed'",
		reason_history: "UPDATE reason_history SET new_value = 'changed'",
		audit_log: "UPDATE audit_log SET action = 'changed'"
	};

	it.each(TABLES)('%s refuses UPDATE with SQLite’s message', async (table) => {
		await expect(db.$client.query(UPDATES[table])).rejects.toThrow(`${table} is append-only`);
	});

	it.each(TABLES)('%s refuses DELETE with SQLite’s message', async (table) => {
		await expect(db.$client.query(`DELETE FROM ${table}`)).rejects.toThrow(
			`${table} is append-only`
		);
	});

	it.each(TABLES)('%s refuses TRUNCATE', async (table) => {
		await expect(db.$client.query(`TRUNCATE ${table}`)).rejects.toThrow(`${table} is append-only`);
	});

	it('refuses through drizzle too, with a restrict_violation code, and keeps every row', async () => {
		const error = await db
			.update(judgmentHistory)
			.set({ newOutcome: 'loss' })
			.then(
				() => null,
				(e: unknown) => e as { cause?: { code?: string } }
			);
		expect(error?.cause?.code).toBe('23001');
		await db.insert(judgmentHistory).values({
			judgmentId: 1,
			assignmentId: 1,
			dimensionId: 1,
			stage: 'rating',
			changedBy: 1,
			oldOutcome: 'win',
			newOutcome: 'tie'
		});
		const counts = await db.execute<{ history: number; notes: number; audit: number }>(sql`
			SELECT (SELECT count(*) FROM judgment_history) AS history,
			       (SELECT count(*) FROM note_history) AS notes,
			       (SELECT count(*) FROM audit_log) AS audit`);
		expect(counts.rows[0]).toEqual({ history: 2, notes: 1, audit: 1 });
	});
});
