/**
 * The study import as it was on main at f831aef (one transaction, row-by-row inserts with
 * `returning`), frozen here as the reference the sliced writer must reproduce row for row
 * (test/integration/sliced-import.test.ts). Do not "fix" it: it is the old behaviour.
 */
import { and, asc, eq, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { assignPairs } from '../../src/lib/domain/assignment/assign-pairs.ts';
import { generatePairs } from '../../src/lib/domain/assignment/generate-pairs.ts';
import type { Assignment, Pair } from '../../src/lib/domain/assignment/types.ts';
import type { StudyFile } from '../../src/lib/domain/study-file/schema.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import {
	assignments,
	dimensions,
	judgments,
	models,
	pairs,
	prompts,
	responses,
	studies,
	studyMembers
} from '../../src/lib/server/db/schema.ts';
import { newPublicId } from '../../src/lib/server/services/assignments.ts';
import * as assignmentsService from '../../src/lib/server/services/assignments.ts';
import type { AssignResult } from '../../src/lib/server/services/assignments.ts';
import * as audit from '../../src/lib/server/services/audit.ts';
import { checkMembers } from '../../src/lib/server/services/studies.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { first } from '../../src/lib/server/db/index.ts';

const randomSeed = () => crypto.getRandomValues(new Uint32Array(1))[0] >>> 1;

type StudyPairs = { ids: number[]; pairs: Pair[] };

/** The study's pairs in study order, with their database ids (index = the domain's pairIndex). */
async function studyPairs(db: Db, studyId: number): Promise<StudyPairs> {
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

async function judgmentCount(db: Db, studyId: number): Promise<number> {
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

/** Writes domain assignments; repeats point at their original's row id. */
async function insertAssignments(
	db: Db,
	ids: number[],
	queue: Assignment<number>[]
): Promise<void> {
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
		const row = first(
			await insert.execute({
				publicId: newPublicId(),
				pairId: ids[a.pairIndex],
				userId: a.junior,
				modelOnLeft: a.modelOnLeft ? 1 : 0,
				position: a.position,
				isRepeat: a.isRepeat ? 1 : 0,
				repeatOf:
					a.isRepeat && a.repeatOf !== undefined ? (rowAt.get(at(a, a.repeatOf)) ?? null) : null
			})
		);
		if (!a.isRepeat) rowAt.set(at(a, a.position), row!.id);
	}
}

async function assign(db: Db, studyId: number, actorId: number | null): Promise<AssignResult> {
	return await db.transaction(async (tx) => {
		const study = first(await tx.select().from(studies).where(eq(studies.id, studyId)).limit(1));
		if (!study) return { ok: false, message: `There is no study ${studyId}.` };
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
				message: `Juniors have already opened ${opened} ${opened === 1 ? 'pair' : 'pairs'} of this study; reassigning would delete their work in progress, so nothing was changed. Add juniors instead.`
			};
		const { ids, pairs: designPairs } = await studyPairs(tx, studyId);
		const juniors = await juniorsOf(tx, studyId);
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
		const queue = result.value.flatMap((q) => q.assignments);
		await insertAssignments(tx, ids, queue);
		await tx.update(studies).set({ assignedAt: Date.now() }).where(eq(studies.id, studyId));
		await audit.record(tx, {
			userId: actorId,
			action: 'study.assign',
			studyId,
			detail: { assignments: queue.length }
		});
		return { ok: true, assignments: queue.length };
	});
}

export async function importInOneTransaction(db: Db, study: StudyFile, actorId: number | null) {
	return await db.transaction(async (tx) => {
		const problems = await checkMembers(tx, study.members);
		if (problems.length) return { ok: false as const, problems };

		const [{ id: studyId }] = await tx
			.insert(studies)
			.values({
				name: study.name,
				titleForRaters: study.title_for_raters ?? null,
				design: study.design,
				ratersPerPair: study.raters_per_pair,
				seed: study.seed ?? randomSeed(),
				repeatRate: study.repeat_rate,
				escalate: typeof study.escalate === 'string' ? study.escalate : 'disagreement-on',
				escalateMinDimensions:
					typeof study.escalate === 'string' ? null : study.escalate['disagreement-on'],
				adjudicate: study.adjudicate,
				createdBy: actorId
			})
			.returning({ id: studies.id });

		study.dimensions.forEach(
			async (d, position) =>
				await tx
					.insert(dimensions)
					.values({ studyId, key: d.key, label: d.label, rubric: d.rubric, position })
		);
		const modelIds = new Map<string, number>();
		for (const [position, m] of study.models.entries()) {
			const [{ id }] = await tx
				.insert(models)
				.values({
					studyId,
					key: m.key,
					name: m.name ?? null,
					group: m.group,
					kind: m.kind ?? null,
					params: m.params ?? null,
					position
				})
				.returning({ id: models.id });
			modelIds.set(m.key, id);
		}

		const insertPrompt = tx
			.insert(prompts)
			.values({
				studyId,
				key: sql.placeholder('key'),
				text: sql.placeholder('text'),
				position: sql.placeholder('position')
			})
			.returning({ id: prompts.id })
			.prepare();
		const promptIds = new Map<string, number>();
		for (const [position, p] of study.prompts.entries())
			promptIds.set(
				p.key,
				first(await insertPrompt.execute({ key: p.key, text: p.text, position }))!.id
			);

		const insertResponse = tx
			.insert(responses)
			.values({
				promptId: sql.placeholder('promptId'),
				modelId: sql.placeholder('modelId'),
				text: sql.placeholder('text')
			})
			.prepare();
		for (const r of study.responses)
			await insertResponse.execute({
				promptId: promptIds.get(r.prompt)!,
				modelId: modelIds.get(r.model)!,
				text: r.text
			});

		const designPairs = generatePairs(
			study.design,
			study.models,
			study.prompts.map((p) => p.key)
		);
		const insertPair = tx
			.insert(pairs)
			.values({
				studyId,
				promptId: sql.placeholder('promptId'),
				modelId: sql.placeholder('modelId'),
				opponentId: sql.placeholder('opponentId'),
				position: sql.placeholder('position')
			})
			.prepare();
		designPairs.forEach(
			async (pair, position) =>
				await insertPair.execute({
					promptId: promptIds.get(pair.prompt)!,
					modelId: modelIds.get(pair.model)!,
					opponentId: modelIds.get(pair.opponent)!,
					position
				})
		);

		const memberIds = new Map(
			(await users.lookup(tx, [...study.members.junior, ...study.members.senior])).map((u) => [
				u.username,
				u.id
			])
		);
		for (const role of ['junior', 'senior'] as const)
			study.members[role].forEach(
				async (username, i) =>
					await tx.insert(studyMembers).values({
						studyId,
						userId: memberIds.get(username)!,
						role,
						pseudonym: `${role === 'junior' ? 'J' : 'S'}${i + 1}`
					})
			);

		const counts = {
			prompts: study.prompts.length,
			responses: study.responses.length,
			pairs: designPairs.length
		};
		// Juniors listed: give them the pairs now (the file was validated, so this cannot refuse).
		if (study.members.junior.length > 0) {
			const assigned = await assign(tx, studyId, actorId);
			if (!assigned.ok) throw new Error(`Assignment failed after validation: ${assigned.message}`);
		}
		await audit.record(tx, {
			userId: actorId,
			action: 'study.import',
			studyId,
			detail: { name: study.name, ...counts }
		});
		const blinding = await assignmentsService.blindingNote(tx, studyId);
		return { ok: true as const, id: studyId, counts, warnings: blinding ? [blinding] : [] };
	});
}
