/**
 * Giving pairs to juniors (the study's seeded, counterbalanced assignment) and adding a junior
 * to a running study. The pure algorithm lives in src/lib/domain/assignment/.
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, asc, eq, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { assignPairs } from '../../domain/assignment/assign-pairs.ts';
import { describeBlinding, planBlinding } from '../../domain/assignment/plan-blinding.ts';
import { rebalanceForNewJunior } from '../../domain/assignment/rebalance.ts';
import type { Assignment, Pair } from '../../domain/assignment/types.ts';
import type { Db } from '../db/index.ts';
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

/** An opaque identifier for URLs and forms: says nothing about the pair, its models or order. */
export function newPublicId(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(10)));
}

type StudyPairs = { ids: number[]; pairs: Pair[] };

/** The study's pairs in study order, with their database ids (index = the domain's pairIndex). */
function studyPairs(db: Db, studyId: number): StudyPairs {
	const opponent = alias(models, 'opponent');
	const rows = db
		.select({ id: pairs.id, prompt: prompts.key, model: models.key, opponent: opponent.key })
		.from(pairs)
		.innerJoin(prompts, eq(prompts.id, pairs.promptId))
		.innerJoin(models, eq(models.id, pairs.modelId))
		.innerJoin(opponent, eq(opponent.id, pairs.opponentId))
		.where(eq(pairs.studyId, studyId))
		.orderBy(asc(pairs.position))
		.all();
	return {
		ids: rows.map((r) => r.id),
		pairs: rows.map(({ prompt, model, opponent }) => ({ prompt, model, opponent }))
	};
}

function juniorsOf(db: Db, studyId: number): number[] {
	return db
		.select({ userId: studyMembers.userId })
		.from(studyMembers)
		.where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.role, 'junior')))
		.orderBy(sql`cast(substr(${studyMembers.pseudonym}, 2) as integer)`)
		.all()
		.map((m) => m.userId);
}

export function judgmentCount(db: Db, studyId: number): number {
	return (
		db
			.select({ n: sql<number>`count(*)` })
			.from(judgments)
			.innerJoin(assignments, eq(assignments.id, judgments.assignmentId))
			.innerJoin(pairs, eq(pairs.id, assignments.pairId))
			.where(eq(pairs.studyId, studyId))
			.get()?.n ?? 0
	);
}

/** Junior assignments of the study that someone has opened: started, submitted or with a draft. */
function openedCount(db: Db, studyId: number): number {
	return (
		db
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
			.get()?.n ?? 0
	);
}

/** Writes domain assignments; repeats point at their original's row id. */
function insertAssignments(db: Db, ids: number[], queue: Assignment<number>[]): void {
	const insert = db
		.insert(assignments)
		.values({
			publicId: sql.placeholder('publicId'),
			pairId: sql.placeholder('pairId'),
			userId: sql.placeholder('userId'),
			role: 'junior',
			modelOnLeft: sql.placeholder('modelOnLeft'),
			position: sql.placeholder('position'),
			isRepeat: sql.placeholder('isRepeat'),
			repeatOf: sql.placeholder('repeatOf')
		})
		.returning({ id: assignments.id })
		.prepare();
	// `repeatOf` is a position in the repeat's own junior's queue: positions repeat across juniors,
	// so the original's row is looked up by (junior, position).
	const rowAt = new Map<string, number>();
	const at = (a: Assignment<number>, position: number) => `${a.junior}:${position}`;
	// Originals first, so that repeats can refer to their row.
	const ordered = [...queue].sort((a, b) => Number(a.isRepeat) - Number(b.isRepeat));
	for (const a of ordered) {
		const row = insert.get({
			publicId: newPublicId(),
			pairId: ids[a.pairIndex],
			userId: a.junior,
			modelOnLeft: a.modelOnLeft ? 1 : 0,
			position: a.position,
			isRepeat: a.isRepeat ? 1 : 0,
			repeatOf:
				a.isRepeat && a.repeatOf !== undefined ? (rowAt.get(at(a, a.repeatOf)) ?? null) : null
		});
		if (!a.isRepeat) rowAt.set(at(a, a.position), row!.id);
	}
}

/**
 * The researcher's warning when the study has too few juniors for each of them to see every
 * response at most once per prompt (how often each group's answers recur, and how many juniors
 * would avoid it); null when there is nothing to warn about.
 */
export function blindingNote(db: Db, studyId: number): string | null {
	const study = db.select().from(studies).where(eq(studies.id, studyId)).get();
	if (!study) return null;
	const studyModels = db
		.select({ key: models.key, group: models.group })
		.from(models)
		.where(eq(models.studyId, studyId))
		.orderBy(asc(models.position))
		.all();
	const plan = planBlinding(
		study.design,
		studyModels,
		juniorsOf(db, studyId).length,
		study.ratersPerPair
	);
	return describeBlinding(plan);
}

export type AssignResult = { ok: true; assignments: number } | { ok: false; message: string };

/**
 * (Re)assigns all pairs of a study that has no ratings yet, from its seed: the same study and
 * seed always give the same assignment.
 */
export function assign(db: Db, studyId: number, actorId: number | null): AssignResult {
	return db.transaction((tx) => {
		const study = tx.select().from(studies).where(eq(studies.id, studyId)).get();
		if (!study) return { ok: false, message: `There is no study ${studyId}.` };
		if (judgmentCount(tx, studyId) > 0)
			return {
				ok: false,
				message: 'This study already has ratings; it cannot be reassigned. Add juniors instead.'
			};
		// Reassigning deletes every junior assignment: an opened pair would lose its draft and the
		// junior's pending submit would find nothing.
		const opened = openedCount(tx, studyId);
		if (opened > 0)
			return {
				ok: false,
				message: `Juniors have already opened ${opened} pair(s) of this study; reassigning would delete their work in progress, so nothing was changed. Add juniors instead.`
			};
		const { ids, pairs: designPairs } = studyPairs(tx, studyId);
		const juniors = juniorsOf(tx, studyId);
		if (juniors.length === 0)
			return { ok: false, message: 'The study lists no juniors to assign pairs to.' };
		const result = assignPairs({
			pairs: designPairs,
			juniors,
			ratersPerPair: study.ratersPerPair,
			seed: study.seed,
			repeatRate: study.repeatRate
		});
		if (!result.ok) return { ok: false, message: result.error.message };

		tx.delete(assignments)
			.where(
				and(
					eq(assignments.role, 'junior'),
					inArray(
						assignments.pairId,
						tx.select({ id: pairs.id }).from(pairs).where(eq(pairs.studyId, studyId))
					)
				)
			)
			.run();
		const queue = result.value.flatMap((q) => q.assignments);
		insertAssignments(tx, ids, queue);
		tx.update(studies).set({ assignedAt: Date.now() }).where(eq(studies.id, studyId)).run();
		audit.record(tx, {
			userId: actorId,
			action: 'study.assign',
			studyId,
			detail: { assignments: queue.length }
		});
		return { ok: true, assignments: queue.length };
	});
}

/**
 * Adds a junior to a running study and moves only not-yet-started work to them; nothing a junior
 * has opened or rated changes owner.
 */
export function addJunior(
	db: Db,
	studyId: number,
	username: string,
	actorId: number
): AssignResult {
	return db.transaction((tx) => {
		const study = tx.select().from(studies).where(eq(studies.id, studyId)).get();
		if (!study) return { ok: false, message: `There is no study ${studyId}.` };
		const user = tx.select().from(users).where(eq(users.username, username.trim())).get();
		if (!user) return { ok: false, message: `There is no account "${username}".` };
		if (user.role !== 'junior')
			return { ok: false, message: `"${username}" is a ${user.role}, not a junior.` };
		if (user.disabledAt !== null)
			return {
				ok: false,
				message: `The account "${username}" is disabled; enable it on the Accounts page before adding it to a study.`
			};
		const juniors = juniorsOf(tx, studyId);
		const member = tx
			.select()
			.from(studyMembers)
			.where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.userId, user.id)))
			.get();
		if (member) return { ok: false, message: `"${username}" is already a member of this study.` };

		tx.insert(studyMembers)
			.values({ studyId, userId: user.id, role: 'junior', pseudonym: `J${juniors.length + 1}` })
			.run();
		audit.record(tx, {
			userId: actorId,
			action: 'study.add-junior',
			studyId,
			detail: { username }
		});
		if (study.assignedAt === null) return { ok: true, assignments: 0 };

		const { ids, pairs: designPairs } = studyPairs(tx, studyId);
		const indexOf = new Map(ids.map((id, i) => [id, i]));
		const rows = tx
			.select()
			.from(assignments)
			.where(and(eq(assignments.role, 'junior'), inArray(assignments.pairId, ids)))
			.all();
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
			tx.delete(assignments)
				.where(inArray(assignments.id, removed.slice(i, i + 500)))
				.run();
		insertAssignments(tx, ids, result.value.added);
		return { ok: true, assignments: result.value.added.length };
	});
}
