/**
 * Gold pairs, the training phase and hidden checks (issue #16 §3). Gold copies are assignments
 * with `purpose` 'training' or 'check'; this module places them, gives training feedback, opens
 * real work when training is passed, and reports per-rater accuracy on gold to the researcher.
 * Nothing here enters the study's results: those read `purpose = 'study'` only.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { rowAt, type AssignmentColumns } from '../../domain/assignment/columns.ts';
import type { Assignment } from '../../domain/assignment/types.ts';
import { toChoice, type Choice, type Outcome } from '../../domain/blinding/choice.ts';
import { placeGold, type GoldOptions } from '../../domain/calibration/place-gold.ts';
import { matchExpected } from '../../domain/calibration/match-expected.ts';
import type { Db } from '../db/index.ts';
import { first } from '../db/index.ts';
import {
	assignments,
	escalations,
	finalLabels,
	goldPairs,
	judgments,
	pairs,
	studies,
	studyMembers
} from '../db/schema.ts';
import * as audit from './audit.ts';
import { studyDimensions } from './blinded-pair.ts';

type StudyOptions = Pick<typeof studies.$inferSelect, 'trainingPairs' | 'checkShare'>;

/** The study's gold options as placeGold takes them (zeros: the paper's protocol). */
export function goldOptions(study: StudyOptions): GoldOptions {
	return { trainingPairs: study.trainingPairs ?? 0, checkShare: study.checkShare ?? 0 };
}

/** Whether the study places gold copies at all. */
export function usesGold(study: StudyOptions): boolean {
	const options = goldOptions(study);
	return options.trainingPairs > 0 || options.checkShare > 0;
}

/** The study's gold pair ids (study order). */
export async function goldPairIds(db: Db, studyId: number): Promise<number[]> {
	return (
		await db
			.select({ id: goldPairs.pairId })
			.from(goldPairs)
			.innerJoin(pairs, eq(pairs.id, goldPairs.pairId))
			.where(eq(goldPairs.studyId, studyId))
			.orderBy(asc(pairs.position))
	).map((r) => r.id);
}

/**
 * A planned assignment with each junior's gold copies placed (placeGold), as rows; the queue
 * comes back as it was when the study has no gold options, so the paper's protocol is unchanged.
 */
export function withGold(
	queue: Assignment<number>[] | AssignmentColumns,
	ids: readonly number[],
	goldIds: readonly number[],
	seed: number,
	study: StudyOptions
): Assignment<number>[] | AssignmentColumns {
	if (!usesGold(study) || goldIds.length === 0) return queue;
	const rows = Array.isArray(queue)
		? queue
		: Array.from({ length: queue.junior.length }, (_, i) => rowAt(queue, i));
	const indexOf = new Map(ids.map((id, i) => [id, i]));
	const gold = goldIds.map((id) => indexOf.get(id)!).filter((i) => i !== undefined);
	const byJunior = new Map<number, Assignment<number>[]>();
	for (const a of rows) {
		const list = byJunior.get(a.junior);
		if (list) list.push(a);
		else byJunior.set(a.junior, [a]);
	}
	return [...byJunior].flatMap(([junior, own]) =>
		placeGold(own, junior, gold, seed, goldOptions(study))
	);
}

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

/** Canonical outcomes per assignment and dimension key (junior `rating` stage). */
export async function givenOutcomes(
	db: Db,
	studyId: number,
	assignmentIds: number[]
): Promise<Map<number, Record<string, Outcome>>> {
	const out = new Map<number, Record<string, Outcome>>();
	if (assignmentIds.length === 0) return out;
	const rows = await db
		.select({
			assignmentId: judgments.assignmentId,
			dimensionId: judgments.dimensionId,
			outcome: judgments.outcome
		})
		.from(judgments)
		.where(and(inArray(judgments.assignmentId, assignmentIds), eq(judgments.stage, 'rating')));
	const keyOf = new Map((await studyDimensions(db, studyId)).map((d) => [d.id, d.key]));
	for (const r of rows) {
		const key = keyOf.get(r.dimensionId);
		if (key === undefined) continue;
		const record = out.get(r.assignmentId) ?? {};
		record[key] = r.outcome;
		out.set(r.assignmentId, record);
	}
	return out;
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

export type MarkResult = { ok: true } | { ok: false; status: 404 | 409; message: string };

/**
 * Marks an adjudicated pair as gold (pair browser): its expected outcomes are its final labels,
 * with the researcher's or senior's explanation; audited. Placement of gold copies happens when
 * juniors are (re)assigned or added, so a pair marked now serves juniors added later.
 */
export async function markFromAdjudicated(
	db: Db,
	input: { studyId: number; pairId: number; actorId: number; explanation: string }
): Promise<MarkResult> {
	return await db.transaction(async (tx) => {
		const pair = first(
			await tx
				.select({ id: pairs.id, decidedAt: escalations.decidedAt })
				.from(pairs)
				.leftJoin(escalations, eq(escalations.pairId, pairs.id))
				.where(and(eq(pairs.id, input.pairId), eq(pairs.studyId, input.studyId)))
				.limit(1)
		);
		if (!pair) return { ok: false, status: 404, message: 'There is no such pair in this study.' };
		if (!pair.decidedAt)
			return {
				ok: false,
				status: 409,
				message: 'Only a pair a senior has adjudicated can become gold.'
			};
		if (first(await tx.select().from(goldPairs).where(eq(goldPairs.pairId, pair.id)).limit(1)))
			return { ok: false, status: 409, message: 'This pair is already gold.' };
		const dims = await studyDimensions(tx, input.studyId);
		const keyOf = new Map(dims.map((d) => [d.id, d.key]));
		const labels = await tx
			.select({ dimensionId: finalLabels.dimensionId, outcome: finalLabels.outcome })
			.from(finalLabels)
			.where(eq(finalLabels.pairId, pair.id));
		const expected = Object.fromEntries(
			labels.map((l) => [keyOf.get(l.dimensionId)!, l.outcome] as const)
		);
		await tx.insert(goldPairs).values({
			pairId: pair.id,
			studyId: input.studyId,
			expected: JSON.stringify(expected),
			explanation: input.explanation,
			source: 'adjudicated',
			markedBy: input.actorId
		});
		await audit.record(tx, {
			userId: input.actorId,
			action: 'study.mark-gold',
			studyId: input.studyId,
			detail: { pairId: pair.id, expected }
		});
		return { ok: true };
	});
}
