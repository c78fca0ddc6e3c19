/**
 * Gold pairs (issue #16 §3): placing each junior's gold copies (assignments with `purpose`
 * 'training' or 'check') and marking an adjudicated pair as gold. The training phase is in
 * training.ts, the researcher's report in gold-report.ts. Nothing here enters the study's
 * results: those read `purpose = 'study'` only.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { rowAt, type AssignmentColumns } from '../../domain/assignment/columns.ts';
import type { Assignment } from '../../domain/assignment/types.ts';
import type { Outcome } from '../../domain/blinding/choice.ts';
import { placeGold, type GoldOptions } from '../../domain/calibration/place-gold.ts';
import type { Db } from '../db/index.ts';
import { first } from '../db/index.ts';
import { escalations, finalLabels, goldPairs, judgments, pairs, studies } from '../db/schema.ts';
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
