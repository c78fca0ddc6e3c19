/**
 * Writing a validated study file. One writer, `writeStudy`, yields every ROWS rows; it
 * runs either to the end in one transaction (`importStudy`: tests, the demo) or in short
 * transactions of ~SLICE_MS with the event loop free in between (`importStudyInSlices`: the web
 * form and the CLI), so a 40 MB study never holds the database, or the server's only thread,
 * for more than a slice. Until the last slice the study is `importing`, which nothing lists or
 * serves; a failed slice removes what the earlier ones wrote, and the server removes studies a
 * crash left `importing` when it starts (`removeUnfinishedImports`).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { AssignmentColumns } from '../../domain/assignment/columns.ts';
import { generatePairs } from '../../domain/assignment/generate-pairs.ts';
import { memberProblems } from '../../domain/study-file/member-problems.ts';
import type { Problem } from '../../domain/study-file/problem.ts';
import type { StudyFile } from '../../domain/study-file/schema.ts';
import { lockRow } from '../db/dialect-sql.ts';
import type { Db } from '../db/index.ts';
import { insertRows } from '../db/bulk-insert.ts';
import {
	dimensions,
	goldPairs,
	models,
	pairs,
	prompts,
	studies,
	studyMembers
} from '../db/schema.ts';
import * as assignments from './assignments.ts';
import * as audit from './audit.ts';
import * as gold from './gold.ts';
import * as users from './users.ts';
import type { AssignmentJob, AssignmentReply } from '../workers/assignment-plan.ts';
import { planAssignment } from '../workers/assignment.ts';
import { first } from '../db/index.ts';

export type ImportResult =
	| {
			ok: true;
			id: number;
			counts: { prompts: number; responses: number; pairs: number };
			/** Things the researcher should know before rating starts (e.g. blinding by repetition). */
			warnings: string[];
	  }
	| { ok: false; problems: Problem[] };

/** What the writer has done so far: the study's id once it exists, and rows written of all. */
export type ImportProgress = { studyId: number | undefined; written: number; total: number };

/** The study's assignment computed ahead (in the assignment worker), for these juniors' ids. */
export type PlannedAssignment = { juniors: number[]; columns: AssignmentColumns };

/** Rows written between yields (single-row inserts of a few µs each), and deleted per statement. */
const ROWS = 100;
/** Longest write transaction of a sliced import: /annotate waits at most about this long. */
export const SLICE_MS = 20;

/** Problems with the members list that only the database can tell: unknown, wrong role, disabled. */
export async function checkMembers(db: Db, members: StudyFile['members']): Promise<Problem[]> {
	const found = await users.lookup(db, [...members.junior, ...members.senior]);
	return memberProblems(members, new Map(found.map((u) => [u.username, u])));
}

function randomSeed(): number {
	return crypto.getRandomValues(new Uint32Array(1))[0] >>> 1;
}

/** The transaction a writer's next step runs in (the sliced import commits between steps). */
export type WriteTarget = { db: Db };

/**
 * Writes the study, its dimensions, models, prompts, responses, pairs, members and (when juniors
 * are listed) their assignments, in that order, yielding every ROWS rows. Each step writes in
 * `target.db`, which the caller may point at a new transaction between steps. The member check
 * comes first: on a problem nothing is written. The last step opens the study and audits it.
 */
export async function* writeStudy(
	target: WriteTarget,
	study: StudyFile,
	actorId: number | null,
	planned?: PlannedAssignment
): AsyncGenerator<ImportProgress, ImportResult> {
	const problems = await checkMembers(target.db, study.members);
	if (problems.length) return { ok: false, problems };

	const designPairs = generatePairs(
		study.design,
		study.models,
		study.prompts.map((p) => p.key)
	);
	const juniors = study.members.junior.length;
	const total =
		study.prompts.length +
		study.responses.length +
		designPairs.length +
		(juniors > 0 ? designPairs.length * study.raters_per_pair : 0);
	let written = 0;

	const seed = study.seed ?? randomSeed();
	const [{ id: studyId }] = await target.db
		.insert(studies)
		.values({
			name: study.name,
			titleForRaters: study.title_for_raters ?? null,
			instructions: study.instructions ?? null,
			showFinalToRaters: study.show_final_to_raters,
			escalate: typeof study.escalate === 'string' ? study.escalate : 'disagreement-on',
			escalateMinDimensions:
				typeof study.escalate === 'string' ? null : study.escalate['disagreement-on'],
			adjudicate: study.adjudicate,
			seniorOrder: study.senior_order,
			scale: study.scale,
			perDimensionNotes: study.per_dimension_notes,
			harm: study.harm,
			issueTags: study.issue_tags.length ? JSON.stringify(study.issue_tags) : null,
			design: study.design,
			ratersPerPair: study.raters_per_pair,
			seed,
			repeatRate: study.repeat_rate,
			trainingPairs: study.training?.pairs ?? null,
			trainingMinAgreement: study.training?.min_agreement ?? null,
			checkShare: study.gold_checks?.share ?? null,
			checkThreshold: study.gold_checks?.threshold ?? null,
			status: 'importing',
			createdBy: actorId
		})
		.returning({ id: studies.id });
	const progress = (): ImportProgress => ({ studyId, written, total });

	if (study.dimensions.length)
		await target.db.insert(dimensions).values(
			study.dimensions.map((d, position) => ({
				studyId,
				key: d.key,
				label: d.label,
				rubric: d.rubric,
				position
			}))
		);
	const modelIds = new Map<string, number>();
	for (const [position, m] of study.models.entries()) {
		const [{ id }] = await target.db
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
	yield progress();

	// Up to ROWS rows per insertRows call (see db/bulk-insert.ts), their ids in row order.
	const promptIds = new Map<string, number>();
	for (const [start, slice] of steps(study.prompts, written)) {
		const ids = await insertRows(
			target.db,
			'prompts',
			['study_id', 'key', 'text', 'position'],
			slice.map((p, k) => [studyId, p.key, p.text, start + k])
		);
		slice.forEach((p, k) => promptIds.set(p.key, ids[k]));
		written += slice.length;
		if (written % ROWS === 0) yield progress();
	}

	for (const [, slice] of steps(study.responses, written)) {
		await insertRows(
			target.db,
			'responses',
			['prompt_id', 'model_id', 'text'],
			slice.map((r) => [promptIds.get(r.prompt)!, modelIds.get(r.model)!, r.text])
		);
		written += slice.length;
		if (written % ROWS === 0) yield progress();
	}

	// Pair row ids in study order: what the assignment needs, without selecting them back.
	const pairIds: number[] = [];
	for (const [start, slice] of steps(designPairs, written)) {
		const ids = await insertRows(
			target.db,
			'pairs',
			['study_id', 'prompt_id', 'model_id', 'opponent_id', 'position'],
			slice.map((pair, k) => [
				studyId,
				promptIds.get(pair.prompt)!,
				modelIds.get(pair.model)!,
				modelIds.get(pair.opponent)!,
				start + k
			])
		);
		pairIds.push(...ids);
		written += slice.length;
		if (written % ROWS === 0) yield progress();
	}
	yield progress();
	const goldIds = await writeGold(target.db, study, studyId, designPairs, pairIds);

	const memberIds = new Map(
		(await users.lookup(target.db, [...study.members.junior, ...study.members.senior])).map((u) => [
			u.username,
			u.id
		])
	);
	const members = (['junior', 'senior'] as const).flatMap((role) =>
		study.members[role].map((username, i) => ({
			studyId,
			userId: memberIds.get(username)!,
			role,
			pseudonym: `${role === 'junior' ? 'J' : 'S'}${i + 1}`
		}))
	);
	if (members.length) await target.db.insert(studyMembers).values(members);

	const counts = {
		prompts: study.prompts.length,
		responses: study.responses.length,
		pairs: designPairs.length
	};
	// Juniors listed: give them the pairs now (the file was validated, so this cannot refuse).
	// Planned here, assignPairs is one step (101,250 pairs × 2 raters: ~0.4 s idle, 2.5 s under
	// load 8 on 2 cores): the sliced import plans in the assignment worker instead (planAhead).
	let assigned: number | undefined;
	if (juniors > 0) {
		const juniorIds = study.members.junior.map((username) => memberIds.get(username)!);
		// Planned off the thread for the same juniors (an account can change meanwhile): use it.
		const plan =
			planned && planned.juniors.join() === juniorIds.join()
				? { ok: true as const, ids: pairIds, queue: planned.columns }
				: assignments.planPairs(
						{ ratersPerPair: study.raters_per_pair, seed, repeatRate: study.repeat_rate },
						pairIds,
						designPairs,
						juniorIds,
						goldIds
					);
		if (!plan.ok) throw new Error(`Assignment failed after validation: ${plan.message}`);
		const queue = gold.withGold(plan.queue, pairIds, goldIds, seed, {
			trainingPairs: study.training?.pairs ?? null,
			checkShare: study.gold_checks?.share ?? null
		});
		const before = written;
		for await (const n of assignments.writeAssignments(target, plan.ids, queue)) {
			written = before + n;
			yield progress();
		}
		assigned = written - before;
	}

	const opened = await target.db
		.update(studies)
		.set({ status: 'open' })
		.where(and(eq(studies.id, studyId), eq(studies.status, 'importing')))
		.returning({ id: studies.id });
	if (opened.length !== 1)
		throw new Error(`Study ${studyId} was removed while it was being imported.`);
	if (assigned !== undefined)
		await assignments.recordAssigned(target.db, studyId, actorId, assigned);
	await audit.record(target.db, {
		userId: actorId,
		action: 'study.import',
		studyId,
		detail: { name: study.name, ...counts }
	});
	const blinding = await assignments.blindingNote(target.db, studyId);
	return { ok: true, id: studyId, counts, warnings: blinding ? [blinding] : [] };
}

/**
 * The study file's gold pairs (issue #16 §3), written with their expected outcomes; returns
 * their pair ids, which the assignment holds out of the study work.
 */
async function writeGold(
	db: Db,
	study: StudyFile,
	studyId: number,
	designPairs: readonly { prompt: string; model: string; opponent: string }[],
	pairIds: readonly number[]
): Promise<number[]> {
	if (study.gold.length === 0) return [];
	const key = (p: { prompt: string; model: string; opponent: string }) =>
		`${p.prompt}\u0000${p.model}\u0000${p.opponent}`;
	const idOf = new Map(designPairs.map((p, i) => [key(p), pairIds[i]]));
	const rows = study.gold.map((g) => ({
		pairId: idOf.get(key(g))!,
		studyId,
		expected: JSON.stringify(g.expected),
		explanation: g.explanation,
		source: 'study-file' as const
	}));
	await db.insert(goldPairs).values(rows);
	return rows.map((r) => r.pairId);
}

/**
 * `items` in consecutive runs that end where the count of rows written reaches a multiple of
 * ROWS (the writer yields there), given `written` rows before the first: [start, run] pairs.
 */
function* steps<T>(items: readonly T[], written: number): Generator<[number, T[]]> {
	for (let start = 0; start < items.length;) {
		const size = Math.min(items.length - start, ROWS - ((written + start) % ROWS));
		yield [start, items.slice(start, start + size)];
		start += size;
	}
}

/** Writes a validated study file in one transaction; on any problem nothing is written. */
export async function importStudy(
	db: Db,
	study: StudyFile,
	actorId: number | null
): Promise<ImportResult> {
	return await db.transaction(async (tx) => {
		const steps = writeStudy({ db: tx }, study, actorId);
		for (;;) {
			const step = await steps.next();
			if (step.done) return step.value;
		}
	});
}

export type SliceOptions = {
	/** Longest slice (default SLICE_MS). */
	sliceMs?: number;
	/** Between slices (default: one turn of the event loop, so waiting requests run). */
	pause?: () => Promise<void>;
	/** After each committed slice. */
	onProgress?: (progress: ImportProgress) => unknown;
	/** Runs the writer (tests inject a failure through it). */
	writer?: typeof writeStudy;
	/**
	 * Computes the assignment before the first slice (default: in the assignment worker). The
	 * import worker, itself off the request thread, plans in its own thread.
	 */
	plan?: (job: AssignmentJob) => AssignmentReply | Promise<AssignmentReply>;
};

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes a validated study file in transactions of at most ~sliceMs each, giving the event loop
 * back in between. A failure in any slice removes the partial study (also in slices) and
 * rethrows: as with importStudy, a failed import leaves nothing behind.
 */
export async function importStudyInSlices(
	db: Db,
	study: StudyFile,
	actorId: number | null,
	options: SliceOptions = {}
): Promise<ImportResult> {
	const {
		sliceMs = SLICE_MS,
		pause = nextTurn,
		onProgress,
		writer = writeStudy,
		plan = planAssignment
	} = options;
	// The seed is fixed here, so the assignment planned off the thread uses the study's own.
	study = { ...study, seed: study.seed ?? randomSeed() };
	const target: WriteTarget = { db };
	const steps = writer(target, study, actorId, await planAhead(db, study, plan));
	let studyId: number | undefined;
	try {
		for (;;) {
			const step = await db.transaction(async (tx) => {
				// Another instance's removeUnfinishedImports waits for the slice (PostgreSQL).
				if (studyId !== undefined) await lockRow(tx, 'studies', studyId);
				target.db = tx;
				const end = performance.now() + sliceMs;
				for (;;) {
					const next = await steps.next();
					if (next.done || performance.now() >= end) return next;
				}
			});
			if (step.done) return step.value;
			studyId = step.value.studyId;
			// Awaited between slices: what it reads is the state after this slice, on any database.
			await onProgress?.(step.value);
			await pause();
		}
	} catch (err) {
		// The failed slice rolled back; earlier slices committed. A study id first seen in the
		// failed slice was rolled back with it.
		if (studyId !== undefined) await removeStudy(db, studyId, pause);
		throw err;
	}
}

/**
 * The assignment of a study listing juniors, computed in the assignment worker while the event
 * loop stays free (assignPairs for 200,000 assignments is seconds under load); undefined, and
 * the writer plans on the thread, when an account is missing or the worker fails.
 */
async function planAhead(
	db: Db,
	study: StudyFile,
	plan: NonNullable<SliceOptions['plan']>
): Promise<PlannedAssignment | undefined> {
	// Gold pairs are held out and gold copies placed on the thread (small calibration studies).
	if (study.members.junior.length === 0 || study.gold.length > 0) return undefined;
	const found = new Map(
		(await users.lookup(db, study.members.junior)).map((u) => [u.username, u.id])
	);
	const juniors = study.members.junior.map((username) => found.get(username));
	if (juniors.some((id) => id === undefined)) return undefined;
	try {
		const reply = await plan({
			design: study.design,
			models: study.models.map((m) => ({ key: m.key, group: m.group })),
			promptKeys: study.prompts.map((p) => p.key),
			juniors: juniors as number[],
			ratersPerPair: study.raters_per_pair,
			seed: study.seed!,
			repeatRate: study.repeat_rate
		});
		return reply.ok ? { juniors: juniors as number[], columns: reply.columns } : undefined;
	} catch {
		return undefined;
	}
}

/** Deletes a study and everything under it, a few hundred pairs and prompts per transaction. */
async function removeStudy(db: Db, studyId: number, pause: () => Promise<void>): Promise<void> {
	for (const table of [pairs, prompts] as const)
		for (;;) {
			const batch = (
				await db.select({ id: table.id }).from(table).where(eq(table.studyId, studyId)).limit(ROWS)
			).map((r) => r.id);
			if (!batch.length) break;
			await db.transaction(async (tx) => {
				await tx.delete(table).where(inArray(table.id, batch));
			});
			await pause();
		}
	await db.transaction(async (tx) => {
		await tx.delete(studies).where(eq(studies.id, studyId));
	});
}

/**
 * Removes a study whose import stopped half-way in another thread (the import worker crashed
 * between slices), in slices; a study that is no longer `importing` is left alone.
 */
export async function removeStoppedImport(db: Db, studyId: number): Promise<void> {
	const found = first(
		await db
			.select({ status: studies.status })
			.from(studies)
			.where(eq(studies.id, studyId))
			.limit(1)
	);
	if (found?.status === 'importing') await removeStudy(db, studyId, nextTurn);
}

/**
 * Deletes studies a crash left `importing` (cascading to everything under them); run at server
 * start, before any request. A CLI import running at that moment fails at its next slice and
 * leaves nothing either.
 */
export async function removeUnfinishedImports(db: Db): Promise<{ id: number; name: string }[]> {
	return await db.transaction(async (tx) =>
		tx
			.delete(studies)
			.where(eq(studies.status, 'importing'))
			.returning({ id: studies.id, name: studies.name })
	);
}
