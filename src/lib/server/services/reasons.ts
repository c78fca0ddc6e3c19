/**
 * Reasons and harms (issue #16 §2): the study's options, and one assignment's stored facts
 * (`rating_reasons`) with every change appended to `reason_history`, like writeJudgments does
 * for outcomes. Sides are canonical (domain/reasons/reasons.ts); drafts never come here.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
	factId,
	storedReasonOptions,
	type Fact,
	type ReasonOptions
} from '../../domain/reasons/reasons.ts';
import type { Db } from '../db/index.ts';
import { immutable, prepared } from '../db/prepared.ts';
import { assignments, pairs, ratingReasons, reasonHistory, studies } from '../db/schema.ts';
import { first } from '../db/index.ts';

type Stage = 'rating' | 'independent' | 'final';

/** The study's reason options; written with the study and never changed, so read once. */
export async function studyReasonOptions(
	db: Db,
	studyId: number,
	committed = false
): Promise<ReasonOptions> {
	return await immutable(
		db,
		`study.reasons:${studyId}`,
		async () => {
			const row = first(
				await prepared(db, 'study.reasonOptions', (db) =>
					db
						.select({
							perDimensionNotes: studies.perDimensionNotes,
							harm: studies.harm,
							issueTags: studies.issueTags
						})
						.from(studies)
						.where(eq(studies.id, sql.placeholder('study')))
						.prepare()
				).execute({ study: studyId })
			);
			return row
				? storedReasonOptions(row)
				: { perDimensionNotes: false, harm: false, issueTags: [] };
		},
		committed
	);
}

/** A stored fact with the assignment it belongs to, as every read of them selects it. */
const factColumns = {
	assignmentId: ratingReasons.assignmentId,
	kind: ratingReasons.kind,
	key: ratingReasons.key,
	side: ratingReasons.side,
	value: ratingReasons.value
};
type StoredFact = Fact & { assignmentId: number };

/** The current facts of some assignments at one stage. */
export async function factsOf(
	db: Db,
	assignmentIds: number[],
	stage: Stage = 'rating'
): Promise<StoredFact[]> {
	if (assignmentIds.length === 0) return [];
	return (await db
		.select(factColumns)
		.from(ratingReasons)
		.where(
			and(inArray(ratingReasons.assignmentId, assignmentIds), eq(ratingReasons.stage, stage))
		)) as StoredFact[];
}

/**
 * Every junior-stage fact of a study (the report, its export and the pair browser), by
 * assignment, then kind and key.
 */
export async function studyFacts(db: Db, studyId: number): Promise<StoredFact[]> {
	return (await db
		.select(factColumns)
		.from(ratingReasons)
		.innerJoin(assignments, eq(assignments.id, ratingReasons.assignmentId))
		.innerJoin(pairs, eq(pairs.id, assignments.pairId))
		.where(and(eq(pairs.studyId, studyId), eq(ratingReasons.stage, 'rating')))
		.orderBy(
			asc(ratingReasons.assignmentId),
			asc(ratingReasons.kind),
			asc(ratingReasons.key)
		)) as StoredFact[];
}

/**
 * Makes an assignment's stored facts of one stage equal `facts`: new ones inserted, changed ones
 * updated, dropped ones deleted, and each change appended to the history (`''` as the new value
 * of a dropped fact). True when anything changed; an identical resubmission writes nothing.
 */
export async function writeReasons(
	db: Db,
	input: { assignmentId: number; stage: Stage; userId: number; now: number; facts: Fact[] }
): Promise<boolean> {
	const { assignmentId, stage, userId, now } = input;
	const before = new Map(
		(await factsOf(db, [assignmentId], stage)).map((fact) => [factId(fact), fact])
	);
	const after = new Map(input.facts.map((fact) => [factId(fact), fact]));
	const history: (typeof reasonHistory.$inferInsert)[] = [];
	const entry = (fact: Fact, oldValue: string | null, newValue: string) =>
		history.push({
			assignmentId,
			stage,
			kind: fact.kind,
			key: fact.key,
			side: fact.side,
			changedBy: userId,
			changedAt: now,
			oldValue,
			newValue
		});
	const where = (fact: Fact) =>
		and(
			eq(ratingReasons.assignmentId, assignmentId),
			eq(ratingReasons.stage, stage),
			eq(ratingReasons.kind, fact.kind),
			eq(ratingReasons.key, fact.key),
			eq(ratingReasons.side, fact.side)
		);
	for (const [id, fact] of before)
		if (!after.has(id)) {
			await db.delete(ratingReasons).where(where(fact));
			entry(fact, fact.value, '');
		}
	const fresh: (typeof ratingReasons.$inferInsert)[] = [];
	for (const [id, fact] of after) {
		const old = before.get(id);
		if (old?.value === fact.value) continue;
		if (old)
			await db.update(ratingReasons).set({ value: fact.value, updatedAt: now }).where(where(fact));
		else fresh.push({ assignmentId, stage, ...fact, updatedAt: now });
		entry(fact, old?.value ?? null, fact.value);
	}
	if (fresh.length) await db.insert(ratingReasons).values(fresh);
	if (history.length) await db.insert(reasonHistory).values(history);
	return history.length > 0;
}
