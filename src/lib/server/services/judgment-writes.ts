/**
 * Writes one rater's judgments of one stage (junior rating, senior independent or final) for
 * every dimension: new ones in one insert, changed ones updated, and every change appended to
 * the judgment history in one insert. An identical resubmission writes nothing.
 */
import { and, eq, sql } from 'drizzle-orm';
import { toOutcome, type Choice } from '../../domain/blinding/choice.ts';
import type { Db } from '../db/index.ts';
import { prepared } from '../db/prepared.ts';
import { judgmentHistory, judgments } from '../db/schema.ts';

type Stage = 'rating' | 'independent' | 'final';

export function writeJudgments(
	db: Db,
	input: {
		assignmentId: number;
		modelOnLeft: boolean;
		stage: Stage;
		userId: number;
		choices: Record<string, Choice | string>;
		dimensions: { id: number; key: string }[];
		now: number;
	}
): boolean {
	const { assignmentId, stage, now } = input;
	const existing = new Map(
		prepared(db, 'judgments.ofStage', (db) =>
			db
				.select({
					id: judgments.id,
					dimensionId: judgments.dimensionId,
					outcome: judgments.outcome
				})
				.from(judgments)
				.where(
					and(
						eq(judgments.assignmentId, sql.placeholder('assignment')),
						eq(judgments.stage, sql.placeholder('stage'))
					)
				)
				.prepare()
		)
			.all({ assignment: assignmentId, stage })
			.map((j) => [j.dimensionId, j])
	);
	const history: (typeof judgmentHistory.$inferInsert)[] = [];
	const fresh: (typeof judgments.$inferInsert)[] = [];
	for (const dim of input.dimensions) {
		const outcome = toOutcome(input.choices[dim.key] as Choice, input.modelOnLeft);
		const before = existing.get(dim.id);
		if (before?.outcome === outcome) continue;
		if (before) {
			db.update(judgments)
				.set({ outcome, updatedAt: now })
				.where(eq(judgments.id, before.id))
				.run();
			history.push({
				judgmentId: before.id,
				assignmentId,
				dimensionId: dim.id,
				stage,
				changedBy: input.userId,
				changedAt: now,
				oldOutcome: before.outcome,
				newOutcome: outcome
			});
		} else
			fresh.push({
				assignmentId,
				dimensionId: dim.id,
				stage,
				outcome,
				createdAt: now,
				updatedAt: now
			});
	}
	// One prepared statement per row beats building a multi-row insert on every submission.
	const insertJudgment = prepared(db, 'judgments.insert', (db) =>
		db
			.insert(judgments)
			.values({
				assignmentId: sql.placeholder('assignmentId'),
				dimensionId: sql.placeholder('dimensionId'),
				stage: sql.placeholder('stage'),
				outcome: sql.placeholder('outcome'),
				createdAt: sql.placeholder('createdAt'),
				updatedAt: sql.placeholder('updatedAt')
			})
			.returning({ id: judgments.id })
			.prepare()
	);
	for (const row of fresh) {
		const { id } = insertJudgment.get(row as Record<string, unknown>)!;
		history.push({
			judgmentId: id,
			assignmentId,
			dimensionId: row.dimensionId,
			stage,
			changedBy: input.userId,
			changedAt: now,
			oldOutcome: null,
			newOutcome: row.outcome
		});
	}
	const insertHistory = prepared(db, 'judgmentHistory.insert', (db) =>
		db
			.insert(judgmentHistory)
			.values({
				judgmentId: sql.placeholder('judgmentId'),
				assignmentId: sql.placeholder('assignmentId'),
				dimensionId: sql.placeholder('dimensionId'),
				stage: sql.placeholder('stage'),
				changedBy: sql.placeholder('changedBy'),
				changedAt: sql.placeholder('changedAt'),
				oldOutcome: sql.placeholder('oldOutcome'),
				newOutcome: sql.placeholder('newOutcome')
			})
			.prepare()
	);
	for (const entry of history)
		insertHistory.run({ ...entry, oldOutcome: entry.oldOutcome ?? null } as Record<
			string,
			unknown
		>);
	return history.length > 0;
}
