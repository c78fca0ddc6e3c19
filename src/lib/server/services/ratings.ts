/**
 * A junior's rating workflow: the next pair, a pair by its opaque id, drafts, and submission.
 * Everything returned here is what the rater's browser may see: no model, no pair id, no other
 * rater (ARCHITECTURE §9).
 */
import { and, asc, eq, inArray, ne, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { toChoice, type Choice, type Scale } from '../../domain/blinding/choice.ts';
import { storedRule } from '../../domain/adjudication/protocol.ts';
import { raterTitle } from '../../domain/blinding/rater-title.ts';
import { studyChoices } from '../../domain/blinding/study-choices.ts';
import { greatest, lockPairOf } from '../db/dialect-sql.ts';
import type { Db } from '../db/index.ts';
import {
	assignments,
	dimensions,
	escalations,
	judgments,
	pairs,
	prompts,
	studies,
	studyMembers
} from '../db/schema.ts';
import { prepared } from '../db/prepared.ts';
import { studyDimensions } from './blinded-pair.ts';
import { reconcile } from './final-labels.ts';
import { judgmentsOfStage, writeJudgments, writeNotes } from './judgment-writes.ts';
import { first } from '../db/index.ts';
import * as feedback from './rater-feedback.ts';
import {
	emptyReasons,
	fromFacts,
	hasReasons,
	missingHarm,
	toFacts,
	type RaterReasons,
	type ReasonOptions
} from '../../domain/reasons/reasons.ts';
import { factsOf, studyReasonOptions, writeReasons } from './reasons.ts';
import * as training from './training.ts';

/** A half-filled form; `choices` keeps only the study's dimensions when it is stored. */
export type Draft = {
	choices: Record<string, Choice>;
	hard: boolean;
	comment: string;
	/** Tags, harms and per-dimension notes (issue #16 §2), in the rater's A/B. */
	reasons?: RaterReasons;
};

/** A stored draft; choices are filtered by studyChoices when read. */
const storedDraft = z.object({
	choices: z.record(z.string(), z.unknown()).default({}),
	hard: z.boolean().default(false),
	comment: z.string().max(5000).default(''),
	reasons: z
		.object({
			tags: z.record(z.string(), z.array(z.enum(['A', 'B']))),
			harm: z.object({
				A: z.enum(['none', 'mild', 'severe']).optional(),
				B: z.enum(['none', 'mild', 'severe']).optional()
			}),
			notes: z.record(z.string(), z.object({ hard: z.boolean(), comment: z.string() })),
			spans: z
				.record(z.string(), z.object({ A: z.string().optional(), B: z.string().optional() }))
				.optional()
		})
		.optional()
});
/** Drafts are stored at most this long (the form's body cap); larger ones predate it: ignored. */
const MAX_DRAFT_CHARS = 64 * 1024;

/** The blinded pair as the rater sees it. */
export type PairView = {
	id: string;
	studyName: string;
	question: string;
	responseA: string;
	responseB: string;
	dimensions: { key: string; label: string; rubric: string }[];
	/** The study's rating scale: 5 adds "much" / "slightly" better (issue #16 §1). */
	scale: Scale;
	choices: Record<string, Choice>;
	hard: boolean;
	comment: string;
	status: 'pending' | 'started' | 'submitted';
	/** Why the pair can no longer be changed, when it can't. */
	locked: string | null;
	progress: { done: number; total: number };
	/** The study's instructions for raters (Markdown), if it has any. */
	instructions: string | null;
	/** A decided pair's final label in the rater's A/B; only when the study shows it. */
	final?: Record<string, Choice>;
	/** The study's tags, harm and per-dimension notes options (issue #16 §2). */
	reasonOptions: ReasonOptions;
	/** The rater's tags, harms and per-dimension notes, in their A/B. */
	reasons: RaterReasons;
	/**
	 * Only on a training pair (issue #16 §3; training.ts): after its submission, the expected answer. Hidden
	 * checks carry nothing of the kind: they look like every other pair.
	 */
	training?: { feedback?: training.TrainingFeedback };
};

/** Reasons as the study keeps them: its tags, harm when on, notes on its dimensions when on. */
function keptReasons(
	reasons: RaterReasons,
	options: ReasonOptions,
	dims: readonly { key: string }[]
): RaterReasons {
	// Placement does not matter for a round trip: A stays A.
	return fromFacts(
		toFacts(
			reasons,
			true,
			options,
			dims.map((d) => d.key)
		),
		true
	);
}

type AssignmentRow = typeof assignments.$inferSelect;

/**
 * The texts a page shows, read in the row's own statement (issue #18: a page's cost is mostly
 * per statement): the question, the pair model's answer and its opponent's. Written out:
 * correlated subqueries on the joined pair.
 */
const texts = {
	question: sql<string>`(select q.text from prompts q where q.id = ${pairs.promptId})`,
	modelText: sql<
		string | null
	>`(select r.text from responses r where r.prompt_id = ${pairs.promptId} and r.model_id = ${pairs.modelId})`,
	opponentText: sql<
		string | null
	>`(select r.text from responses r where r.prompt_id = ${pairs.promptId} and r.model_id = ${pairs.opponentId})`
};

function rowQuery(db: Db, by: 'id' | 'publicId') {
	return db
		.select({
			assignment: assignments,
			pair: pairs,
			titleForRaters: studies.titleForRaters,
			instructions: studies.instructions,
			showFinalToRaters: studies.showFinalToRaters,
			scale: studies.scale,
			studyStatus: studies.status,
			// The rater's progress in the study (counters kept by triggers, see progressOf).
			done: studyMembers.submittedCount,
			total: studyMembers.assignedCount,
			...texts
		})
		.from(assignments)
		.innerJoin(pairs, eq(pairs.id, assignments.pairId))
		.innerJoin(studies, eq(studies.id, pairs.studyId))
		.leftJoin(
			studyMembers,
			and(eq(studyMembers.studyId, pairs.studyId), eq(studyMembers.userId, assignments.userId))
		)
		.where(eq(by === 'id' ? assignments.id : assignments.publicId, sql.placeholder('key')))
		.prepare();
}

/** A study's scale as stored (3 or 5). */
function studyScale(found: { scale: number }): Scale {
	return found.scale === 5 ? 5 : 3;
}

/**
 * An assignment with its pair, study, the rater's progress and the page's texts, by row id or by
 * the opaque id the browser has: everything a page view needs but the judgments, in one
 * statement (a submission reads the texts too: a few kB from pages SQLite has at hand, cheaper
 * than a second statement for the page).
 */
async function row(db: Db, by: 'id' | 'publicId', key: number | string) {
	return first(await prepared(db, `ratings.row.${by}`, (db) => rowQuery(db, by)).execute({ key }));
}

type Row = NonNullable<Awaited<ReturnType<typeof row>>>;

/**
 * The two answers' stored texts in the rater's placement, to place evidence quotes: read only
 * when a submission sends quotes (the page's row statement, by the assignment's row id).
 */
async function answerTexts(db: Db, assignmentId: number): Promise<{ A: string; B: string }> {
	const found = (await row(db, 'id', assignmentId))!;
	const [a, b] = found.assignment.modelOnLeft
		? [found.modelText, found.opponentText]
		: [found.opponentText, found.modelText];
	return { A: a ?? '', B: b ?? '' };
}

/**
 * Why a pair can no longer change, when it can't; `decided`: a senior has adjudicated it (asked
 * only for a submitted study pair).
 */
async function lockedBecause(
	studyStatus: string,
	assignment: Pick<AssignmentRow, 'status' | 'purpose'>,
	decided: () => Promise<boolean> | boolean
): Promise<string | null> {
	if (studyStatus === 'closed') return 'This study is closed; its ratings can no longer change.';
	if (assignment.status !== 'submitted') return null;
	if (assignment.purpose === 'training')
		return 'This is a training pair: you have seen its expected answer, so it stays as you rated it.';
	// A hidden check of an adjudicated gold pair stays open like any undecided pair of the rater.
	if (assignment.purpose === 'check') return null;
	return (await decided())
		? 'A senior clinician has adjudicated this pair; your rating can no longer change.'
		: null;
}

async function lockReason(
	db: Db,
	studyStatus: string,
	assignment: AssignmentRow,
	pairId: number
): Promise<string | null> {
	return await lockedBecause(studyStatus, assignment, async () => {
		const escalation = first(
			await prepared(db, 'ratings.escalation', (db) =>
				db
					.select({ decidedAt: escalations.decidedAt })
					.from(escalations)
					.where(eq(escalations.pairId, sql.placeholder('pair')))
					.prepare()
			).execute({ pair: pairId })
		);
		return Boolean(escalation?.decidedAt);
	});
}

/**
 * The rater's progress in a study: one key lookup of the counters that triggers on `assignments`
 * keep in study_members (migrations 0006, pg/0003), so a page costs the same whatever the size
 * of the rater's queue (issue #18; counting the queue here was 12 % of the rating load's CPU).
 * The pair page reads the same counters in its row query.
 */
export async function progressOf(
	db: Db,
	userId: number,
	studyId: number
): Promise<{ done: number; total: number }> {
	const counts = first(
		await prepared(db, 'ratings.progress', (db) =>
			db
				.select({
					done: studyMembers.submittedCount,
					total: studyMembers.assignedCount
				})
				.from(studyMembers)
				.where(
					and(
						eq(studyMembers.studyId, sql.placeholder('study')),
						eq(studyMembers.userId, sql.placeholder('user'))
					)
				)
				.prepare()
		).execute({ user: userId, study: studyId })
	);
	return counts ?? { done: 0, total: 0 };
}

async function buildView(db: Db, found: Row): Promise<PairView> {
	const { assignment, pair } = found;
	const scale = studyScale(found);
	const [left, right] = assignment.modelOnLeft
		? [found.modelText, found.opponentText]
		: [found.opponentText, found.modelText];
	const blinded = { question: found.question, responseA: left ?? '', responseB: right ?? '' };
	const dims = await studyDimensions(db, pair.studyId);

	const stored = new Map<string, Choice>();
	const keyOf = new Map(dims.map((d) => [d.id, d.key]));
	// A junior's judgments are written with the submission (status 'submitted'), so a pair not
	// submitted has none to show: the next pair's page reads none. A training pair opened again
	// for another round (back to 'pending') starts empty: its answer was shown.
	const rated =
		assignment.status !== 'submitted' ? [] : await judgmentsOfStage(db, assignment.id, 'rating');
	for (const j of rated)
		stored.set(keyOf.get(j.dimensionId)!, toChoice(j.outcome, assignment.modelOnLeft, j.grade));
	let hard = assignment.hardToDecide;
	let comment = assignment.comment;
	const reasonOptions = await studyReasonOptions(db, pair.studyId);
	// Only a study that asks for tags, harms or per-dimension notes has facts to read (the paper's
	// protocol keeps its page at the statements it had, issue #18).
	let reasons = fromFacts(
		hasReasons(reasonOptions) ? await factsOf(db, [assignment.id]) : [],
		assignment.modelOnLeft
	);
	if (assignment.draft && assignment.draft.length <= MAX_DRAFT_CHARS) {
		const draft = storedDraft.safeParse(JSON.parse(assignment.draft));
		if (draft.success) {
			for (const [key, choice] of Object.entries(studyChoices(draft.data.choices, dims, scale)))
				stored.set(key, choice);
			hard = draft.data.hard;
			comment = draft.data.comment;
			if (draft.data.reasons) reasons = keptReasons(draft.data.reasons, reasonOptions, dims);
		}
	}
	// Only the study's dimensions reach the browser, whatever a draft held.
	const choices = Object.fromEntries(
		dims.filter((d) => stored.has(d.key)).map((d) => [d.key, stored.get(d.key)!])
	);

	const locked = await lockReason(db, found.studyStatus, assignment, pair.id);
	const final =
		locked && found.showFinalToRaters ? await feedback.forAssignment(db, assignment.id) : undefined;
	return {
		id: assignment.publicId,
		studyName: raterTitle({ id: pair.studyId, titleForRaters: found.titleForRaters }),
		...blinded,
		dimensions: dims.map(({ key, label, rubric }) => ({ key, label, rubric })),
		scale,
		choices,
		hard,
		comment,
		status: assignment.status,
		locked,
		progress: { done: found.done ?? 0, total: found.total ?? 0 },
		instructions: found.instructions,
		...(final ? { final } : {}),
		reasonOptions,
		reasons,
		...(assignment.purpose === 'training'
			? {
					training:
						assignment.status === 'submitted'
							? {
									feedback: await training.trainingFeedback(db, {
										id: assignment.id,
										pairId: pair.id,
										modelOnLeft: assignment.modelOnLeft,
										studyId: pair.studyId
									})
								}
							: {}
				}
			: {})
	};
}

async function markStarted(db: Db, assignment: AssignmentRow): Promise<void> {
	if (assignment.status === 'pending')
		await db.transaction(async (tx) =>
			prepared(tx, 'ratings.markStarted', (db) =>
				db
					.update(assignments)
					.set({ status: 'started', startedAt: sql`${sql.placeholder('now')}` })
					// Only from pending: a submission may have committed since the row was read.
					.where(and(eq(assignments.id, sql.placeholder('id')), eq(assignments.status, 'pending')))
					.prepare()
			).execute({ id: assignment.id, now: Date.now() })
		);
}

/**
 * The rater's next pair in the study of the outer query (`studies`, `study_members`), by its
 * assignment id, or null. A junior still in training (issue #16 §3) sees only training pairs
 * (their N training copies come first, at negative positions, on the partial index
 * assignments_training_idx) until they reach the study's minimum. Per study a probe that walks
 * the partial index assignments_open_queue_idx in queue order and stops at the first match, so
 * its cost does not grow with the rater's queue. Binds `user`.
 */
function nextProbe() {
	return sql<number | null>`case
		when coalesce(${studies.trainingPairs}, 0) > 0
			and ${studies.trainingMinAgreement} is not null
			and ${studyMembers.trainingPassedAt} is null
		then (select a.id from assignments a
			inner join pairs p on p.id = a.pair_id
			where a.user_id = ${sql.placeholder('user')} and a.status <> 'submitted'
				and a.role = 'junior' and a.purpose = 'training' and p.study_id = ${studies.id}
			order by a.position limit 1)
		else (select a.id from assignments a
			inner join pairs p on p.id = a.pair_id
			where a.user_id = ${sql.placeholder('user')} and a.status <> 'submitted'
				and a.role = 'junior' and p.study_id = ${studies.id}
			order by a.position limit 1)
		end`;
}

/**
 * The open studies in which the rater still has a pair to rate, each with that next pair's
 * assignment, for `open` (the landing page then needs no second probe). One statement: per
 * study, a probe that walks the partial index assignments_open_queue_idx in queue order and stops
 * at the first match, so its cost does not grow with the rater's queue.
 */
export async function studiesWithWork(
	db: Db,
	userId: number
): Promise<{ id: number; title: string; next: number }[]> {
	const rows = await prepared(db, 'ratings.studiesWithWork', (db) =>
		db
			.select({ id: studies.id, titleForRaters: studies.titleForRaters, next: nextProbe() })
			.from(studyMembers)
			.innerJoin(studies, eq(studies.id, studyMembers.studyId))
			.where(
				and(
					eq(studyMembers.userId, sql.placeholder('user')),
					eq(studyMembers.role, 'junior'),
					eq(studies.status, 'open')
				)
			)
			.prepare()
	).execute({ user: userId });
	// Ordered here rather than in SQL: a sort over the outer rows would hide, in the plan, that
	// the probe stops at its first match (test/integration/rating-path-plans.test.ts).
	return rows
		.sort((a, b) => a.id - b.id)
		.flatMap((study) =>
			study.next === null ? [] : [{ id: study.id, title: raterTitle(study), next: study.next }]
		);
}

/** A study the user is a junior of, as the landing page sees it (raterWork). */
export type RaterWork = {
	id: number;
	title: string;
	status: 'open' | 'closed';
	/** The next pair's assignment; null when none is waiting (or the study is closed). */
	next: number | null;
	/** That pair's row, read with it, in the study the page opens (raterWork's `target`). */
	found?: Row;
};

/** A study still importing is hidden from raters until its last slice is written. */
export const SHOWN: ('open' | 'closed')[] = ['open', 'closed'];

/**
 * The landing page's one statement (issue #18; on PostgreSQL each statement is a round trip):
 * every open or closed study the user is a junior of, each open one with its next pair
 * (nextProbe) joined on the probe's answer as `row` reads it — the assignment, its pair, the
 * study's page settings and the rater's progress — and, in the `target` study (every study when
 * it is 0), the question and both answers, so the page needs no second statement.
 */
function raterWorkQuery(db: Db) {
	const target = sql.placeholder('target');
	const wanted = sql`(${target} = 0 or ${studies.id} = ${target})`;
	const only = <T>(text: SQL<T>) => sql<T>`case when ${wanted} then ${text} end`;
	return db
		.select({
			id: studies.id,
			titleForRaters: studies.titleForRaters,
			studyStatus: studies.status,
			instructions: studies.instructions,
			showFinalToRaters: studies.showFinalToRaters,
			scale: studies.scale,
			// The rater's progress (counters kept by triggers, see progressOf).
			done: studyMembers.submittedCount,
			total: studyMembers.assignedCount,
			assignment: assignments,
			pair: pairs,
			question: only(texts.question),
			modelText: only(texts.modelText),
			opponentText: only(texts.opponentText)
		})
		.from(studyMembers)
		.innerJoin(studies, eq(studies.id, studyMembers.studyId))
		.leftJoin(
			assignments,
			eq(assignments.id, sql`case when ${studies.status} = 'open' then ${nextProbe()} end`)
		)
		.leftJoin(pairs, eq(pairs.id, assignments.pairId))
		.where(
			and(
				eq(studyMembers.userId, sql.placeholder('user')),
				eq(studyMembers.role, 'junior'),
				inArray(studies.status, SHOWN)
			)
		)
		.prepare();
}

/**
 * The studies the user is a junior of (open and closed, by id), each with its next pair, and in
 * `target` (or, with none, in every study) that pair's row to open with `openFound`.
 */
export async function raterWork(
	db: Db,
	userId: number,
	target: number | null
): Promise<RaterWork[]> {
	const rows = await prepared(db, 'ratings.raterWork', raterWorkQuery).execute({
		user: userId,
		target: target ?? 0
	});
	// Ordered here rather than in SQL, as in studiesWithWork.
	return rows
		.sort((a, b) => a.id - b.id)
		.map(({ id, titleForRaters, studyStatus, assignment, pair, ...rest }) => ({
			id,
			title: raterTitle({ id, titleForRaters }),
			status: studyStatus as RaterWork['status'],
			next: assignment?.id ?? null,
			...(assignment && pair && (target === null || id === target)
				? {
						found: {
							...rest,
							assignment,
							pair,
							titleForRaters,
							studyStatus,
							question: rest.question ?? ''
						}
					}
				: {})
		}));
}

/** Opens a pair raterWork read with its row (`found`). */
export async function openFound(db: Db, found: Row): Promise<PairView> {
	return await openAssignment(db, found);
}

/**
 * The open studies in which the user is a junior, by id, with their titles for raters and
 * whether real work is still closed to them by training (landing's "stuck in training" check).
 */
export async function openStudies(
	db: Db,
	userId: number
): Promise<{ id: number; title: string; inTraining: boolean }[]> {
	return (
		await db
			.select({
				id: studies.id,
				titleForRaters: studies.titleForRaters,
				trainingPairs: studies.trainingPairs,
				minAgreement: studies.trainingMinAgreement,
				passedAt: studyMembers.trainingPassedAt
			})
			.from(studyMembers)
			.innerJoin(studies, eq(studies.id, studyMembers.studyId))
			.where(
				and(
					eq(studyMembers.userId, userId),
					eq(studyMembers.role, 'junior'),
					eq(studies.status, 'open')
				)
			)
			.orderBy(asc(studies.id))
	).map((study) => ({
		id: study.id,
		title: raterTitle(study),
		// Real work stays closed until the junior reaches the study's training minimum.
		inTraining:
			(study.trainingPairs ?? 0) > 0 && study.minAgreement !== null && study.passedAt === null
	}));
}

/**
 * The rater's next unrated pair in an open study (queue order), opened; null when all done.
 * With `studyId`, only in that study (the one the rater chose).
 */
export async function next(db: Db, userId: number, studyId?: number): Promise<PairView | null> {
	const study = (await studiesWithWork(db, userId)).find(
		(s) => studyId === undefined || s.id === studyId
	);
	return study ? await open(db, study.next) : null;
}

/** Opens one of the rater's assignments found by studiesWithWork (its `next`). */
export async function open(db: Db, assignmentId: number): Promise<PairView> {
	return await openAssignment(db, (await row(db, 'id', assignmentId))!);
}

async function openAssignment(db: Db, found: Row): Promise<PairView> {
	await markStarted(db, found.assignment);
	return await buildView(db, {
		...found,
		assignment: {
			...found.assignment,
			status: found.assignment.status === 'pending' ? 'started' : found.assignment.status
		}
	});
}

export type Lookup<T> = { ok: true; value: T } | { ok: false; status: 403 | 404; message: string };

/** A junior's own assignment, or why not (404 for no such pair, 403 for someone else's). */
function owned<T extends { assignment: { role: string; userId: number } }>(
	found: T | undefined,
	userId: number
): Lookup<T> {
	if (!found || found.assignment.role !== 'junior')
		return { ok: false, status: 404, message: 'There is no such pair.' };
	if (found.assignment.userId !== userId)
		return { ok: false, status: 403, message: 'This pair is assigned to someone else.' };
	return { ok: true, value: found };
}

/** `"assignments"."<column>"`: drizzle leaves the only table's columns unqualified. */
const outer = (column: AnyColumn) => sql`${assignments}.${sql.identifier(column.name)}`;
/**
 * Correlated subqueries on the assignment's pair, by key. On SQLite the same columns cost several
 * times more through joins: reading one assignment with its pair, study and escalation took
 * ~65 µs of CPU joined and ~12 µs this way (100,000 assignments, issue #18).
 */
const studyOfPair = sql`(select p.study_id from pairs p where p.id = ${outer(assignments.pairId)})`;
const ofStudy = (column: string) =>
	sql`(select s.${sql.identifier(column)} from studies s where s.id = ${studyOfPair})`;
const ofEscalation = (column: string) =>
	sql`(select e.${sql.identifier(column)} from escalations e where e.pair_id = ${outer(assignments.pairId)})`;

/**
 * What a submission or a draft needs, in one statement (issue #18: a submission's cost is mostly
 * per statement): the assignment's columns but the draft's text, its study's status, scale and
 * escalation rule, and the pair's escalation (decided: locked; and reconcile's starting point).
 * Not the page's texts (the question and both answers, a few kB each): only evidence quotes need
 * them (answerTexts).
 */
function writeRowQuery(db: Db) {
	return db
		.select({
			assignment: {
				id: assignments.id,
				pairId: assignments.pairId,
				userId: assignments.userId,
				role: assignments.role,
				modelOnLeft: assignments.modelOnLeft,
				isRepeat: assignments.isRepeat,
				purpose: assignments.purpose,
				status: assignments.status,
				hardToDecide: assignments.hardToDecide,
				comment: assignments.comment,
				hasDraft: sql<boolean>`${assignments.draft} is not null`.mapWith(Boolean),
				startedAt: assignments.startedAt,
				submittedAt: assignments.submittedAt,
				secondsSpent: assignments.secondsSpent
			},
			studyId: studyOfPair.mapWith(Number),
			studyStatus: ofStudy('status').mapWith(studies.status),
			scale: ofStudy('scale').mapWith(Number),
			escalate: ofStudy('escalate').mapWith(studies.escalate),
			escalateMinDimensions: sql<number | null>`${ofStudy('escalate_min_dimensions')}`,
			escalated: sql<boolean>`exists(select 1 from escalations e
				where e.pair_id = ${outer(assignments.pairId)})`.mapWith(Boolean),
			decidedAt: sql<number | null>`${ofEscalation('decided_at')}`,
			withdrawnAt: sql<number | null>`${ofEscalation('withdrawn_at')}`,
			// Another junior of the pair (study work, not a repeat) has yet to submit: the pair
			// stays incomplete whatever this submission says, so reconcile needs no votes.
			othersOpen: sql<boolean>`exists(select 1 from assignments o
				where o.pair_id = ${outer(assignments.pairId)} and o.id <> ${outer(assignments.id)}
					and o.role = 'junior' and not o.is_repeat and o.purpose = 'study'
					and o.status <> 'submitted')`.mapWith(Boolean)
		})
		.from(assignments)
		.where(eq(assignments.publicId, sql.placeholder('key')))
		.prepare();
}

/** The rater's own assignment for a submission or a draft (writeRowQuery), inside its transaction. */
async function findForWrite(tx: Db, userId: number, publicId: string) {
	return owned(
		first(await prepared(tx, 'ratings.writeRow', writeRowQuery).execute({ key: publicId })),
		userId
	);
}

/** A submission's or draft's row is locked when the study is closed or the pair decided. */
async function writeLock(found: Awaited<ReturnType<typeof findForWrite>> & { ok: true }) {
	const { studyStatus, assignment, decidedAt } = found.value;
	return await lockedBecause(studyStatus, assignment, () => Boolean(decidedAt));
}

/** One of the rater's own pairs by its opaque id (to reopen a rated pair): one row read. */
export async function view(db: Db, userId: number, publicId: string): Promise<Lookup<PairView>> {
	const found = owned(await row(db, 'publicId', publicId), userId);
	if (!found.ok) return found;
	return { ok: true, value: await openAssignment(db, found.value) };
}

/** Keeps a half-filled form on the server so it survives a reload or a closed tab. */
export async function saveDraft(
	db: Db,
	userId: number,
	publicId: string,
	draft: Draft
): Promise<Lookup<null>> {
	return await db.transaction(async (tx) => {
		// Submissions and drafts of one pair take turns across app instances (PostgreSQL).
		await lockPairOf(tx, publicId);
		const found = await findForWrite(tx, userId, publicId);
		if (!found.ok) return found;
		const locked = await writeLock(found);
		if (locked) return { ok: false, status: 403, message: locked };
		// Committed before this transaction began (the assignment was found): kept once read.
		const dims = await studyDimensions(tx, found.value.studyId, true);
		const options = await studyReasonOptions(tx, found.value.studyId, true);
		const kept = {
			choices: studyChoices(draft.choices, dims, studyScale(found.value)),
			hard: draft.hard,
			comment: draft.comment,
			...(hasReasons(options) && {
				reasons: keptReasons(draft.reasons ?? emptyReasons(), options, dims)
			})
		};
		await tx
			.update(assignments)
			.set({ draft: JSON.stringify(kept) })
			.where(eq(assignments.id, found.value.assignment.id));
		return { ok: true, value: null };
	});
}

export type Submission = Draft & { seconds?: number };

export type SubmitResult =
	/** `training`: a training pair, whose feedback the rater sees next. */
	| { ok: true; changed: boolean; training?: boolean }
	| { ok: false; status: 400 | 403 | 404 | 409; message: string; missing?: string[] };

/**
 * Records a rater's judgment on every dimension, once: a repeated submission with the same
 * choices (double click, second tab) changes nothing. Every change is added to the history.
 */
export async function submit(
	db: Db,
	userId: number,
	publicId: string,
	input: Submission
): Promise<SubmitResult> {
	return await db.transaction(async (tx) => {
		// Submissions and drafts of one pair take turns across app instances (PostgreSQL).
		await lockPairOf(tx, publicId);
		const found = await findForWrite(tx, userId, publicId);
		if (!found.ok) return found;
		const { assignment, studyId } = found.value;
		const scale = studyScale(found.value);
		const locked = await writeLock(found);
		if (locked) return { ok: false, status: 409, message: locked };

		// Committed before this transaction began (the assignment was found): kept once read.
		const dims = await studyDimensions(tx, studyId, true);
		const choices = studyChoices(input.choices, dims, scale);
		const options = await studyReasonOptions(tx, studyId, true);
		const reasons = input.reasons ?? emptyReasons();
		const missing = [
			...dims.filter((d) => !Object.hasOwn(choices, d.key)).map((d) => d.label),
			...missingHarm(reasons, options)
		];
		if (missing.length)
			return {
				ok: false,
				status: 400,
				message: `Choose for every dimension before submitting. Missing: ${missing.join(', ')}.`,
				missing
			};

		const now = Date.now();
		let changed =
			assignment.status !== 'submitted' ||
			assignment.hardToDecide !== input.hard ||
			assignment.comment !== input.comment;
		if (
			await writeJudgments(tx, {
				assignmentId: assignment.id,
				modelOnLeft: assignment.modelOnLeft,
				scale,
				stage: 'rating',
				userId,
				choices,
				dimensions: dims,
				now
			})
		)
			changed = true;
		// A study that asks for no tags, harms or notes has no facts (its options never change).
		if (
			hasReasons(options) &&
			(await writeReasons(tx, {
				assignmentId: assignment.id,
				stage: 'rating',
				userId,
				now,
				facts: toFacts(
					reasons,
					assignment.modelOnLeft,
					options,
					dims.map((d) => d.key),
					reasons.spans ? await answerTexts(tx, assignment.id) : undefined
				)
			}))
		)
			changed = true;
		await writeNotes(tx, {
			assignmentId: assignment.id,
			stage: 'rating',
			userId,
			now,
			before:
				assignment.status === 'submitted'
					? { hard: assignment.hardToDecide, comment: assignment.comment }
					: null,
			after: { hard: input.hard, comment: input.comment }
		});
		if (!changed) {
			if (assignment.hasDraft)
				await tx.update(assignments).set({ draft: null }).where(eq(assignments.id, assignment.id));
			return { ok: true, changed: false };
		}

		const fallbackSeconds = assignment.startedAt
			? Math.min(now - assignment.startedAt, 3_600_000) / 1000
			: 0;
		const seconds = input.seconds ?? (assignment.status === 'submitted' ? 0 : fallbackSeconds);
		await prepared(tx, 'ratings.markSubmitted', (db) =>
			db
				.update(assignments)
				.set({
					status: 'submitted',
					submittedAt: sql`${sql.placeholder('submittedAt')}`,
					hardToDecide: sql`${sql.placeholder('hard')}`,
					comment: sql`${sql.placeholder('comment')}`,
					draft: null,
					secondsSpent: sql`${sql.placeholder('seconds')}`
				})
				.where(eq(assignments.id, sql.placeholder('id')))
				.prepare()
		).execute({
			id: assignment.id,
			submittedAt: assignment.submittedAt ?? now,
			hard: input.hard ? 1 : 0,
			comment: input.comment,
			seconds: assignment.secondsSpent + seconds
		});
		// Only study work enters final labels and escalation; gold copies never do.
		if (assignment.purpose === 'study' && !assignment.isRepeat)
			await reconcile(tx, assignment.pairId, {
				dims,
				escalation: found.value.escalated
					? { decidedAt: found.value.decidedAt, withdrawnAt: found.value.withdrawnAt }
					: null,
				escalate: storedRule(found.value.escalate, found.value.escalateMinDimensions),
				withFacts: hasReasons(options),
				othersOpen: found.value.othersOpen
			});
		if (assignment.purpose === 'training') {
			await training.afterTrainingSubmit(tx, userId, studyId);
			return { ok: true, changed: true, training: true };
		}
		return { ok: true, changed: true };
	});
}

/** Names of closed studies in which the rater still had pairs to rate (to say why they stopped). */
export async function closedStudiesWithWork(db: Db, userId: number): Promise<string[]> {
	return (
		await db
			.selectDistinct({ id: studies.id, titleForRaters: studies.titleForRaters })
			.from(assignments)
			.innerJoin(pairs, eq(pairs.id, assignments.pairId))
			.innerJoin(studies, eq(studies.id, pairs.studyId))
			.where(
				and(
					eq(assignments.userId, userId),
					ne(assignments.status, 'submitted'),
					eq(studies.status, 'closed')
				)
			)
	).map(raterTitle);
}

/** One of the rater's submitted pairs in the Rated list. */
export type RatedPair = {
	id: string;
	studyId: number;
	studyName: string;
	question: string;
	/** The rater's own choices, per dimension key, in their own placement. */
	choices: Record<string, Choice>;
	hard: boolean;
	/** When the rater last submitted or changed it (choices, flag or comment). */
	changedAt: number;
	/** A senior has decided the pair: it opens read-only. */
	decided: boolean;
	/** The study is closed: it opens read-only. */
	closed: boolean;
	/** A decided pair's final label in the rater's A/B; only when the study shows it. */
	final?: Record<string, Choice>;
};

/** The rater's submitted pairs (most recently changed first), to reopen and change. */
export async function rated(db: Db, userId: number): Promise<RatedPair[]> {
	// Hidden checks are listed like any pair; training pairs are not (they are not the study's).
	const mine = and(
		eq(assignments.userId, userId),
		eq(assignments.role, 'junior'),
		eq(assignments.status, 'submitted'),
		ne(assignments.purpose, 'training')
	);
	const choices = new Map<string, Record<string, Choice>>();
	for (const j of await db
		.select({
			id: assignments.publicId,
			left: assignments.modelOnLeft,
			key: dimensions.key,
			outcome: judgments.outcome,
			grade: judgments.grade
		})
		.from(judgments)
		.innerJoin(assignments, eq(assignments.id, judgments.assignmentId))
		.innerJoin(dimensions, eq(dimensions.id, judgments.dimensionId))
		.where(and(mine, eq(judgments.stage, 'rating')))) {
		const row = choices.get(j.id) ?? {};
		row[j.key] = toChoice(j.outcome, j.left, j.grade);
		choices.set(j.id, row);
	}
	const finals = await feedback.forRater(db, userId);
	// The last change is the latest of the submission, a judgment and a note (flag, comment).
	const changedAt = greatest(
		sql`coalesce(${assignments.submittedAt}, 0)`,
		sql`coalesce((select max(j.updated_at) from judgments j
			where j.assignment_id = ${assignments.id} and j.stage = 'rating'), 0)`,
		sql`coalesce((select max(n.changed_at) from note_history n
			where n.assignment_id = ${assignments.id} and n.stage = 'rating'), 0)`
	);
	return (
		await db
			.select({
				id: assignments.publicId,
				studyId: studies.id,
				titleForRaters: studies.titleForRaters,
				studyStatus: studies.status,
				question: prompts.text,
				hard: assignments.hardToDecide,
				changedAt,
				// A hidden check of an adjudicated gold pair is open, as its page says (lockReason).
				decided: sql<number>`${assignments.purpose} = 'study' and exists(select 1 from escalations e where e.pair_id = ${assignments.pairId} and e.decided_at is not null)`
			})
			.from(assignments)
			.innerJoin(pairs, eq(pairs.id, assignments.pairId))
			.innerJoin(studies, eq(studies.id, pairs.studyId))
			.innerJoin(prompts, eq(prompts.id, pairs.promptId))
			.where(mine)
			.orderBy(sql`${changedAt} desc`, asc(assignments.id))
	).map(({ studyId, titleForRaters, studyStatus, decided, ...row }) => ({
		...row,
		studyId,
		studyName: raterTitle({ id: studyId, titleForRaters }),
		choices: choices.get(row.id) ?? {},
		decided: Boolean(decided),
		closed: studyStatus === 'closed',
		...(finals.has(row.id) ? { final: finals.get(row.id) } : {})
	}));
}

/**
 * The Rated list grouped by study (most recently changed first), each with its dimensions as
 * columns, so the rows of one table line up whatever another study's dimensions are.
 */
export async function ratedByStudy(db: Db, userId: number) {
	const groups = new Map<
		number,
		{
			id: number;
			title: string;
			dimensions: { key: string; label: string }[];
			scale: Scale;
			pairs: RatedPair[];
		}
	>();
	for (const pair of await rated(db, userId)) {
		let group = groups.get(pair.studyId);
		if (!group) {
			const dims = (await studyDimensions(db, pair.studyId)).map(({ key, label }) => ({
				key,
				label
			}));
			const study = first(
				await db
					.select({ scale: studies.scale })
					.from(studies)
					.where(eq(studies.id, pair.studyId))
					.limit(1)
			);
			group = {
				id: pair.studyId,
				title: pair.studyName,
				dimensions: dims,
				scale: studyScale(study ?? { scale: 3 }),
				pairs: []
			};
			groups.set(pair.studyId, group);
		}
		group.pairs.push(pair);
	}
	return [...groups.values()];
}
