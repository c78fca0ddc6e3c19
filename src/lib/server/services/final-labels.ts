/**
 * Keeps a pair's escalation and final labels in step with its juniors' judgments
 * (ARCHITECTURE §2 "Final label", §3 steps 4–5). Called after every junior submission.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { escalationState, type JuniorVote } from '../../domain/adjudication/escalation.ts';
import type { Db } from '../db/index.ts';
import {
	assignments,
	dimensions,
	escalations,
	finalLabels,
	judgments,
	pairs
} from '../db/schema.ts';

/** The votes of the juniors assigned to a pair (repeats excluded), labelled "Rater 1", "Rater 2"… */
export function juniorVotes(
	db: Db,
	pairId: number
): { votes: JuniorVote[]; dimensionKeys: string[]; assignmentIds: number[] } {
	const pair = db.select({ studyId: pairs.studyId }).from(pairs).where(eq(pairs.id, pairId)).get();
	if (!pair) return { votes: [], dimensionKeys: [], assignmentIds: [] };
	const dims = db
		.select({ id: dimensions.id, key: dimensions.key })
		.from(dimensions)
		.where(eq(dimensions.studyId, pair.studyId))
		.orderBy(asc(dimensions.position))
		.all();
	const keyOf = new Map(dims.map((d) => [d.id, d.key]));
	const rows = db
		.select()
		.from(assignments)
		.where(
			and(
				eq(assignments.pairId, pairId),
				eq(assignments.role, 'junior'),
				eq(assignments.isRepeat, false)
			)
		)
		.orderBy(asc(assignments.id))
		.all();
	const rated = rows.length
		? db
				.select()
				.from(judgments)
				.where(
					and(
						inArray(
							judgments.assignmentId,
							rows.map((r) => r.id)
						),
						eq(judgments.stage, 'rating')
					)
				)
				.all()
		: [];
	const votes = rows.map((row, i) => ({
		rater: `Rater ${i + 1}`,
		submitted: row.status === 'submitted',
		hard: row.hardToDecide,
		comment: row.comment,
		outcomes: Object.fromEntries(
			rated
				.filter((j) => j.assignmentId === row.id)
				.map((j) => [keyOf.get(j.dimensionId)!, j.outcome])
		)
	}));
	return { votes, dimensionKeys: dims.map((d) => d.key), assignmentIds: rows.map((r) => r.id) };
}

/**
 * Re-checks a pair after a junior's submission or change. Before a senior has decided, the pair
 * joins or leaves the senior queue as its disagreement appears or goes; after, the senior's
 * decision stands (the junior's change is only recorded in the judgment history).
 */
export function reconcile(
	db: Db,
	pairId: number
): 'incomplete' | 'consensus' | 'escalated' | 'decided' {
	const existing = db.select().from(escalations).where(eq(escalations.pairId, pairId)).get();
	if (existing?.decidedAt) return 'decided';

	const { votes, dimensionKeys } = juniorVotes(db, pairId);
	const result = escalationState(votes, dimensionKeys);
	const pair = db.select({ studyId: pairs.studyId }).from(pairs).where(eq(pairs.id, pairId)).get()!;
	const dimensionId = new Map(
		db
			.select({ id: dimensions.id, key: dimensions.key })
			.from(dimensions)
			.where(eq(dimensions.studyId, pair.studyId))
			.all()
			.map((d) => [d.key, d.id])
	);

	if (result.state !== 'consensus')
		db.delete(finalLabels).where(eq(finalLabels.pairId, pairId)).run();

	if (result.state === 'incomplete') {
		if (existing)
			db.update(escalations)
				.set({ withdrawnAt: Date.now() })
				.where(eq(escalations.pairId, pairId))
				.run();
		return 'incomplete';
	}
	if (result.state === 'consensus') {
		if (existing && existing.withdrawnAt === null)
			db.update(escalations)
				.set({ withdrawnAt: Date.now() })
				.where(eq(escalations.pairId, pairId))
				.run();
		const now = Date.now();
		for (const [key, outcome] of Object.entries(result.outcomes))
			db.insert(finalLabels)
				.values({
					pairId,
					dimensionId: dimensionId.get(key)!,
					outcome,
					source: 'consensus',
					decidedAt: now
				})
				.onConflictDoUpdate({
					target: [finalLabels.pairId, finalLabels.dimensionId],
					set: { outcome, source: 'consensus', decidedAt: now }
				})
				.run();
		return 'consensus';
	}
	const reasons = JSON.stringify(result.reasons);
	if (existing)
		db.update(escalations)
			.set({ reasons, withdrawnAt: null })
			.where(eq(escalations.pairId, pairId))
			.run();
	else db.insert(escalations).values({ pairId, reasons }).run();
	return 'escalated';
}

/** Pairs of a study currently waiting for a senior. */
export function pendingEscalations(db: Db, studyId: number) {
	return db
		.select({
			pairId: escalations.pairId,
			priority: escalations.priority,
			createdAt: escalations.createdAt
		})
		.from(escalations)
		.innerJoin(pairs, eq(pairs.id, escalations.pairId))
		.where(
			and(
				eq(pairs.studyId, studyId),
				isNull(escalations.decidedAt),
				isNull(escalations.withdrawnAt)
			)
		)
		.all();
}
