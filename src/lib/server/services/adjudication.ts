/**
 * Senior adjudication (ARCHITECTURE §3 step 5): the senior judges an escalated pair blind and
 * independently, then sees the juniors' anonymous votes in their own A/B placement, and
 * finalizes. Both judgments are kept; the final one becomes the pair's final label.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { CHOICES, toChoice, toOutcome, type Choice } from '../../domain/blinding/choice.ts';
import type { EscalationReasons } from '../../domain/adjudication/escalation.ts';
import { createRandom } from '../../domain/random.ts';
import type { Db } from '../db/index.ts';
import {
	assignments,
	dimensions,
	escalations,
	finalLabels,
	judgments,
	pairs,
	prompts,
	studies,
	studyMembers
} from '../db/schema.ts';
import { newPublicId } from './assignments.ts';
import { blindedTexts, studyDimensions } from './blinded-pair.ts';
import { juniorVotes } from './final-labels.ts';
import { writeJudgments } from './judgment-writes.ts';

type Stage = 'independent' | 'final';

export type JuniorVoteView = {
	rater: string;
	choices: Record<string, Choice>;
	hard: boolean;
	comment: string;
};

/** An escalated pair as the senior sees it: blinded, in the senior's own placement. */
export type AdjudicationView = {
	id: string;
	studyName: string;
	question: string;
	responseA: string;
	responseB: string;
	dimensions: { key: string; label: string; rubric: string }[];
	/** "independent" until the first Submit, then "informed"; "decided" once finalized. */
	step: 'independent' | 'informed' | 'decided';
	choices: Record<string, Choice>;
	independent: Record<string, Choice>;
	comment: string;
	/** The juniors' votes, only after the independent judgment. */
	votes: JuniorVoteView[] | null;
	/** Dimension keys on which the juniors differ, and raters who flagged the pair. */
	reasons: EscalationReasons | null;
	counts: { pending: number; decided: number };
	decidedBySomeoneElse: boolean;
};

/** Escalated pairs of the senior's open studies that still wait for a decision. */
function pendingPairs(db: Db, seniorId: number) {
	return db
		.select({
			pairId: escalations.pairId,
			priority: escalations.priority,
			createdAt: escalations.createdAt,
			reasons: escalations.reasons,
			studyId: pairs.studyId,
			seed: studies.seed
		})
		.from(escalations)
		.innerJoin(pairs, eq(pairs.id, escalations.pairId))
		.innerJoin(studies, eq(studies.id, pairs.studyId))
		.innerJoin(
			studyMembers,
			and(
				eq(studyMembers.studyId, pairs.studyId),
				eq(studyMembers.userId, seniorId),
				eq(studyMembers.role, 'senior')
			)
		)
		.where(
			and(
				isNull(escalations.decidedAt),
				isNull(escalations.withdrawnAt),
				eq(studies.status, 'open')
			)
		)
		.orderBy(desc(escalations.priority), asc(escalations.createdAt), asc(escalations.pairId))
		.all();
}

/**
 * The senior's assignment for a pair, created on first sight with the senior's own placement
 * (seeded from the study seed, the pair and the senior, so it is reproducible).
 */
function seniorAssignment(db: Db, seniorId: number, pairId: number, seed: number) {
	const existing = db
		.select()
		.from(assignments)
		.where(
			and(
				eq(assignments.pairId, pairId),
				eq(assignments.userId, seniorId),
				eq(assignments.role, 'senior')
			)
		)
		.get();
	if (existing) return existing;
	const modelOnLeft = createRandom(`${seed}:senior:${pairId}:${seniorId}`).next() < 0.5;
	return db
		.insert(assignments)
		.values({
			publicId: newPublicId(),
			pairId,
			userId: seniorId,
			role: 'senior',
			modelOnLeft,
			position: 0
		})
		.returning()
		.get();
}

export type QueueItem = {
	id: string;
	question: string;
	studyName: string;
	dimensions: string[];
	flagged: number;
	priority: number;
	waitingSince: number;
};

/** The senior's whole queue (oldest first, higher priority first) for the list view. */
export function queue(db: Db, seniorId: number): QueueItem[] {
	const pending = pendingPairs(db, seniorId);
	if (pending.length === 0) return [];
	const info = new Map(
		db
			.select({ id: pairs.id, question: prompts.text, studyName: studies.name })
			.from(pairs)
			.innerJoin(prompts, eq(prompts.id, pairs.promptId))
			.innerJoin(studies, eq(studies.id, pairs.studyId))
			.where(
				inArray(
					pairs.id,
					pending.map((p) => p.pairId)
				)
			)
			.all()
			.map((r) => [r.id, r])
	);
	const labels = new Map(
		db
			.select({ studyId: dimensions.studyId, key: dimensions.key, label: dimensions.label })
			.from(dimensions)
			.all()
			.map((d) => [`${d.studyId}:${d.key}`, d.label])
	);
	return pending.map((p) => {
		const reasons = JSON.parse(p.reasons) as EscalationReasons;
		return {
			id: seniorAssignment(db, seniorId, p.pairId, p.seed).publicId,
			question: info.get(p.pairId)!.question,
			studyName: info.get(p.pairId)!.studyName,
			dimensions: reasons.dimensions.map((key) => labels.get(`${p.studyId}:${key}`) ?? key),
			flagged: reasons.flaggedBy.length,
			priority: p.priority,
			waitingSince: p.createdAt
		};
	});
}

function counts(db: Db, seniorId: number): AdjudicationView['counts'] {
	const decided = db
		.select({ n: sql<number>`count(*)` })
		.from(assignments)
		.where(
			and(
				eq(assignments.userId, seniorId),
				eq(assignments.role, 'senior'),
				eq(assignments.status, 'submitted')
			)
		)
		.get()!.n;
	return { pending: pendingPairs(db, seniorId).length, decided };
}

/** The next pending pair, opened for the senior; null when the queue is empty. */
export function next(db: Db, seniorId: number): AdjudicationView | null {
	const [first] = pendingPairs(db, seniorId);
	if (!first) return null;
	const assignment = seniorAssignment(db, seniorId, first.pairId, first.seed);
	return build(db, seniorId, assignment.id);
}

export type Lookup<T> =
	{ ok: true; value: T } | { ok: false; status: 403 | 404 | 409; message: string };

function find(db: Db, seniorId: number, publicId: string) {
	const found = db.select().from(assignments).where(eq(assignments.publicId, publicId)).get();
	if (!found || found.role !== 'senior')
		return { ok: false as const, status: 404 as const, message: 'There is no such pair.' };
	if (found.userId !== seniorId)
		return {
			ok: false as const,
			status: 403 as const,
			message: 'This pair belongs to another senior.'
		};
	return { ok: true as const, value: found };
}

export function view(db: Db, seniorId: number, publicId: string): Lookup<AdjudicationView> {
	const found = find(db, seniorId, publicId);
	if (!found.ok) return found;
	return { ok: true, value: build(db, seniorId, found.value.id) };
}

function stageChoices(
	db: Db,
	assignmentId: number,
	stage: Stage,
	modelOnLeft: boolean,
	keyOf: Map<number, string>
) {
	const out: Record<string, Choice> = {};
	for (const j of db
		.select()
		.from(judgments)
		.where(and(eq(judgments.assignmentId, assignmentId), eq(judgments.stage, stage)))
		.all())
		out[keyOf.get(j.dimensionId)!] = toChoice(j.outcome, modelOnLeft);
	return out;
}

function build(db: Db, seniorId: number, assignmentId: number): AdjudicationView {
	const assignment = db.select().from(assignments).where(eq(assignments.id, assignmentId)).get()!;
	const pair = db.select().from(pairs).where(eq(pairs.id, assignment.pairId)).get()!;
	const study = db.select().from(studies).where(eq(studies.id, pair.studyId)).get()!;
	const escalation = db.select().from(escalations).where(eq(escalations.pairId, pair.id)).get();
	const dims = studyDimensions(db, pair.studyId);
	const keyOf = new Map(dims.map((d) => [d.id, d.key]));
	const blinded = blindedTexts(db, pair, assignment.modelOnLeft);

	const independent = stageChoices(db, assignment.id, 'independent', assignment.modelOnLeft, keyOf);
	const final = stageChoices(db, assignment.id, 'final', assignment.modelOnLeft, keyOf);
	const hasIndependent = Object.keys(independent).length > 0;
	const step =
		assignment.status === 'submitted' ? 'decided' : hasIndependent ? 'informed' : 'independent';

	let votes: JuniorVoteView[] | null = null;
	if (hasIndependent) {
		votes = juniorVotes(db, pair.id).votes.map((v) => ({
			rater: v.rater,
			hard: v.hard,
			comment: v.comment,
			choices: Object.fromEntries(
				Object.entries(v.outcomes).map(([key, outcome]) => [
					key,
					toChoice(outcome, assignment.modelOnLeft)
				])
			)
		}));
	}
	return {
		id: assignment.publicId,
		studyName: study.name,
		...blinded,
		dimensions: dims.map(({ key, label, rubric }) => ({ key, label, rubric })),
		step,
		choices: step === 'decided' ? final : independent,
		independent,
		comment: assignment.comment,
		votes,
		reasons:
			escalation && hasIndependent ? (JSON.parse(escalation.reasons) as EscalationReasons) : null,
		counts: counts(db, seniorId),
		decidedBySomeoneElse: !!escalation?.decidedAt && assignment.status !== 'submitted'
	};
}

export type Judgment = { choices: Record<string, string>; comment: string; seconds?: number };
export type ActionResult =
	{ ok: true } | { ok: false; status: 400 | 403 | 404 | 409; message: string };

/** Writes the senior's judgments of one stage; a repeated identical submission changes nothing. */
function writeStage(
	db: Db,
	seniorId: number,
	assignment: typeof assignments.$inferSelect,
	stage: Stage,
	input: Judgment,
	dims: (typeof dimensions.$inferSelect)[]
): void {
	writeJudgments(db, {
		assignmentId: assignment.id,
		modelOnLeft: assignment.modelOnLeft,
		stage,
		userId: seniorId,
		choices: input.choices,
		dimensions: dims,
		now: Date.now()
	});
}

function prepare(db: Db, seniorId: number, publicId: string, input: Judgment) {
	const found = find(db, seniorId, publicId);
	if (!found.ok) return found;
	const assignment = found.value;
	const pair = db.select().from(pairs).where(eq(pairs.id, assignment.pairId)).get()!;
	const study = db.select().from(studies).where(eq(studies.id, pair.studyId)).get()!;
	if (study.status === 'closed')
		return {
			ok: false as const,
			status: 409 as const,
			message: 'This study is closed; nothing can change.'
		};
	const escalation = db.select().from(escalations).where(eq(escalations.pairId, pair.id)).get();
	if (!escalation || escalation.withdrawnAt !== null)
		return {
			ok: false as const,
			status: 409 as const,
			message: 'The juniors now agree on this pair; it no longer needs adjudication.'
		};
	if (escalation.decidedAt !== null)
		return {
			ok: false as const,
			status: 409 as const,
			message: 'This pair has already been adjudicated.'
		};
	const dims = studyDimensions(db, pair.studyId);
	const missing = dims
		.filter((d) => !CHOICES.includes(input.choices[d.key] as Choice))
		.map((d) => d.label);
	if (missing.length)
		return {
			ok: false as const,
			status: 400 as const,
			message: `Choose for every dimension before submitting. Missing: ${missing.join(', ')}.`
		};
	return { ok: true as const, value: { assignment, pair, dims } };
}

function hasIndependentJudgment(db: Db, assignmentId: number): boolean {
	const found = db
		.select({ id: judgments.id })
		.from(judgments)
		.where(and(eq(judgments.assignmentId, assignmentId), eq(judgments.stage, 'independent')))
		.limit(1)
		.get();
	return found !== undefined;
}

/** Step 1: the senior's independent, blind judgment. */
export function submitIndependent(
	db: Db,
	seniorId: number,
	publicId: string,
	input: Judgment
): ActionResult {
	return db.transaction((tx) => {
		const ready = prepare(tx, seniorId, publicId, input);
		if (!ready.ok) return ready;
		const { assignment, dims } = ready.value;
		const hasIndependent = hasIndependentJudgment(tx, assignment.id);
		// The independent judgment is fixed once the juniors' votes have been shown.
		if (hasIndependent) return { ok: true };
		writeStage(tx, seniorId, assignment, 'independent', input, dims);
		tx.update(assignments)
			.set({
				status: 'started',
				startedAt: assignment.startedAt ?? Date.now(),
				comment: input.comment,
				secondsSpent: assignment.secondsSpent + (input.seconds ?? 0)
			})
			.where(eq(assignments.id, assignment.id))
			.run();
		return { ok: true };
	});
}

/** Step 2: the final decision, which becomes the pair's final label on every dimension. */
export function finalize(
	db: Db,
	seniorId: number,
	publicId: string,
	input: Judgment
): ActionResult {
	return db.transaction((tx) => {
		const ready = prepare(tx, seniorId, publicId, input);
		if (!ready.ok) return ready;
		const { assignment, pair, dims } = ready.value;
		const hasIndependent = hasIndependentJudgment(tx, assignment.id);
		if (!hasIndependent)
			return { ok: false, status: 409, message: 'Submit your independent judgment first.' };
		writeStage(tx, seniorId, assignment, 'final', input, dims);
		const now = Date.now();
		tx.update(assignments)
			.set({
				status: 'submitted',
				submittedAt: now,
				comment: input.comment,
				secondsSpent: assignment.secondsSpent + (input.seconds ?? 0)
			})
			.where(eq(assignments.id, assignment.id))
			.run();
		tx.update(escalations).set({ decidedAt: now }).where(eq(escalations.pairId, pair.id)).run();
		for (const dim of dims) {
			const outcome = toOutcome(input.choices[dim.key] as Choice, assignment.modelOnLeft);
			tx.insert(finalLabels)
				.values({ pairId: pair.id, dimensionId: dim.id, outcome, source: 'senior', decidedAt: now })
				.onConflictDoUpdate({
					target: [finalLabels.pairId, finalLabels.dimensionId],
					set: { outcome, source: 'senior', decidedAt: now }
				})
				.run();
		}
		return { ok: true };
	});
}

/** A researcher moves a pair up (or down) the senior queue. */
export function setPriority(db: Db, pairId: number, priority: number): void {
	db.update(escalations).set({ priority }).where(eq(escalations.pairId, pairId)).run();
}
