/**
 * The judgments of a study streamed straight from SQLite, one row per rater × pair × dimension ×
 * stage with the pair's final label. Rows come from a better-sqlite3 iterator, so memory stays
 * flat for a million judgments. On a database file the iterator runs on its own read-only
 * connection: SQLite gives it one consistent snapshot (WAL), and the app's connection stays free
 * for writes while a slow download is paused (better-sqlite3 refuses writes on a connection
 * with an open iterator). On PostgreSQL the rows come from a cursor on a connection of their own,
 * in a REPEATABLE READ READ ONLY transaction (one snapshot), a page at a time.
 */
import Database from 'better-sqlite3';
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { JudgmentRecord } from '../../../domain/export/judgment-export-row.ts';
import { sqliteClient, type AppDb } from '../../db/index.ts';
import { pgClientFor } from '../../db/postgres.ts';
import {
	assignments,
	dimensions,
	finalLabels,
	judgments,
	models,
	pairs,
	prompts,
	studyMembers,
	users
} from '../../db/schema.ts';

function query(db: AppDb, studyId: number, names: boolean) {
	const opponent = alias(models, 'opponent');
	// Raw rows come back in this order (see toRecord).
	const fields = {
		study: pairs.studyId,
		prompt: prompts.key,
		model: models.key,
		opponent: opponent.key,
		dimension: dimensions.key,
		rater: names ? users.username : studyMembers.pseudonym,
		role: assignments.role,
		isRepeat: assignments.isRepeat,
		stage: judgments.stage,
		modelOnLeft: assignments.modelOnLeft,
		outcome: judgments.outcome,
		hard: assignments.hardToDecide,
		// Each stage's own comment: a senior's step-1 comment on the independent rows.
		comment: sql<string>`case ${judgments.stage} when 'independent' then coalesce(${assignments.independentComment}, '') else ${assignments.comment} end`,
		createdAt: judgments.createdAt,
		updatedAt: judgments.updatedAt,
		secondsSpent: assignments.secondsSpent,
		finalOutcome: finalLabels.outcome,
		finalSource: finalLabels.source,
		grade: judgments.grade,
		finalGrade: finalLabels.grade
	};
	const select = db
		.select(fields)
		.from(pairs)
		.innerJoin(prompts, eq(prompts.id, pairs.promptId))
		.innerJoin(models, eq(models.id, pairs.modelId))
		.innerJoin(opponent, eq(opponent.id, pairs.opponentId))
		.innerJoin(assignments, eq(assignments.pairId, pairs.id))
		.innerJoin(judgments, eq(judgments.assignmentId, assignments.id))
		.innerJoin(dimensions, eq(dimensions.id, judgments.dimensionId))
		.innerJoin(
			studyMembers,
			and(eq(studyMembers.studyId, pairs.studyId), eq(studyMembers.userId, assignments.userId))
		)
		.innerJoin(users, eq(users.id, assignments.userId))
		.leftJoin(
			finalLabels,
			and(eq(finalLabels.pairId, pairs.id), eq(finalLabels.dimensionId, judgments.dimensionId))
		)
		// Study work only; gold copies (training, hidden checks) are reported on the study page.
		.where(and(eq(pairs.studyId, studyId), eq(assignments.purpose, 'study')))
		// Pairs in study order first, so SQLite walks pairs_study_idx and sorts only within a pair.
		.orderBy(
			asc(pairs.position),
			asc(assignments.role),
			asc(studyMembers.pseudonym),
			asc(assignments.isRepeat),
			asc(dimensions.position),
			sql`case ${judgments.stage} when 'rating' then 0 when 'independent' then 1 else 2 end`
		);
	return select.toSQL();
}

/** A raw row (values in the order of `fields` above) as a record. */
function toRecord(v: unknown[]): JudgmentRecord {
	return {
		study: v[0] as number,
		prompt: v[1] as string,
		model: v[2] as string,
		opponent: v[3] as string,
		dimension: v[4] as string,
		rater: v[5] as string,
		role: v[6] as JudgmentRecord['role'],
		isRepeat: v[7] === 1 || v[7] === true,
		stage: v[8] as JudgmentRecord['stage'],
		modelOnLeft: v[9] === 1 || v[9] === true,
		outcome: v[10] as JudgmentRecord['outcome'],
		hard: v[11] === 1 || v[11] === true,
		comment: v[12] as string,
		createdAt: v[13] as number,
		updatedAt: v[14] as number,
		secondsSpent: v[15] as number,
		finalOutcome: v[16] as JudgmentRecord['finalOutcome'],
		finalSource: v[17] as JudgmentRecord['finalSource'],
		grade: (v[18] as number | null) ?? null,
		finalGrade: (v[19] as number | null) ?? null
	};
}

/** The study's judgment records, lazily; closes its connection when done or abandoned. */
export function judgmentRecords(
	db: AppDb,
	studyId: number,
	names: boolean
): Iterable<JudgmentRecord> | AsyncIterable<JudgmentRecord> {
	const main = sqliteClient(db);
	return main ? sqliteRecords(db, main, studyId, names) : pgRecords(db, studyId, names);
}

const PAGE = 2000;

async function* pgRecords(
	db: AppDb,
	studyId: number,
	names: boolean
): AsyncGenerator<JudgmentRecord, void, undefined> {
	const { sql: text, params } = query(db, studyId, names);
	const client = await pgClientFor(db);
	try {
		await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
		await client.query(`DECLARE judgment_records NO SCROLL CURSOR FOR ${text}`, params);
		for (;;) {
			const { rows } = await client.query<unknown[]>({
				text: `FETCH ${PAGE} FROM judgment_records`,
				rowMode: 'array'
			});
			for (const values of rows) yield toRecord(values);
			if (rows.length < PAGE) break;
		}
		await client.query('COMMIT');
	} finally {
		// Also when abandoned (a cancelled download) or failed: closing ends the transaction.
		await client.end().catch(() => undefined);
	}
}

function* sqliteRecords(
	db: AppDb,
	main: Database.Database,
	studyId: number,
	names: boolean
): Generator<JudgmentRecord, void, undefined> {
	const { sql: text, params } = query(db, studyId, names);
	const reader = main.memory
		? main
		: new Database(main.name, { readonly: true, fileMustExist: true });
	try {
		if (reader !== main) {
			reader.pragma('busy_timeout = 5000');
			// One pass in index order: a small page cache does, and keeps a big export's memory flat.
			reader.pragma('cache_size = -2000');
		}
		const statement = reader.prepare(text).raw(true);
		for (const values of statement.iterate(...params) as Iterable<unknown[]>)
			yield toRecord(values);
	} finally {
		if (reader !== main) reader.close();
	}
}
