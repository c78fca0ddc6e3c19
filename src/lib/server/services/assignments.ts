/**
 * Giving pairs to juniors (the study's seeded, counterbalanced assignment) and adding a junior
 * to a running study. The pure algorithm lives in src/lib/domain/assignment/.
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, asc, eq, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { assignPairs } from '../../domain/assignment/assign-pairs.ts';
import { rowAt, type AssignmentColumns } from '../../domain/assignment/columns.ts';
import { describeBlinding, planBlinding } from '../../domain/assignment/plan-blinding.ts';
import { rebalanceForNewJunior } from '../../domain/assignment/rebalance.ts';
import type { Assignment, Pair } from '../../domain/assignment/types.ts';
import type { Db } from '../db/index.ts';
import { insertRows } from '../db/bulk-insert.ts';
import {
	assignments,
	judgments,
	models,
	pairs,
	prompts,
	studies,
	studyMembers,
	users
} from '../db/schema.ts';
import * as audit from './audit.ts';
import * as gold from './gold.ts';
import { first } from '../db/index.ts';
import { countOf } from '../../format.ts';

/** An opaque identifier for URLs and forms: says nothing about the pair, its models or order. */
export function newPublicId(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(10)));
}

type StudyPairs = { ids: number[]; pairs: Pair[] };

/** The study's pairs in study order, with their database ids (index = the domain's pairIndex). */
export async function studyPairs(db: Db, studyId: number): Promise<StudyPairs> {
	const opponent = alias(models, 'opponent');
	const rows = await db
		.select({ id: pairs.id, prompt: prompts.key, model: models.key, opponent: opponent.key })
		.from(pairs)
		.innerJoin(prompts, eq(prompts.id, pairs.promptId))
		.innerJoin(models, eq(models.id, pairs.modelId))
		.innerJoin(opponent, eq(opponent.id, pairs.opponentId))
		.where(eq(pairs.studyId, studyId))
		.orderBy(asc(pairs.position));
	return {
		ids: rows.map((r) => r.id),
		pairs: rows.map(({ prompt, model, opponent }) => ({ prompt, model, opponent }))
	};
}

async function juniorsOf(db: Db, studyId: number): Promise<number[]> {
	return (
		await db
			.select({ userId: studyMembers.userId })
			.from(studyMembers)
			.where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.role, 'junior')))
			.orderBy(sql`cast(substr(${studyMembers.pseudonym}, 2) as integer)`)
	).map((m) => m.userId);
}

export async function judgmentCount(db: Db, studyId: number): Promise<number> {
	return (
		first(
			await db
				.select({ n: sql<number>`count(*)` })
				.from(judgments)
				.innerJoin(assignments, eq(assignments.id, judgments.assignmentId))
				.innerJoin(pairs, eq(pairs.id, assignments.pairId))
				.where(eq(pairs.studyId, studyId))
				.limit(1)
		)?.n ?? 0
	);
}

/** Junior assignments of the study that someone has opened: started, submitted or with a draft. */
async function openedCount(db: Db, studyId: number): Promise<number> {
	return (
		first(
			await db
				.select({ n: sql<number>`count(*)` })
				.from(assignments)
				.innerJoin(pairs, eq(pairs.id, assignments.pairId))
				.where(
					and(
						eq(pairs.studyId, studyId),
						eq(assignments.role, 'junior'),
						or(
							ne(assignments.status, 'pending'),
							isNotNull(assignments.startedAt),
							isNotNull(assignments.submittedAt),
							isNotNull(assignments.draft)
						)
					)
				)
				.limit(1)
		)?.n ?? 0
	);
}

/** Rows written between yields: a few hundred µs of single-row inserts. */
const ROWS_PER_STEP = 100;

const ASSIGNMENT_COLUMNS = [
	'public_id',
	'pair_id',
	'user_id',
	'role',
	'model_on_left',
	'position',
	'is_repeat',
	'repeat_of',
	'purpose'
] as const;

/**
 * Writes domain assignments ROWS_PER_STEP rows at a time (insertRows: a prepared statement row by
 * row on SQLite, a multi-row insert on PostgreSQL; a drizzle multi-row insert built a large
 * query object per statement: ~1 s and hundreds of MB for an import's 200,000 rows), yielding
 * the number written after each step so a caller can commit and let other requests run
 * (study-import.ts); `drain` runs it to the end. Originals are written first, so a repeat points
 * at its original's row id, taken from the original's insert. Each step writes on `target.db` as
 * it is then: a sliced import gives every slice its own transaction.
 */
export async function* writeAssignments(
	target: { db: Db },
	ids: number[],
	queue: Assignment<number>[] | AssignmentColumns
): AsyncGenerator<number, void> {
	const length = Array.isArray(queue) ? queue.length : queue.junior.length;
	const at = Array.isArray(queue) ? (i: number) => queue[i] : (i: number) => rowAt(queue, i);
	// `repeatOf` is a position in the repeat's own junior's queue: positions repeat across juniors,
	// so the original's row id is kept by junior, then position.
	const rowIdAt = new Map<number, number[]>();
	let written = 0;
	let batch: ReturnType<typeof at>[] = [];
	const flush = async () => {
		const rows = batch.map((a) => [
			newPublicId(),
			ids[a.pairIndex],
			a.junior,
			'junior',
			a.modelOnLeft,
			a.position,
			a.isRepeat,
			(a.isRepeat && a.repeatOf !== undefined ? rowIdAt.get(a.junior)?.[a.repeatOf] : null) ?? null,
			a.purpose ?? 'study'
		]);
		const rowIds = await insertRows(target.db, 'assignments', ASSIGNMENT_COLUMNS, rows);
		batch.forEach((a, k) => {
			if (a.isRepeat || a.purpose !== undefined) return;
			let byPosition = rowIdAt.get(a.junior);
			if (!byPosition) rowIdAt.set(a.junior, (byPosition = []));
			byPosition[a.position] = rowIds[k];
		});
		written += batch.length;
		batch = [];
	};
	for (const repeats of [false, true]) {
		for (let i = 0; i < length; i++) {
			const a = at(i);
			if (a.isRepeat !== repeats) continue;
			batch.push(a);
			if ((written + batch.length) % ROWS_PER_STEP === 0) {
				await flush();
				yield written;
			}
		}
		// Every original is written (and its id known) before the first repeat.
		if (batch.length > 0) await flush();
	}
	if (written % ROWS_PER_STEP !== 0) yield written;
}

/** Runs a writer generator to its end in the caller's transaction; returns its result. */
export async function drain<T>(steps: AsyncGenerator<unknown, T>): Promise<T> {
	for (;;) {
		const step = await steps.next();
		if (step.done) return step.value;
	}
}

/**
 * The researcher's warning when the study has too few juniors for each of them to see every
 * response at most once per prompt (how often each group's answers recur, and how many juniors
 * would avoid it); null when there is nothing to warn about.
 */
export async function blindingNote(db: Db, studyId: number): Promise<string | null> {
	const study = first(await db.select().from(studies).where(eq(studies.id, studyId)).limit(1));
	if (!study) return null;
	const studyModels = await db
		.select({ key: models.key, group: models.group })
		.from(models)
		.where(eq(models.studyId, studyId))
		.orderBy(asc(models.position));
	const plan = planBlinding(
		study.design,
		studyModels,
		(await juniorsOf(db, studyId)).length,
		study.ratersPerPair
	);
	return describeBlinding(plan);
}

/** A study that is not being imported (an importing study is written by study-import.ts). */
export async function visibleStudy(db: Db, studyId: number) {
	return first(
		await db
			.select()
			.from(studies)
			.where(and(eq(studies.id, studyId), ne(studies.status, 'importing')))
			.limit(1)
	);
}

/** Why an archived study refuses a change (study-archive.ts archives). */
export const ARCHIVED_MESSAGE =
	'This study is archived and read-only. Unarchive it first (its exports still work).';

export type AssignResult = { ok: true; assignments: number } | { ok: false; message: string };

/**
 * (Re)assigns all pairs of a study that has no ratings yet, from its seed: the same study and
 * seed always give the same assignment.
 */
export async function assign(
	db: Db,
	studyId: number,
	actorId: number | null
): Promise<AssignResult> {
	return await db.transaction(async (tx) => {
		const study = await visibleStudy(tx, studyId);
		if (!study) return { ok: false, message: `There is no study ${studyId}.` };
		if (study.archivedAt !== null) return { ok: false, message: ARCHIVED_MESSAGE };
		if ((await judgmentCount(tx, studyId)) > 0)
			return {
				ok: false,
				message: 'This study already has ratings; it cannot be reassigned. Add juniors instead.'
			};
		// Reassigning deletes every junior assignment: an opened pair would lose its draft and the
		// junior's pending submit would find nothing.
		const opened = await openedCount(tx, studyId);
		if (opened > 0)
			return {
				ok: false,
				message: `Juniors have already opened ${countOf(opened, 'pair')} of this study; reassigning would delete their work in progress, so nothing was changed. Add juniors instead.`
			};
		const planned = await plan(tx, study);
		if (!planned.ok) return planned;
		const { ids, queue } = planned;

		await tx
			.delete(assignments)
			.where(
				and(
					eq(assignments.role, 'junior'),
					inArray(
						assignments.pairId,
						tx.select({ id: pairs.id }).from(pairs).where(eq(pairs.studyId, studyId))
					)
				)
			);
		await drain(writeAssignments({ db: tx }, ids, queue));
		return await recordAssigned(tx, studyId, actorId, queue.length);
	});
}

type Planned =
	{ ok: true; ids: number[]; queue: Assignment<number>[] } | { ok: false; message: string };

/**
 * The study's seeded assignment, computed and not yet written (pair ids index = pairIndex): its
 * gold pairs held out of the study work and each junior's gold copies placed (issue #16 §3).
 */
export async function plan(db: Db, study: typeof studies.$inferSelect): Promise<Planned> {
	const { ids, pairs: designPairs } = await studyPairs(db, study.id);
	const goldIds = await gold.goldPairIds(db, study.id);
	const planned = planPairs(study, ids, designPairs, await juniorsOf(db, study.id), goldIds);
	if (!planned.ok) return planned;
	const queue = gold.withGold(planned.queue, ids, goldIds, study.seed, study);
	return { ...planned, queue: Array.isArray(queue) ? queue : planned.queue };
}

/**
 * The seeded assignment of pairs the caller already holds (an import has just written them:
 * no need to select them back), for juniors in pseudonym order (J1, J2, ...).
 */
export function planPairs(
	study: Pick<typeof studies.$inferSelect, 'ratersPerPair' | 'seed' | 'repeatRate'>,
	ids: number[],
	designPairs: Pair[],
	juniors: number[],
	goldIds: readonly number[] = []
): Planned {
	if (juniors.length === 0)
		return { ok: false, message: 'The study lists no juniors to assign pairs to.' };
	const result = assignPairs({
		pairs: designPairs,
		juniors,
		ratersPerPair: study.ratersPerPair,
		seed: study.seed,
		repeatRate: study.repeatRate,
		holdOut: holdOutOf(ids, goldIds)
	});
	if (!result.ok) return { ok: false, message: result.error.message };
	return { ok: true, ids, queue: result.value.flatMap((q) => q.assignments) };
}

/** The pair indices of the gold pairs (held out of study work), undefined without gold. */
export function holdOutOf(ids: readonly number[], goldIds: readonly number[]) {
	if (goldIds.length === 0) return undefined;
	const goldSet = new Set(goldIds);
	return new Set(ids.flatMap((id, i) => (goldSet.has(id) ? [i] : [])));
}

/** Marks the study assigned and audits it, once its assignments are written. */
export async function recordAssigned(
	db: Db,
	studyId: number,
	actorId: number | null,
	count: number
): Promise<AssignResult> {
	await db.transaction(async (tx) =>
		tx.update(studies).set({ assignedAt: Date.now() }).where(eq(studies.id, studyId))
	);
	await audit.record(db, {
		userId: actorId,
		action: 'study.assign',
		studyId,
		detail: { assignments: count }
	});
	return { ok: true, assignments: count };
}

/**
 * Adds a junior to a running study and moves only not-yet-started work to them; nothing a junior
 * has opened or rated changes owner.
 */
export async function addJunior(
	db: Db,
	studyId: number,
	username: string,
	actorId: number
): Promise<AssignResult> {
	return await db.transaction(async (tx) => {
		const study = await visibleStudy(tx, studyId);
		if (!study) return { ok: false, message: `There is no study ${studyId}.` };
		if (study.archivedAt !== null) return { ok: false, message: ARCHIVED_MESSAGE };
		const user = first(
			await tx.select().from(users).where(eq(users.username, username.trim())).limit(1)
		);
		if (!user) return { ok: false, message: `There is no account "${username}".` };
		if (user.role !== 'junior')
			return { ok: false, message: `"${username}" is a ${user.role}, not a junior.` };
		if (user.disabledAt !== null)
			return {
				ok: false,
				message: `The account "${username}" is disabled; enable it on the Accounts page before adding it to a study.`
			};
		const juniors = await juniorsOf(tx, studyId);
		const member = first(
			await tx
				.select()
				.from(studyMembers)
				.where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.userId, user.id)))
				.limit(1)
		);
		if (member) return { ok: false, message: `"${username}" is already a member of this study.` };

		await tx
			.insert(studyMembers)
			.values({ studyId, userId: user.id, role: 'junior', pseudonym: `J${juniors.length + 1}` });
		await audit.record(tx, {
			userId: actorId,
			action: 'study.add-junior',
			studyId,
			detail: { username }
		});
		if (study.assignedAt === null) return { ok: true, assignments: 0 };

		const { ids, pairs: designPairs } = await studyPairs(tx, studyId);
		const indexOf = new Map(ids.map((id, i) => [id, i]));
		const rows = await tx
			.select()
			.from(assignments)
			.where(
				and(
					eq(assignments.role, 'junior'),
					eq(assignments.purpose, 'study'),
					inArray(assignments.pairId, ids)
				)
			);
		const current = rows.map((row) => ({
			pairIndex: indexOf.get(row.pairId)!,
			junior: row.userId,
			modelOnLeft: row.modelOnLeft,
			position: row.position,
			isRepeat: row.isRepeat,
			started: row.status !== 'pending'
		}));
		const result = rebalanceForNewJunior({
			pairs: designPairs,
			juniors,
			current,
			newJunior: user.id,
			seed: study.seed,
			repeatRate: study.repeatRate
		});
		if (!result.ok) return { ok: false, message: result.error.message };
		const byKey = new Map(
			rows.map((row) => [`${row.pairId}:${row.userId}:${row.isRepeat}`, row.id])
		);
		const removed = result.value.removed.map((k) =>
			byKey.get(`${ids[k.pairIndex]}:${k.junior}:${k.isRepeat}`)!
		);
		for (let i = 0; i < removed.length; i += 500)
			await tx.delete(assignments).where(inArray(assignments.id, removed.slice(i, i + 500)));
		// The new junior's gold copies, placed as for the others (their own seeded stream).
		const added = gold.withGold(
			result.value.added,
			ids,
			await gold.goldPairIds(tx, studyId),
			study.seed,
			study
		);
		await drain(writeAssignments({ db: tx }, ids, added));
		return { ok: true, assignments: Array.isArray(added) ? added.length : added.junior.length };
	});
}
