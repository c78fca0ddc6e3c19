/**
 * Senior adjudication (ARCHITECTURE §3 step 5): the senior judges an escalated pair blind and
 * independently, then sees the juniors' anonymous votes in their own A/B placement, and
 * finalizes. Both judgments are kept; the final one becomes the pair's final label.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
	storedGrade,
	toChoice,
	toOutcome,
	type Choice,
	type Scale
} from '../../domain/blinding/choice.ts';
import { consensusGrade } from '../../domain/adjudication/escalation.ts';
import type { EscalationReasons } from '../../domain/adjudication/escalation.ts';
import {
	agreedDimensions,
	replacedDimensions,
	type AdjudicationScope
} from '../../domain/adjudication/protocol.ts';
import { raterTitle } from '../../domain/blinding/rater-title.ts';
import { studyChoices } from '../../domain/blinding/study-choices.ts';
import { seniorVoteOrder } from '../../domain/blinding/vote-order.ts';
import { createRandom } from '../../domain/random.ts';
import { lockPair, lockPairOf } from '../db/dialect-sql.ts';
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
import * as audit from './audit.ts';
import { juniorVotes, pairProtocol } from './final-labels.ts';
import { fromFacts, type RaterReasons, type ReasonOptions } from '../../domain/reasons/reasons.ts';
import { studyReasonOptions } from './reasons.ts';
import { writeJudgments, writeNotes } from './judgment-writes.ts';
import { draftJson, readDraft } from './senior-drafts.ts';
import { first } from '../db/index.ts';

type Stage = 'independent' | 'final';

export type JuniorVoteView = {
	rater: string;
	choices: Record<string, Choice>;
	hard: boolean;
	comment: string;
	/** The junior's tags, harms and per-dimension notes in the senior's A/B (issue #16 §2). */
	reasons?: RaterReasons;
};

/** An escalated pair as the senior sees it: blinded, in the senior's own placement. */
export type AdjudicationView = {
	id: string;
	studyName: string;
	question: string;
	responseA: string;
	responseB: string;
	dimensions: { key: string; label: string; rubric: string }[];
	/** The study's rating scale: 5 adds "much" / "slightly" better (issue #16 §1). */
	scale: Scale;
	/**
	 * "independent" until the first Submit, then "informed"; "decided" once finalized. A reopened
	 * pair is "informed" again, with its last final choices in the form.
	 */
	step: 'independent' | 'informed' | 'decided';
	/** The senior finalized this pair before and reopened it: Finalize replaces that decision. */
	reopened: boolean;
	/** The senior's own decided pair in an open study: it can be reopened. */
	canReopen: boolean;
	/** The study is closed: nothing on the pair can change. */
	closed: boolean;
	/** What the form shows: a saved draft of this step, else the stored choices of the step. */
	choices: Record<string, Choice>;
	independent: Record<string, Choice>;
	/** The comment in the form: step 1's until Finalize (it may be kept or changed), then the final one. */
	comment: string;
	/** The comment given with the independent judgment (step 1). */
	independentComment: string;
	/**
	 * The juniors' votes, only after the independent judgment, in a seeded order per pair, so
	 * that "Rater 1" is not the same junior on every pair.
	 */
	votes: JuniorVoteView[] | null;
	/** Dimension keys on which the juniors differ, only after the independent judgment. */
	differing: string[] | null;
	/** The study's adjudication scope (issue #15 §3): which dimensions Finalize replaces. */
	scope: AdjudicationScope;
	/**
	 * Under scope "disputed", after the independent judgment: the dimensions the juniors agree on
	 * (pair not flagged), which keep their label unless the senior re-opens them. Else [].
	 */
	agreed: string[];
	/** Agreed dimensions the senior re-opened: ticked in the form (a decided pair: as decided). */
	reopenedDimensions: string[];
	counts: { pending: number; decided: number };
	/** The study's tag, harm and per-dimension note options, to show the juniors' reasons. */
	reasonOptions: ReasonOptions;
	decidedBySomeoneElse: boolean;
};

/**
 * Under a study's senior order "judge-disagreement" (issue #16 §4), how far the automatic judges
 * are from the juniors on a pair: the number of (judge, junior rating, dimension) in which the
 * judge's outcome differs from the junior's; 0 under "oldest". Seniors never see it.
 */
const judgeDisagreement = sql<number>`case when ${studies.seniorOrder} = 'judge-disagreement' then (
	select count(*) from judge_judgments jj
	inner join assignments ja on ja.pair_id = jj.pair_id and ja.role = 'junior' and not ja.is_repeat
	inner join judgments jm on jm.assignment_id = ja.id and jm.dimension_id = jj.dimension_id
		and jm.stage = 'rating'
	where jj.pair_id = ${escalations.pairId} and jm.outcome <> jj.outcome
) else 0 end`;

/**
 * Escalated pairs of the senior's open studies that still wait for a decision, in queue order:
 * raised priority first, then (studies that ask for it) judge–human disagreement, then oldest.
 */
async function pendingPairs(db: Db, seniorId: number) {
	return await db
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
		.orderBy(
			desc(escalations.priority),
			desc(judgeDisagreement),
			asc(escalations.createdAt),
			asc(escalations.pairId)
		);
}

/**
 * The senior's assignment for a pair, created on first sight with the senior's own placement
 * (seeded from the study seed, the pair and the senior, so it is reproducible).
 */
async function seniorAssignment(db: Db, seniorId: number, pairId: number, seed: number) {
	const find = async (db: Db) =>
		first(
			await db
				.select()
				.from(assignments)
				.where(
					and(
						eq(assignments.pairId, pairId),
						eq(assignments.userId, seniorId),
						eq(assignments.role, 'senior')
					)
				)
				.limit(1)
		);
	const existing = await find(db);
	if (existing) return existing;
	// Looked for again in the transaction: another request may have created it meanwhile.
	return await db.transaction(async (tx) => {
		await lockPair(tx, pairId);
		const created = await find(tx);
		if (created) return created;
		const modelOnLeft = createRandom(`${seed}:senior:${pairId}:${seniorId}`).next() < 0.5;
		const [inserted] = await tx
			.insert(assignments)
			.values({
				publicId: newPublicId(),
				pairId,
				userId: seniorId,
				role: 'senior',
				modelOnLeft,
				position: 0
			})
			.returning();
		return inserted;
	});
}

export type QueueItem = {
	id: string;
	question: string;
	studyName: string;
	/**
	 * Why the pair is here (dimension labels the juniors differ on, how many flagged it hard):
	 * null until the senior's independent judgment of the pair, which must not know it.
	 */
	reasons: { dimensions: string[]; flagged: number } | null;
	priority: number;
	waitingSince: number;
};

/** Pairs on which the senior has given the independent judgment (step 1). */
async function pairsPastStepOne(db: Db, seniorId: number): Promise<Set<number>> {
	return new Set(
		(
			await db
				.select({ pairId: assignments.pairId })
				.from(assignments)
				.where(
					and(
						eq(assignments.userId, seniorId),
						eq(assignments.role, 'senior'),
						sql`exists (select 1 from ${judgments} j where j.assignment_id = ${assignments.id} and j.stage = 'independent')`
					)
				)
		).map((r) => r.pairId)
	);
}

/** The senior's whole queue (oldest first, higher priority first) for the list view. */
export async function queue(db: Db, seniorId: number): Promise<QueueItem[]> {
	const pending = await pendingPairs(db, seniorId);
	if (pending.length === 0) return [];
	const informed = await pairsPastStepOne(db, seniorId);
	const info = new Map(
		(
			await db
				.select({
					id: pairs.id,
					question: prompts.text,
					studyId: studies.id,
					titleForRaters: studies.titleForRaters
				})
				.from(pairs)
				.innerJoin(prompts, eq(prompts.id, pairs.promptId))
				.innerJoin(studies, eq(studies.id, pairs.studyId))
				.where(
					inArray(
						pairs.id,
						pending.map((p) => p.pairId)
					)
				)
		).map((r) => [r.id, r])
	);
	const labels = new Map(
		(
			await db
				.select({ studyId: dimensions.studyId, key: dimensions.key, label: dimensions.label })
				.from(dimensions)
		).map((d) => [`${d.studyId}:${d.key}`, d.label])
	);
	const items: QueueItem[] = [];
	for (const p of pending) {
		const reasons = informed.has(p.pairId) ? (JSON.parse(p.reasons) as EscalationReasons) : null;
		items.push({
			id: (await seniorAssignment(db, seniorId, p.pairId, p.seed)).publicId,
			question: info.get(p.pairId)!.question,
			studyName: raterTitle({ id: p.studyId, titleForRaters: info.get(p.pairId)!.titleForRaters }),
			reasons: reasons && {
				dimensions: reasons.dimensions.map((key) => labels.get(`${p.studyId}:${key}`) ?? key),
				flagged: reasons.flaggedBy.length
			},
			priority: p.priority,
			waitingSince: p.createdAt
		});
	}
	return items;
}

async function counts(db: Db, seniorId: number): Promise<AdjudicationView['counts']> {
	const decided = first(
		await db
			.select({ n: sql<number>`count(*)` })
			.from(assignments)
			.where(
				and(
					eq(assignments.userId, seniorId),
					eq(assignments.role, 'senior'),
					eq(assignments.status, 'submitted')
				)
			)
			.limit(1)
	)!.n;
	return { pending: (await pendingPairs(db, seniorId)).length, decided };
}

/** The next pending pair, opened for the senior; null when the queue is empty. */
export async function next(db: Db, seniorId: number): Promise<AdjudicationView | null> {
	const [top] = await pendingPairs(db, seniorId);
	if (!top) return null;
	const assignment = await seniorAssignment(db, seniorId, top.pairId, top.seed);
	return await build(db, seniorId, assignment.id);
}

export type Lookup<T> =
	{ ok: true; value: T } | { ok: false; status: 403 | 404 | 409; message: string };

/** The senior assignment with this opaque id, when it is this senior's. */
export async function find(db: Db, seniorId: number, publicId: string) {
	const found = first(
		await db.select().from(assignments).where(eq(assignments.publicId, publicId)).limit(1)
	);
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

/** A study's stored scale (3 or 5). */
function scaleOf(study: { scale: number }): Scale {
	return study.scale === 5 ? 5 : 3;
}

export async function view(
	db: Db,
	seniorId: number,
	publicId: string
): Promise<Lookup<AdjudicationView>> {
	const found = await find(db, seniorId, publicId);
	if (!found.ok) return found;
	return { ok: true, value: await build(db, seniorId, found.value.id) };
}

async function stageChoices(
	db: Db,
	assignmentId: number,
	stage: Stage,
	modelOnLeft: boolean,
	keyOf: Map<number, string>
) {
	const out: Record<string, Choice> = Object.create(null);
	for (const j of await db
		.select()
		.from(judgments)
		.where(and(eq(judgments.assignmentId, assignmentId), eq(judgments.stage, stage))))
		out[keyOf.get(j.dimensionId)!] = toChoice(j.outcome, modelOnLeft, j.grade);
	return out;
}

async function build(db: Db, seniorId: number, assignmentId: number): Promise<AdjudicationView> {
	const assignment = first(
		await db.select().from(assignments).where(eq(assignments.id, assignmentId)).limit(1)
	)!;
	const pair = first(
		await db.select().from(pairs).where(eq(pairs.id, assignment.pairId)).limit(1)
	)!;
	const study = first(
		await db.select().from(studies).where(eq(studies.id, pair.studyId)).limit(1)
	)!;
	const escalation = first(
		await db.select().from(escalations).where(eq(escalations.pairId, pair.id)).limit(1)
	);
	const dims = await studyDimensions(db, pair.studyId);
	const keyOf = new Map(dims.map((d) => [d.id, d.key]));
	const blinded = await blindedTexts(db, pair, assignment.modelOnLeft);

	const independent = await stageChoices(
		db,
		assignment.id,
		'independent',
		assignment.modelOnLeft,
		keyOf
	);
	const final = await stageChoices(db, assignment.id, 'final', assignment.modelOnLeft, keyOf);
	const hasIndependent = Object.keys(independent).length > 0;
	const step =
		assignment.status === 'submitted' ? 'decided' : hasIndependent ? 'informed' : 'independent';
	const reopened = step === 'informed' && Object.keys(final).length > 0;
	const closed = study.status === 'closed';
	const draft =
		step === 'decided'
			? null
			: readDraft(
					assignment.draft,
					step === 'independent' ? 'independent' : 'final',
					dims,
					scaleOf(study)
				);
	const stored =
		step === 'decided'
			? { choices: final, comment: assignment.comment }
			: step === 'independent'
				? { choices: {}, comment: '' }
				: reopened
					? { choices: final, comment: assignment.comment }
					: { choices: independent, comment: assignment.independentComment ?? '' };
	const shown = draft ?? stored;

	const scope = (await pairProtocol(db, pair.id)).adjudicate;
	const reasons =
		escalation && hasIndependent ? (JSON.parse(escalation.reasons) as EscalationReasons) : null;
	const agreed = reasons
		? agreedDimensions(
				scope,
				reasons,
				dims.map((d) => d.key)
			)
		: [];
	// A decided pair shows which agreed dimensions the senior's label replaced.
	const reopenedDimensions =
		step === 'decided' && agreed.length
			? (
					await db
						.select({ dimensionId: finalLabels.dimensionId })
						.from(finalLabels)
						.where(and(eq(finalLabels.pairId, pair.id), eq(finalLabels.source, 'senior')))
				)
					.map((row) => keyOf.get(row.dimensionId)!)
					.filter((key) => agreed.includes(key))
			: [];

	let votes: JuniorVoteView[] | null = null;
	if (hasIndependent) {
		const ordered = seniorVoteOrder((await juniorVotes(db, pair.id)).votes, study.seed, pair.id);
		votes = ordered.map((v) => ({
			rater: v.rater,
			hard: v.hard,
			comment: v.comment,
			...(v.facts && { reasons: fromFacts(v.facts, assignment.modelOnLeft) }),
			choices: Object.fromEntries(
				Object.entries(v.outcomes).map(([key, outcome]) => [
					key,
					toChoice(outcome, assignment.modelOnLeft, v.grades?.[key] ?? null)
				])
			)
		}));
	}
	return {
		id: assignment.publicId,
		studyName: raterTitle(study),
		...blinded,
		dimensions: dims.map(({ key, label, rubric }) => ({ key, label, rubric })),
		scale: scaleOf(study),
		step,
		reopened,
		canReopen: step === 'decided' && !closed && !!escalation?.decidedAt,
		closed,
		choices: shown.choices,
		independent,
		comment: shown.comment,
		independentComment: assignment.independentComment ?? '',
		votes,
		// Only the dimensions: the stored reasons name raters in assignment order, which the
		// shuffled votes must not be matched against.
		differing: reasons ? reasons.dimensions : null,
		scope,
		agreed,
		reopenedDimensions,
		counts: await counts(db, seniorId),
		reasonOptions: await studyReasonOptions(db, pair.studyId),
		decidedBySomeoneElse: !!escalation?.decidedAt && assignment.status !== 'submitted'
	};
}

export type Judgment = {
	choices: Record<string, string>;
	comment: string;
	seconds?: number;
	/** Agreed dimensions the senior explicitly re-opens (scope "disputed"); others are ignored. */
	reopen?: readonly string[];
};
export type ActionResult =
	{ ok: true } | { ok: false; status: 400 | 403 | 404 | 409; message: string };

/** Writes the senior's judgments of one stage; a repeated identical submission changes nothing. */
async function writeStage(
	db: Db,
	seniorId: number,
	assignment: typeof assignments.$inferSelect,
	stage: Stage,
	input: { choices: Record<string, Choice>; comment: string },
	dims: (typeof dimensions.$inferSelect)[],
	scale: Scale,
	now: number,
	before: { comment: string } | null = null
): Promise<void> {
	await writeJudgments(db, {
		assignmentId: assignment.id,
		modelOnLeft: assignment.modelOnLeft,
		scale,
		stage,
		userId: seniorId,
		choices: input.choices,
		dimensions: dims,
		now
	});
	// Step 1 is written once (it is fixed after the votes are shown); the final stage again
	// after each Reopen, against the comment it replaces.
	await writeNotes(db, {
		assignmentId: assignment.id,
		stage,
		userId: seniorId,
		now,
		before,
		after: { comment: input.comment }
	});
}

/** The senior's pair when its judgment can still change (study open, escalated, undecided). */
async function writable(db: Db, seniorId: number, publicId: string) {
	const found = await find(db, seniorId, publicId);
	if (!found.ok) return found;
	const assignment = found.value;
	const pair = first(
		await db.select().from(pairs).where(eq(pairs.id, assignment.pairId)).limit(1)
	)!;
	const study = first(
		await db.select().from(studies).where(eq(studies.id, pair.studyId)).limit(1)
	)!;
	if (study.status === 'closed')
		return {
			ok: false as const,
			status: 409 as const,
			message: 'This study is closed; nothing can change.'
		};
	const escalation = first(
		await db.select().from(escalations).where(eq(escalations.pairId, pair.id)).limit(1)
	);
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
	return {
		ok: true as const,
		value: {
			assignment,
			pair,
			escalation,
			scale: scaleOf(study),
			dims: await studyDimensions(db, pair.studyId)
		}
	};
}

async function prepare(db: Db, seniorId: number, publicId: string, input: Judgment) {
	const ready = await writable(db, seniorId, publicId);
	if (!ready.ok) return ready;
	const { assignment, pair, escalation, dims, scale } = ready.value;
	const choices = studyChoices(input.choices, dims, scale);
	const missing = dims.filter((d) => !Object.hasOwn(choices, d.key)).map((d) => d.label);
	if (missing.length)
		return {
			ok: false as const,
			status: 400 as const,
			message: `Choose for every dimension before submitting. Missing: ${missing.join(', ')}.`
		};
	return { ok: true as const, value: { assignment, pair, escalation, dims, scale, choices } };
}

async function hasStage(db: Db, assignmentId: number, stage: Stage): Promise<boolean> {
	const found = first(
		await db
			.select({ id: judgments.id })
			.from(judgments)
			.where(and(eq(judgments.assignmentId, assignmentId), eq(judgments.stage, stage)))
			.limit(1)
	);
	return found !== undefined;
}
const hasIndependentJudgment = async (db: Db, assignmentId: number) =>
	await hasStage(db, assignmentId, 'independent');
const hasFinalJudgment = async (db: Db, assignmentId: number) =>
	await hasStage(db, assignmentId, 'final');

/**
 * Keeps the half-filled form of one step on the server (step 1 "independent", step 2 "final").
 * A draft for a step the pair is no longer (or not yet) on is refused, so a draft that arrives
 * after Submit cannot fill step 2 with step 1's choices.
 */
export async function saveDraft(
	db: Db,
	seniorId: number,
	publicId: string,
	stage: Stage,
	draft: { choices: Record<string, Choice>; comment: string }
): Promise<ActionResult> {
	return await db.transaction(async (tx) => {
		// One senior action on a pair at a time across app instances (PostgreSQL).
		await lockPairOf(tx, publicId);
		const ready = await writable(tx, seniorId, publicId);
		if (!ready.ok) return ready;
		const { assignment, dims, scale } = ready.value;
		if ((stage === 'independent') === (await hasIndependentJudgment(tx, assignment.id)))
			return {
				ok: false,
				status: 409,
				message:
					stage === 'independent'
						? 'Your independent judgment is already submitted.'
						: 'Submit your independent judgment first.'
			};
		await tx
			.update(assignments)
			.set({ draft: draftJson(stage, draft, dims, scale) })
			.where(eq(assignments.id, assignment.id));
		return { ok: true };
	});
}

/** Step 1: the senior's independent, blind judgment. */
export async function submitIndependent(
	db: Db,
	seniorId: number,
	publicId: string,
	input: Judgment
): Promise<ActionResult> {
	return await db.transaction(async (tx) => {
		// One senior action on a pair at a time across app instances (PostgreSQL).
		await lockPairOf(tx, publicId);
		const ready = await prepare(tx, seniorId, publicId, input);
		if (!ready.ok) return ready;
		const { assignment, dims, scale, choices } = ready.value;
		const hasIndependent = await hasIndependentJudgment(tx, assignment.id);
		// The independent judgment is fixed once the juniors' votes have been shown.
		if (hasIndependent) return { ok: true };
		const now = Date.now();
		await writeStage(
			tx,
			seniorId,
			assignment,
			'independent',
			{ choices, comment: input.comment },
			dims,
			scale,
			now
		);
		await tx
			.update(assignments)
			.set({
				status: 'started',
				startedAt: assignment.startedAt ?? now,
				independentComment: input.comment,
				draft: null,
				secondsSpent: assignment.secondsSpent + (input.seconds ?? 0)
			})
			.where(eq(assignments.id, assignment.id));
		return { ok: true };
	});
}

/**
 * Step 2: the final decision. It becomes the pair's final label on the dimensions the study's
 * scope gives the senior (issue #15 §3): every one under "whole-pair" or when a junior flagged
 * the pair; under "disputed" those the juniors differ on, plus agreed ones the senior re-opens
 * explicitly (each re-opening is audited). The other dimensions keep the juniors' label.
 */
export async function finalize(
	db: Db,
	seniorId: number,
	publicId: string,
	input: Judgment
): Promise<ActionResult> {
	return await db.transaction(async (tx) => {
		// One senior action on a pair at a time across app instances (PostgreSQL).
		await lockPairOf(tx, publicId);
		const ready = await prepare(tx, seniorId, publicId, input);
		if (!ready.ok) return ready;
		const { assignment, pair, escalation, dims, scale, choices } = ready.value;
		const hasIndependent = await hasIndependentJudgment(tx, assignment.id);
		if (!hasIndependent)
			return { ok: false, status: 409, message: 'Submit your independent judgment first.' };
		const keys = dims.map((d) => d.key);
		const reasons = JSON.parse(escalation.reasons) as EscalationReasons;
		const { adjudicate } = await pairProtocol(tx, pair.id);
		const agreed = agreedDimensions(adjudicate, reasons, keys);
		const reopen = keys.filter((key) => agreed.includes(key) && input.reopen?.includes(key));
		const replaced = new Set(replacedDimensions(adjudicate, reasons, keys, reopen));
		const juniors = replaced.size < keys.length ? (await juniorVotes(tx, pair.id, dims)).votes : [];
		const consensus = juniors[0] ?? null;
		const now = Date.now();
		// A re-finalize (after Reopen) records its changes against the previous decision.
		const before = (await hasFinalJudgment(tx, assignment.id))
			? { comment: assignment.comment }
			: null;
		await writeStage(
			tx,
			seniorId,
			assignment,
			'final',
			{ choices, comment: input.comment },
			dims,
			scale,
			now,
			before
		);
		await tx
			.update(assignments)
			.set({
				status: 'submitted',
				submittedAt: now,
				comment: input.comment,
				draft: null,
				secondsSpent: assignment.secondsSpent + (input.seconds ?? 0)
			})
			.where(eq(assignments.id, assignment.id));
		await tx.update(escalations).set({ decidedAt: now }).where(eq(escalations.pairId, pair.id));
		for (const dim of dims) {
			const kept = replaced.has(dim.key) ? undefined : consensus?.outcomes[dim.key];
			const outcome = kept ?? toOutcome(choices[dim.key], assignment.modelOnLeft);
			const source = kept ? 'consensus' : 'senior';
			// The graded label (5-point studies): the juniors' (consensusGrade) or the senior's.
			const grade = kept
				? consensusGrade(juniors.map((v) => v.grades?.[dim.key]))
				: storedGrade(choices[dim.key], assignment.modelOnLeft, scale);
			await tx
				.insert(finalLabels)
				.values({ pairId: pair.id, dimensionId: dim.id, outcome, grade, source, decidedAt: now })
				.onConflictDoUpdate({
					target: [finalLabels.pairId, finalLabels.dimensionId],
					set: { outcome, grade, source, decidedAt: now }
				});
		}
		for (const key of reopen)
			await audit.record(tx, {
				userId: seniorId,
				action: 'adjudication.reopen_dimension',
				studyId: pair.studyId,
				detail: {
					pairId: pair.id,
					dimension: key,
					consensus: consensus?.outcomes[key] ?? null,
					final: toOutcome(choices[key], assignment.modelOnLeft)
				}
			});
		return { ok: true };
	});
}

export type PriorityResult = { ok: true } | { ok: false; status: 404 | 409; message: string };

/**
 * A researcher moves a pair up (or down) the senior queue: only a pair of this study that waits
 * for a senior (escalated, not withdrawn, not decided); otherwise says why nothing changed.
 */
export async function setPriority(
	db: Db,
	input: { studyId: number; pairId: number; priority: number }
): Promise<PriorityResult> {
	return await db.transaction(async (tx) => {
		const found = first(
			await tx
				.select({
					studyId: pairs.studyId,
					escalated: escalations.pairId,
					decidedAt: escalations.decidedAt,
					withdrawnAt: escalations.withdrawnAt
				})
				.from(pairs)
				.leftJoin(escalations, eq(escalations.pairId, pairs.id))
				.where(eq(pairs.id, input.pairId))
				.limit(1)
		);
		if (!found || found.studyId !== input.studyId)
			return { ok: false, status: 404, message: `This study has no pair ${input.pairId}.` };
		if (found.escalated === null)
			return {
				ok: false,
				status: 409,
				message:
					'This pair is not in the senior queue: the juniors have not disagreed on it or flagged it.'
			};
		if (found.decidedAt !== null)
			return {
				ok: false,
				status: 409,
				message: 'A senior has already adjudicated this pair; its priority no longer matters.'
			};
		if (found.withdrawnAt !== null)
			return {
				ok: false,
				status: 409,
				message: 'The juniors now agree on this pair; it has left the senior queue.'
			};
		await tx
			.update(escalations)
			.set({ priority: input.priority })
			.where(eq(escalations.pairId, input.pairId));
		return { ok: true };
	});
}
