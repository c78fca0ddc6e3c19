/**
 * Keeps a pair's escalation and final labels in step with its juniors' judgments
 * (ARCHITECTURE §2 "Final label", §3 steps 4–5). Called after every junior submission.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
	consensusGrade,
	escalationState,
	type EscalationState,
	type JuniorVote
} from '../../domain/adjudication/escalation.ts';
import {
	storedRule,
	type AdjudicationScope,
	type Protocol
} from '../../domain/adjudication/protocol.ts';
import type { Db } from '../db/index.ts';
import { prepared } from '../db/prepared.ts';
import {
	assignments,
	dimensions,
	escalations,
	finalLabels,
	judgments,
	pairs,
	studies
} from '../db/schema.ts';
import { first } from '../db/index.ts';
import { factsOf } from './reasons.ts';

type Dimension = { id: number; key: string };

/** The votes of the juniors assigned to a pair (repeats excluded), labelled "Rater 1", "Rater 2"… */
export async function juniorVotes(
	db: Db,
	pairId: number,
	dims?: Dimension[],
	/** False when the study asks for no tags, harms or notes: it has no facts to read. */
	withFacts = true
): Promise<{ votes: JuniorVote[]; dimensionKeys: string[]; assignmentIds: number[] }> {
	dims ??= await dimensionsOfPair(db, pairId);
	const keyOf = new Map(dims.map((d) => [d.id, d.key]));
	// One query: the pair's original junior assignments with their rating judgments.
	const rows = await prepared(db, 'finalLabels.votes', (db) =>
		db
			.select({
				id: assignments.id,
				status: assignments.status,
				hard: assignments.hardToDecide,
				comment: assignments.comment,
				dimensionId: judgments.dimensionId,
				outcome: judgments.outcome,
				grade: judgments.grade
			})
			.from(assignments)
			.leftJoin(
				judgments,
				and(eq(judgments.assignmentId, assignments.id), eq(judgments.stage, 'rating'))
			)
			.where(
				and(
					eq(assignments.pairId, sql.placeholder('pair')),
					eq(assignments.role, 'junior'),
					eq(assignments.isRepeat, false),
					// Gold copies (training, hidden checks) never vote (issue #16 §3).
					eq(assignments.purpose, 'study')
				)
			)
			.orderBy(asc(assignments.id))
			.prepare()
	).execute({ pair: pairId });
	const votes = new Map<number, JuniorVote>();
	for (const row of rows) {
		let vote = votes.get(row.id);
		if (!vote)
			votes.set(
				row.id,
				(vote = {
					rater: `Rater ${votes.size + 1}`,
					submitted: row.status === 'submitted',
					hard: row.hard,
					comment: row.comment,
					outcomes: Object.create(null),
					grades: Object.create(null)
				})
			);
		if (row.dimensionId !== null && row.outcome !== null) {
			vote.outcomes[keyOf.get(row.dimensionId)!] = row.outcome;
			vote.grades![keyOf.get(row.dimensionId)!] = row.grade;
		}
	}
	// Tags, harms and per-dimension notes (issue #16 §2): one query, only when the pair has votes.
	const facts = withFacts ? await factsOf(db, [...votes.keys()]) : [];
	for (const fact of facts) {
		const vote = votes.get(fact.assignmentId)!;
		(vote.facts ??= []).push({
			kind: fact.kind,
			key: fact.key,
			side: fact.side,
			value: fact.value
		});
		if (fact.kind === 'dimension_hard' && dims.some((d) => d.key === fact.key))
			(vote.hardDimensions ??= []).push(fact.key);
	}
	return {
		votes: [...votes.values()],
		dimensionKeys: dims.map((d) => d.key),
		assignmentIds: [...votes.keys()]
	};
}

async function dimensionsOfPair(db: Db, pairId: number): Promise<Dimension[]> {
	return await db
		.select({ id: dimensions.id, key: dimensions.key })
		.from(dimensions)
		.innerJoin(pairs, eq(pairs.studyId, dimensions.studyId))
		.where(eq(pairs.id, pairId))
		.orderBy(asc(dimensions.position));
}

/** The escalation rule and adjudication scope of the study a pair belongs to. */
export async function pairProtocol(db: Db, pairId: number): Promise<Protocol> {
	const row = first(
		await prepared(db, 'finalLabels.protocol', (db) =>
			db
				.select({
					escalate: studies.escalate,
					n: studies.escalateMinDimensions,
					adjudicate: studies.adjudicate
				})
				.from(pairs)
				.innerJoin(studies, eq(studies.id, pairs.studyId))
				.where(eq(pairs.id, sql.placeholder('pair')))
				.prepare()
		).execute({ pair: pairId })
	)!;
	return {
		escalate: storedRule(row.escalate, row.n),
		adjudicate: row.adjudicate as AdjudicationScope
	};
}

/**
 * What a caller may already know about the pair, read in its own transaction (a submission reads
 * them with its assignment, issue #18), so that reconcile does not read them again.
 */
export type KnownPair = {
	/** The study's dimensions. */
	dims?: Dimension[];
	/** The pair's escalation (null: it has none), read after the pair was locked (lockPair). */
	escalation?: { decidedAt: number | null; withdrawnAt: number | null } | null;
	/** The study's escalation rule. */
	escalate?: Protocol['escalate'];
	/** False when the study asks for no tags, harms or notes (reasons.ts hasReasons). */
	withFacts?: boolean;
	/** Another of the pair's voting juniors has not submitted: incomplete, no votes to read. */
	othersOpen?: boolean;
};

/**
 * The pair's state from its juniors' votes; incomplete without reading them when the caller
 * knows that another of them has yet to submit.
 */
async function pairState(
	db: Db,
	pairId: number,
	dims: Dimension[],
	known: KnownPair
): Promise<{ result: EscalationState; votes: JuniorVote[] }> {
	if (known.othersOpen) return { result: { state: 'incomplete' }, votes: [] };
	const { votes, dimensionKeys } = await juniorVotes(db, pairId, dims, known.withFacts);
	const escalate = known.escalate ?? (await pairProtocol(db, pairId)).escalate;
	return { result: escalationState(votes, dimensionKeys, escalate), votes };
}

/**
 * Re-checks a pair after a junior's submission or change. Before a senior has decided, the pair
 * joins or leaves the senior queue as its disagreement appears or goes; after, the senior's
 * decision stands (the junior's change is only recorded in the judgment history).
 */
export async function reconcile(
	db: Db,
	pairId: number,
	known: KnownPair = {}
): Promise<'incomplete' | 'consensus' | 'escalated' | 'decided'> {
	const existing =
		known.escalation !== undefined
			? known.escalation
			: first(
					await prepared(db, 'finalLabels.escalation', (db) =>
						db
							.select()
							.from(escalations)
							.where(eq(escalations.pairId, sql.placeholder('pair')))
							.prepare()
					).execute({ pair: pairId })
				);
	if (existing?.decidedAt) return 'decided';
	const dims = known.dims ?? (await dimensionsOfPair(db, pairId));
	const { result, votes } = await pairState(db, pairId, dims, known);
	const dimensionId = new Map(dims.map((d) => [d.key, d.id]));
	const now = Date.now();
	const withdraw = async () =>
		await db.update(escalations).set({ withdrawnAt: now }).where(eq(escalations.pairId, pairId));

	// Runs on every first submission of a pair (issue #18): prepared once per connection.
	const clearLabels = () =>
		prepared(db, 'finalLabels.clear', (db) =>
			db
				.delete(finalLabels)
				.where(eq(finalLabels.pairId, sql.placeholder('pairId')))
				.prepare()
		).execute({ pairId });
	if (result.state === 'incomplete') {
		if (existing) await withdraw();
		await clearLabels();
		return 'incomplete';
	}
	if (result.state === 'consensus') {
		if (existing && existing.withdrawnAt === null) await withdraw();
		const upsert = prepared(db, 'finalLabels.consensus', (db) =>
			db
				.insert(finalLabels)
				.values({
					pairId: sql.placeholder('pairId'),
					dimensionId: sql.placeholder('dimensionId'),
					outcome: sql.placeholder('outcome'),
					grade: sql.placeholder('grade'),
					source: 'consensus',
					decidedAt: sql.placeholder('now')
				})
				.onConflictDoUpdate({
					target: [finalLabels.pairId, finalLabels.dimensionId],
					set: {
						outcome: sql`excluded.outcome`,
						grade: sql`excluded.grade`,
						source: 'consensus',
						decidedAt: sql`excluded.decided_at`
					}
				})
				.prepare()
		);
		for (const [key, outcome] of Object.entries(result.outcomes))
			await upsert.execute({
				pairId,
				dimensionId: dimensionId.get(key)!,
				outcome,
				grade: consensusGrade(votes.map((v) => v.grades?.[key])),
				now
			});
		// Dimensions the juniors differ on in a pair the rule does not escalate: no final label.
		if (result.unresolved.length)
			await db.delete(finalLabels).where(
				and(
					eq(finalLabels.pairId, pairId),
					inArray(
						finalLabels.dimensionId,
						result.unresolved.map((key) => dimensionId.get(key)!)
					)
				)
			);
		return 'consensus';
	}
	await clearLabels();
	const reasons = JSON.stringify(result.reasons);
	await db
		.insert(escalations)
		.values({ pairId, reasons })
		.onConflictDoUpdate({ target: escalations.pairId, set: { reasons, withdrawnAt: null } });
	return 'escalated';
}
