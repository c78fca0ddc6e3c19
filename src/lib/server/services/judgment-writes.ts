/**
 * Writes one rater's judgments of one stage (junior rating, senior independent or final) for
 * every dimension: new ones in one insert, changed ones updated, and every change appended to
 * the judgment history in one insert. An identical resubmission writes nothing. Changes to the
 * flag and comment go to the note history (writeNotes).
 */
import { and, eq, sql } from 'drizzle-orm';
import { storedGrade, toOutcome, type Choice, type Scale } from '../../domain/blinding/choice.ts';
import type { Db } from '../db/index.ts';
import { prepared } from '../db/prepared.ts';
import { judgmentHistory, judgments, noteHistory } from '../db/schema.ts';

type Stage = 'rating' | 'independent' | 'final';

/** An assignment's current judgments of one stage (one prepared statement per connection). */
export async function judgmentsOfStage(db: Db, assignmentId: number, stage: Stage) {
	return await prepared(db, 'judgments.ofStage', (db) =>
		db
			.select({
				id: judgments.id,
				dimensionId: judgments.dimensionId,
				outcome: judgments.outcome,
				grade: judgments.grade
			})
			.from(judgments)
			.where(
				and(
					eq(judgments.assignmentId, sql.placeholder('assignment')),
					eq(judgments.stage, sql.placeholder('stage'))
				)
			)
			.prepare()
	).execute({ assignment: assignmentId, stage });
}

export async function writeJudgments(
	db: Db,
	input: {
		assignmentId: number;
		modelOnLeft: boolean;
		/** The study's scale: on 5 the grade is stored beside the collapsed outcome. */
		scale?: Scale;
		stage: Stage;
		userId: number;
		choices: Record<string, Choice | string>;
		dimensions: { id: number; key: string }[];
		now: number;
	}
): Promise<boolean> {
	const { assignmentId, stage, now } = input;
	const existing = new Map(
		(await judgmentsOfStage(db, assignmentId, stage)).map((j) => [j.dimensionId, j])
	);
	const history: (typeof judgmentHistory.$inferInsert)[] = [];
	const fresh: (typeof judgments.$inferInsert)[] = [];
	for (const dim of input.dimensions) {
		const choice = input.choices[dim.key] as Choice;
		const outcome = toOutcome(choice, input.modelOnLeft);
		const grade = storedGrade(choice, input.modelOnLeft, input.scale ?? 3);
		const before = existing.get(dim.id);
		if (before?.outcome === outcome && before.grade === grade) continue;
		if (before) {
			await db
				.update(judgments)
				.set({ outcome, grade, updatedAt: now })
				.where(eq(judgments.id, before.id));
			history.push({
				judgmentId: before.id,
				assignmentId,
				dimensionId: dim.id,
				stage,
				changedBy: input.userId,
				changedAt: now,
				oldOutcome: before.outcome,
				newOutcome: outcome,
				oldGrade: before.grade,
				newGrade: grade
			});
		} else
			fresh.push({
				assignmentId,
				dimensionId: dim.id,
				stage,
				outcome,
				grade,
				createdAt: now,
				updatedAt: now
			});
	}
	// One statement for all new judgments and one for the history (prepared once per number of
	// rows): a submission's cost is mostly per statement (issue #18).
	if (fresh.length) {
		const inserted = await prepared(db, `judgments.insert.${fresh.length}`, (db) =>
			db
				.insert(judgments)
				.values(
					fresh.map((_, i) => ({
						assignmentId: sql.placeholder(`assignmentId${i}`),
						dimensionId: sql.placeholder(`dimensionId${i}`),
						stage: sql.placeholder(`stage${i}`),
						outcome: sql.placeholder(`outcome${i}`),
						grade: sql.placeholder(`grade${i}`),
						createdAt: sql.placeholder(`createdAt${i}`),
						updatedAt: sql.placeholder(`updatedAt${i}`)
					}))
				)
				.returning({ id: judgments.id, dimensionId: judgments.dimensionId })
				.prepare()
		).execute(numbered(fresh));
		// By dimension (one judgment per dimension and stage): RETURNING's order is not promised.
		const idOf = new Map(inserted.map((row) => [row.dimensionId, row.id]));
		for (const row of fresh)
			history.push({
				judgmentId: idOf.get(row.dimensionId)!,
				assignmentId,
				dimensionId: row.dimensionId,
				stage,
				changedBy: input.userId,
				changedAt: now,
				oldOutcome: null,
				newOutcome: row.outcome,
				oldGrade: null,
				newGrade: row.grade ?? null
			});
	}
	if (history.length)
		await prepared(db, `judgmentHistory.insert.${history.length}`, (db) =>
			db
				.insert(judgmentHistory)
				.values(
					history.map((_, i) => ({
						judgmentId: sql.placeholder(`judgmentId${i}`),
						assignmentId: sql.placeholder(`assignmentId${i}`),
						dimensionId: sql.placeholder(`dimensionId${i}`),
						stage: sql.placeholder(`stage${i}`),
						changedBy: sql.placeholder(`changedBy${i}`),
						changedAt: sql.placeholder(`changedAt${i}`),
						oldOutcome: sql.placeholder(`oldOutcome${i}`),
						newOutcome: sql.placeholder(`newOutcome${i}`),
						oldGrade: sql.placeholder(`oldGrade${i}`),
						newGrade: sql.placeholder(`newGrade${i}`)
					}))
				)
				.prepare()
		).execute(
			numbered(
				history.map((entry) => ({
					...entry,
					oldOutcome: entry.oldOutcome ?? null,
					oldGrade: entry.oldGrade ?? null,
					newGrade: entry.newGrade ?? null
				}))
			)
		);
	return history.length > 0;
}

/** Rows as one set of placeholder values: `{ a0, b0, a1, b1, … }`. */
function numbered(rows: readonly object[]): Record<string, unknown> {
	const values: Record<string, unknown> = {};
	rows.forEach((row, i) => {
		for (const [key, value] of Object.entries(row)) values[`${key}${i}`] = value;
	});
	return values;
}

type Notes = { hard?: boolean; comment: string };

/**
 * Appends changes of an assignment's "Hard to decide" flag and comment to `note_history`, like
 * the judgment history does for choices: on a stage's first submission (`before` null) the
 * values given, when they are not the defaults (unticked, empty); afterwards every change, with
 * the old and new value. The flag is stored as '0' / '1'. Drafts never come here.
 */
export async function writeNotes(
	db: Db,
	input: {
		assignmentId: number;
		stage: Stage;
		userId: number;
		now: number;
		before: Notes | null;
		after: Notes;
	}
): Promise<boolean> {
	const { before, after } = input;
	const flag = (hard: boolean | undefined) => (hard === undefined ? undefined : hard ? '1' : '0');
	const entries: {
		field: 'hard_to_decide' | 'comment';
		oldValue: string | null;
		newValue: string;
	}[] = [];
	const newHard = flag(after.hard);
	if (newHard !== undefined) {
		const oldHard = before ? (flag(before.hard) ?? null) : null;
		if (oldHard === null ? newHard === '1' : oldHard !== newHard)
			entries.push({ field: 'hard_to_decide', oldValue: oldHard, newValue: newHard });
	}
	const oldComment = before ? before.comment : null;
	if (oldComment === null ? after.comment !== '' : oldComment !== after.comment)
		entries.push({ field: 'comment', oldValue: oldComment, newValue: after.comment });
	if (entries.length === 0) return false;
	const insert = prepared(db, 'noteHistory.insert', (db) =>
		db
			.insert(noteHistory)
			.values({
				assignmentId: sql.placeholder('assignmentId'),
				stage: sql.placeholder('stage'),
				field: sql.placeholder('field'),
				changedBy: sql.placeholder('changedBy'),
				changedAt: sql.placeholder('changedAt'),
				oldValue: sql.placeholder('oldValue'),
				newValue: sql.placeholder('newValue')
			})
			.prepare()
	);
	for (const entry of entries)
		await insert.execute({
			assignmentId: input.assignmentId,
			stage: input.stage,
			changedBy: input.userId,
			changedAt: input.now,
			...entry
		});
	return true;
}
