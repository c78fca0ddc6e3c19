/**
 * Writing a validated study file. One writer, `writeStudy`, yields after every statement; it
 * runs either to the end in one transaction (`importStudy`: tests, the demo) or in short
 * transactions of ~SLICE_MS with the event loop free in between (`importStudyInSlices`: the web
 * form and the CLI), so a 40 MB study never holds the database, or the server's only thread,
 * for more than a slice. Until the last slice the study is `importing`, which nothing lists or
 * serves; a failed slice removes what the earlier ones wrote, and the server removes studies a
 * crash left `importing` when it starts (`removeUnfinishedImports`).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { generatePairs } from '../../domain/assignment/generate-pairs.ts';
import { memberProblems } from '../../domain/study-file/member-problems.ts';
import type { Problem } from '../../domain/study-file/problem.ts';
import type { StudyFile } from '../../domain/study-file/schema.ts';
import type { Db } from '../db/index.ts';
import {
	dimensions,
	models,
	pairs,
	prompts,
	responses,
	studies,
	studyMembers
} from '../db/schema.ts';
import * as assignments from './assignments.ts';
import * as audit from './audit.ts';
import * as users from './users.ts';

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

/** Rows per insert statement (≤ 5 bound parameters each: far below SQLite's 32,766). */
const ROWS = 500;
/** Longest write transaction of a sliced import: /annotate waits at most about this long. */
export const SLICE_MS = 20;

/** Problems with the members list that only the database can tell: unknown, wrong role, disabled. */
export function checkMembers(db: Db, members: StudyFile['members']): Problem[] {
	const found = users.lookup(db, [...members.junior, ...members.senior]);
	return memberProblems(members, new Map(found.map((u) => [u.username, u])));
}

function randomSeed(): number {
	return crypto.getRandomValues(new Uint32Array(1))[0] >>> 1;
}

function* chunks<T>(items: T[]): Generator<T[]> {
	for (let i = 0; i < items.length; i += ROWS) yield items.slice(i, i + ROWS);
}

/**
 * Writes the study, its dimensions, models, prompts, responses, pairs, members and (when juniors
 * are listed) their assignments, in that order, yielding after each statement. The member check
 * comes first: on a problem nothing is written. The last step opens the study and audits it.
 */
export function* writeStudy(
	db: Db,
	study: StudyFile,
	actorId: number | null
): Generator<ImportProgress, ImportResult> {
	const problems = checkMembers(db, study.members);
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

	const { id: studyId } = db
		.insert(studies)
		.values({
			name: study.name,
			titleForRaters: study.title_for_raters ?? null,
			design: study.design,
			ratersPerPair: study.raters_per_pair,
			seed: study.seed ?? randomSeed(),
			repeatRate: study.repeat_rate,
			status: 'importing',
			createdBy: actorId
		})
		.returning({ id: studies.id })
		.get();
	const progress = (): ImportProgress => ({ studyId, written, total });

	if (study.dimensions.length)
		db.insert(dimensions)
			.values(
				study.dimensions.map((d, position) => ({
					studyId,
					key: d.key,
					label: d.label,
					rubric: d.rubric,
					position
				}))
			)
			.run();
	const modelIds = new Map<string, number>();
	study.models.forEach((m, position) => {
		const { id } = db
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
			.returning({ id: models.id })
			.get();
		modelIds.set(m.key, id);
	});
	yield progress();

	let position = 0;
	for (const chunk of chunks(study.prompts)) {
		db.insert(prompts)
			.values(chunk.map((p) => ({ studyId, key: p.key, text: p.text, position: position++ })))
			.run();
		written += chunk.length;
		yield progress();
	}
	// Ids selected back by the unique (study, key) rather than returned row by row.
	const promptIds = new Map(
		db
			.select({ id: prompts.id, key: prompts.key })
			.from(prompts)
			.where(eq(prompts.studyId, studyId))
			.all()
			.map((p) => [p.key, p.id])
	);

	for (const chunk of chunks(study.responses)) {
		db.insert(responses)
			.values(
				chunk.map((r) => ({
					promptId: promptIds.get(r.prompt)!,
					modelId: modelIds.get(r.model)!,
					text: r.text
				}))
			)
			.run();
		written += chunk.length;
		yield progress();
	}

	position = 0;
	for (const chunk of chunks(designPairs)) {
		db.insert(pairs)
			.values(
				chunk.map((pair) => ({
					studyId,
					promptId: promptIds.get(pair.prompt)!,
					modelId: modelIds.get(pair.model)!,
					opponentId: modelIds.get(pair.opponent)!,
					position: position++
				}))
			)
			.run();
		written += chunk.length;
		yield progress();
	}

	const memberIds = new Map(
		users
			.lookup(db, [...study.members.junior, ...study.members.senior])
			.map((u) => [u.username, u.id])
	);
	const members = (['junior', 'senior'] as const).flatMap((role) =>
		study.members[role].map((username, i) => ({
			studyId,
			userId: memberIds.get(username)!,
			role,
			pseudonym: `${role === 'junior' ? 'J' : 'S'}${i + 1}`
		}))
	);
	if (members.length) db.insert(studyMembers).values(members).run();

	const counts = {
		prompts: study.prompts.length,
		responses: study.responses.length,
		pairs: designPairs.length
	};
	// Juniors listed: give them the pairs now (the file was validated, so this cannot refuse).
	let assigned: number | undefined;
	if (juniors > 0) {
		const row = db.select().from(studies).where(eq(studies.id, studyId)).get()!;
		const planned = assignments.plan(db, row);
		if (!planned.ok) throw new Error(`Assignment failed after validation: ${planned.message}`);
		const before = written;
		for (const n of assignments.writeAssignments(db, planned.ids, planned.queue)) {
			written = before + n;
			yield progress();
		}
		assigned = planned.queue.length;
	}

	const opened = db
		.update(studies)
		.set({ status: 'open' })
		.where(and(eq(studies.id, studyId), eq(studies.status, 'importing')))
		.run();
	if (opened.changes !== 1)
		throw new Error(`Study ${studyId} was removed while it was being imported.`);
	if (assigned !== undefined) assignments.recordAssigned(db, studyId, actorId, assigned);
	audit.record(db, {
		userId: actorId,
		action: 'study.import',
		studyId,
		detail: { name: study.name, ...counts }
	});
	const blinding = assignments.blindingNote(db, studyId);
	return { ok: true, id: studyId, counts, warnings: blinding ? [blinding] : [] };
}

/** Writes a validated study file in one transaction; on any problem nothing is written. */
export function importStudy(db: Db, study: StudyFile, actorId: number | null): ImportResult {
	return db.transaction((tx) => assignments.drain(writeStudy(tx, study, actorId)));
}

export type SliceOptions = {
	/** Longest slice (default SLICE_MS). */
	sliceMs?: number;
	/** Between slices (default: one turn of the event loop, so waiting requests run). */
	pause?: () => Promise<void>;
	/** After each committed slice. */
	onProgress?: (progress: ImportProgress) => void;
	/** Runs the writer (tests inject a failure through it). */
	writer?: typeof writeStudy;
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
	const { sliceMs = SLICE_MS, pause = nextTurn, onProgress, writer = writeStudy } = options;
	const steps = writer(db, study, actorId);
	let studyId: number | undefined;
	try {
		for (;;) {
			const step = db.transaction(() => {
				const end = performance.now() + sliceMs;
				for (;;) {
					const next = steps.next();
					if (next.done || performance.now() >= end) return next;
				}
			});
			if (step.done) return step.value;
			studyId = step.value.studyId;
			onProgress?.(step.value);
			await pause();
		}
	} catch (err) {
		// The failed slice rolled back; earlier slices committed. A study id first seen in the
		// failed slice was rolled back with it.
		if (studyId !== undefined) await removeStudy(db, studyId, pause);
		throw err;
	}
}

/** Deletes a study and everything under it, a few hundred pairs and prompts per transaction. */
async function removeStudy(db: Db, studyId: number, pause: () => Promise<void>): Promise<void> {
	for (const table of [pairs, prompts] as const)
		for (;;) {
			const batch = db
				.select({ id: table.id })
				.from(table)
				.where(eq(table.studyId, studyId))
				.limit(ROWS)
				.all()
				.map((r) => r.id);
			if (!batch.length) break;
			db.delete(table).where(inArray(table.id, batch)).run();
			await pause();
		}
	db.delete(studies).where(eq(studies.id, studyId)).run();
}

/**
 * Deletes studies a crash left `importing` (cascading to everything under them); run at server
 * start, before any request. A CLI import running at that moment fails at its next slice and
 * leaves nothing either.
 */
export function removeUnfinishedImports(db: Db): { id: number; name: string }[] {
	return db
		.delete(studies)
		.where(eq(studies.status, 'importing'))
		.returning({ id: studies.id, name: studies.name })
		.all();
}
