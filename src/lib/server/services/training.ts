/**
 * The training phase (issue #16 §3): feedback after each training pair, the junior's agreement
 * with gold, the gate that opens real work at the study's minimum, and going round again.
 * Reads only the junior's N training copies (partial index assignments_training_idx).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { toChoice, type Choice, type Outcome } from '../../domain/blinding/choice.ts';
import { matchExpected } from '../../domain/calibration/match-expected.ts';
import type { Db } from '../db/index.ts';
import { first } from '../db/index.ts';
import { assignments, goldPairs, pairs, studies, studyMembers } from '../db/schema.ts';
import { givenOutcomes } from './gold.ts';

type GoldRow = { pairId: number; expected: Record<string, Outcome>; explanation: string };

async function goldOf(db: Db, pairId: number): Promise<GoldRow | undefined> {
	const row = first(await db.select().from(goldPairs).where(eq(goldPairs.pairId, pairId)).limit(1));
	return row
		? {
				pairId,
				expected: JSON.parse(row.expected) as Record<string, Outcome>,
				explanation: row.explanation
			}
		: undefined;
}

/** What a junior sees after submitting a training pair: the expected answer, in their A/B. */
export type TrainingFeedback = {
	expected: Record<string, Choice>;
	/** Per dimension with an expected answer: whether the junior's choice matched it. */
	matched: Record<string, boolean>;
	explanation: string;
};

/** The feedback for one submitted training assignment (bounded: one pair's dimensions). */
export async function trainingFeedback(
	db: Db,
	assignment: { id: number; pairId: number; modelOnLeft: boolean; studyId: number }
): Promise<TrainingFeedback | undefined> {
	const gold = await goldOf(db, assignment.pairId);
	if (!gold) return undefined;
	const given = await givenOutcomes(db, assignment.studyId, [assignment.id]);
	const { dimensions } = matchExpected(gold.expected, given.get(assignment.id) ?? {});
	return {
		expected: Object.fromEntries(
			Object.entries(gold.expected).map(([key, o]) => [key, toChoice(o, assignment.modelOnLeft)])
		),
		matched: dimensions,
		explanation: gold.explanation
	};
}

/** A junior's training in one study: rated so far, of how many, and agreement with gold. */
export type TrainingState = {
	total: number;
	submitted: number;
	matched: number;
	judged: number;
	agreement: number | null;
	required: number | null;
	passed: boolean;
	retries: number;
};

/** The junior's training state (reads only their N training assignments). */
export async function trainingState(
	db: Db,
	userId: number,
	studyId: number
): Promise<TrainingState | null> {
	const member = first(
		await db
			.select({
				passedAt: studyMembers.trainingPassedAt,
				retries: studyMembers.trainingRetries,
				required: studies.trainingMinAgreement,
				trainingPairs: studies.trainingPairs
			})
			.from(studyMembers)
			.innerJoin(studies, eq(studies.id, studyMembers.studyId))
			.where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.userId, userId)))
			.limit(1)
	);
	if (!member || !member.trainingPairs) return null;
	const rows = await trainingRows(db, userId, studyId);
	if (rows.length === 0) return null;
	const given = await givenOutcomes(
		db,
		studyId,
		rows.filter((r) => r.status === 'submitted').map((r) => r.id)
	);
	let matched = 0;
	let judged = 0;
	for (const r of rows) {
		if (r.status !== 'submitted' || r.expected === null) continue;
		const m = matchExpected(
			JSON.parse(r.expected) as Record<string, string>,
			given.get(r.id) ?? {}
		);
		matched += m.matched;
		judged += m.judged;
	}
	return {
		total: rows.length,
		submitted: rows.filter((r) => r.status === 'submitted').length,
		matched,
		judged,
		agreement: judged === 0 ? null : matched / judged,
		required: member.required,
		passed: member.passedAt !== null,
		retries: member.retries
	};
}

async function trainingRows(db: Db, userId: number, studyId: number) {
	return await db
		.select({ id: assignments.id, status: assignments.status, expected: goldPairs.expected })
		.from(assignments)
		.innerJoin(pairs, eq(pairs.id, assignments.pairId))
		.leftJoin(goldPairs, eq(goldPairs.pairId, assignments.pairId))
		.where(
			and(
				eq(assignments.userId, userId),
				// Written out, so SQLite uses the partial index assignments_training_idx.
				sql`${assignments.purpose} = 'training'`,
				eq(pairs.studyId, studyId)
			)
		)
		.orderBy(asc(assignments.position));
}

/**
 * After a training submission (in its transaction): once every training pair is submitted and
 * the agreement reaches the study's minimum (or it sets none), real work opens for the junior.
 */
export async function afterTrainingSubmit(db: Db, userId: number, studyId: number): Promise<void> {
	const state = await trainingState(db, userId, studyId);
	if (!state || state.passed || state.submitted < state.total) return;
	if (state.required !== null && (state.agreement ?? 0) < state.required) return;
	await db
		.update(studyMembers)
		.set({ trainingPassedAt: Date.now() })
		.where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.userId, userId)));
}

export type RetryResult = { ok: true } | { ok: false; message: string };

/**
 * A junior who fell short of the minimum goes round the training pairs again: each is opened
 * anew (their earlier judgments stay in the history), and the researcher sees the count.
 */
export async function retryTraining(db: Db, userId: number, studyId: number): Promise<RetryResult> {
	return await db.transaction(async (tx) => {
		const state = await trainingState(tx, userId, studyId);
		if (!state) return { ok: false, message: 'This study has no training for you.' };
		if (state.passed) return { ok: false, message: 'You have already passed the training.' };
		if (state.submitted < state.total)
			return { ok: false, message: 'Finish the training pairs first.' };
		const rows = await trainingRows(tx, userId, studyId);
		await tx
			.update(assignments)
			.set({ status: 'pending', draft: null })
			.where(
				inArray(
					assignments.id,
					rows.map((r) => r.id)
				)
			);
		await tx
			.update(studyMembers)
			.set({ trainingRetries: sql`${studyMembers.trainingRetries} + 1` })
			.where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.userId, userId)));
		return { ok: true };
	});
}
