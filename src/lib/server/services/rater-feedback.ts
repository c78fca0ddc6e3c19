/**
 * The final label as feedback to juniors (#12 item 10), for studies whose file sets
 * `show_final_to_raters`. Only pairs a senior has decided: their label is final, and it tells a
 * junior nothing about another junior (a consensus label would say "the other rater agreed").
 * Labels are turned into the junior's own placement ("A better" means their A), so nothing
 * says which model is which.
 */
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { toChoice, type Choice } from '../../domain/blinding/choice.ts';
import type { Db } from '../db/index.ts';
import { prepared } from '../db/prepared.ts';
import { assignments, dimensions, escalations, finalLabels, pairs, studies } from '../db/schema.ts';

/** Per opaque assignment id, the final choice per dimension key, in that assignment's A/B. */
export type FinalChoices = Map<string, Record<string, Choice>>;

function query(db: Db, by: 'assignment' | 'user') {
	return db
		.select({
			id: assignments.publicId,
			left: assignments.modelOnLeft,
			key: dimensions.key,
			outcome: finalLabels.outcome,
			grade: finalLabels.grade
		})
		.from(assignments)
		.innerJoin(pairs, eq(pairs.id, assignments.pairId))
		.innerJoin(studies, eq(studies.id, pairs.studyId))
		.innerJoin(escalations, eq(escalations.pairId, pairs.id))
		.innerJoin(finalLabels, eq(finalLabels.pairId, pairs.id))
		.innerJoin(dimensions, eq(dimensions.id, finalLabels.dimensionId))
		.where(
			and(
				eq(by === 'assignment' ? assignments.id : assignments.userId, sql.placeholder('key')),
				eq(assignments.role, 'junior'),
				// A gold copy of an adjudicated pair is not the rater's decided pair (issue #16 §3).
				eq(assignments.purpose, 'study'),
				eq(assignments.status, 'submitted'),
				eq(studies.showFinalToRaters, true),
				isNotNull(escalations.decidedAt)
			)
		)
		.prepare();
}

function collect(
	rows: {
		id: string;
		left: boolean;
		key: string;
		outcome: 'win' | 'tie' | 'loss';
		grade: number | null;
	}[]
) {
	const found: FinalChoices = new Map();
	for (const row of rows) {
		const choices = found.get(row.id) ?? {};
		choices[row.key] = toChoice(row.outcome, row.left, row.grade);
		found.set(row.id, choices);
	}
	return found;
}

/** The final labels a junior may see on all their rated pairs. */
export async function forRater(db: Db, userId: number): Promise<FinalChoices> {
	return collect(
		await prepared(db, 'feedback.user', (db) => query(db, 'user')).execute({ key: userId })
	);
}

/** The final label of one junior assignment, when its study shows it and a senior decided it. */
export async function forAssignment(
	db: Db,
	assignmentId: number
): Promise<Record<string, Choice> | undefined> {
	const rows = await prepared(db, 'feedback.assignment', (db) => query(db, 'assignment')).execute({
		key: assignmentId
	});
	return collect(rows).values().next().value;
}
