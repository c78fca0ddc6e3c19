/**
 * The study import written in slices (issue #11 item 18): each slice a short transaction with
 * the event loop free in between, the study hidden while `importing`, nothing left behind by a
 * failure or a crash, and the same rows as the one-transaction import it replaces.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { parseStudyFile, type StudyFile } from '../../src/lib/domain/study-file/index.ts';
import type { AppDb, Db } from '../../src/lib/server/db/index.ts';
import * as adjudication from '../../src/lib/server/services/adjudication.ts';
import * as assignments from '../../src/lib/server/services/assignments.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import {
	writeStudy,
	type ImportProgress,
	type SliceOptions
} from '../../src/lib/server/services/study-import.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import * as users from '../../src/lib/server/services/users.ts';
import * as assignmentWorker from '../../src/lib/server/workers/assignment.ts';
import { rawRows, rowCounts, tableNames, testDb } from '../helpers/db.ts';
import { importInOneTransaction } from '../helpers/one-transaction-import.ts';
import { smallStudy } from '../helpers/study.ts';

let db: AppDb;
const ids: Record<string, number> = {};

/**
 * 120 prompts × 4 models, repeats on: 480 responses, 360 pairs, 720 assignments and 72 repeats
 * (1,752 rows after the study's own), two or more statements of 500 rows for the assignments.
 */
function largerStudy(overrides = {}): StudyFile {
	const models = [
		{ key: 'cand-a', group: 'candidate' as const },
		{ key: 'cand-b', group: 'candidate' as const },
		{ key: 'cand-c', group: 'candidate' as const },
		{ key: 'ref', group: 'reference' as const }
	];
	const prompts = Array.from({ length: 120 }, (_, i) => ({ key: `q${i}`, text: `Q ${i}?` }));
	const parsed = parseStudyFile(
		JSON.stringify(
			smallStudy({
				models,
				prompts,
				repeat_rate: 0.1,
				responses: prompts.flatMap((p) =>
					models.map((m, i) => ({ prompt: p.key, model: m.key, text: `Answer ${i} to ${p.key}` }))
				),
				...overrides
			})
		)
	);
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
	return parsed.value;
}

/** Row counts of every table. */
const counts = () => rowCounts(db);

/** Every row of every table, without what differs by clock or by chance (times, public ids). */
async function dump(target: AppDb): Promise<Record<string, unknown[]>> {
	const volatile = new Set([
		'created_at',
		'updated_at',
		'assigned_at',
		'at',
		'public_id',
		'password_hash'
	]);
	const dumped: Record<string, unknown[]> = {};
	for (const name of await tableNames(target)) {
		if (name === 'sessions') continue;
		// In the order of the stored rows' own values (PostgreSQL has no rowid).
		dumped[name] = (await rawRows<object>(target, `select * from "${name}"`))
			.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !volatile.has(k))))
			.map((row) => [JSON.stringify(row), row] as const)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([, row]) => row);
	}
	return dumped;
}

async function freshDb(): Promise<AppDb> {
	const fresh = await testDb();
	for (const [username, role] of [
		['junior1', 'junior'],
		['junior2', 'junior'],
		['senior', 'senior'],
		['res', 'researcher']
	] as const)
		await users.create(fresh, { username, role, password: 'twelve chars!!' });
	for (const u of await users.list(fresh)) ids[u.username] = u.id;
	return fresh;
}

/** Every way a user could come across a study: none may show the importing one. */
async function traces(studyId: number) {
	return {
		listed: (await studies.list(db)).some((s) => s.id === studyId),
		page: (await studies.overview(db, studyId)) !== undefined,
		get: (await studies.get(db, studyId)) !== undefined,
		juniorNext: (await ratings.next(db, ids.junior1)) !== null,
		juniorRated: (await ratings.rated(db, ids.junior1)).length,
		closedWithWork: (await ratings.closedStudiesWithWork(db, ids.junior1)).length,
		seniorQueue: (await adjudication.queue(db, ids.senior)).length,
		seniorNext: (await adjudication.next(db, ids.senior)) !== null,
		assign: (await assignments.assign(db, studyId, ids.res)).ok
	};
}

const noTrace = {
	listed: false,
	page: false,
	get: false,
	juniorNext: false,
	juniorRated: 0,
	closedWithWork: 0,
	seniorQueue: 0,
	seniorNext: false,
	assign: false
};

beforeEach(async () => {
	db = await freshDb();
});
afterAll(() => assignmentWorker.close());

describe('sliced study import', () => {
	it('gives the event loop back between slices: a timer keeps firing while it writes', async () => {
		let ticks = 0;
		const timer = setInterval(() => ticks++, 0);
		const written: number[] = [];
		const result = await studies.importStudyInSlices(db, largerStudy(), ids.res, {
			sliceMs: 0,
			onProgress: (progress) => written.push(progress.written),
			pause: () => new Promise((resolve) => setTimeout(resolve, 1))
		});
		clearInterval(timer);
		expect(result.ok).toBe(true);
		// One step per slice: the study row, then at most 100 rows of prompts, responses, pairs
		// and assignments each, up to all of them (120 + 480 + 360 + 720 assignments and repeats).
		const slices = written.length;
		const steps = written.map((n, i) => n - (written[i - 1] ?? 0));
		expect(Math.max(...steps)).toBeLessThanOrEqual(100);
		expect(written.at(-1)).toBeGreaterThan(120 + 480 + 360 + 720);
		expect(slices).toBeGreaterThanOrEqual(Math.ceil(written.at(-1)! / 100));
		expect(ticks).toBeGreaterThanOrEqual(slices / 2);
	});

	it('hides the study from every listing, queue, page and action until the last slice', async () => {
		const seen: (Awaited<ReturnType<typeof traces>> & { written: number })[] = [];
		const result = await studies.importStudyInSlices(db, largerStudy(), ids.res, {
			sliceMs: 0,
			onProgress: async (p: ImportProgress) =>
				seen.push({ ...(await traces(p.studyId!)), written: p.written })
		});
		expect(result.ok).toBe(true);
		expect(seen.length).toBeGreaterThanOrEqual(7);
		// The last slice seen wrote the last assignment statement, and still nobody sees the study.
		expect(seen.at(-1)!.written).toBe(120 + 480 + 360 + 792);
		for (const { written: _, ...trace } of seen) expect(trace).toEqual(noTrace);
		// Afterwards all of it is there.
		const id = (result as { id: number }).id;
		expect((await studies.list(db)).map((s) => s.id)).toContain(id);
		expect(await ratings.next(db, ids.junior1)).not.toBeNull();
	});

	it('leaves nothing behind when a slice in the middle fails', async () => {
		await studies.importStudyInSlices(db, largerStudy({ name: 'Earlier' }), ids.res);
		const before = await counts();
		let failedAt: ImportProgress | undefined;
		const failing: SliceOptions['writer'] = async function* (target, study, actorId) {
			const steps = writeStudy(target, study, actorId);
			for (let n = 0; ; n++) {
				const step = await steps.next();
				if (step.done) return step.value;
				if (n === 4) {
					failedAt = step.value;
					throw new Error('disk full (injected)');
				}
				yield step.value;
			}
		};
		await expect(
			studies.importStudyInSlices(db, largerStudy(), ids.res, { sliceMs: 0, writer: failing })
		).rejects.toThrow('disk full (injected)');
		expect(failedAt!.written).toBeGreaterThan(0); // earlier slices had committed rows
		expect(await counts()).toEqual(before);
	});

	it('removes a study a crash left importing', async () => {
		const before = await counts();
		// Three committed slices, then the process "dies" (the writer is never resumed).
		const target = { db: db as Db };
		const steps = writeStudy(target, largerStudy({ name: 'Interrupted' }), ids.res);
		for (let i = 0; i < 3; i++)
			await db.transaction(async (tx) => {
				target.db = tx;
				await steps.next();
			});
		expect((await counts()).responses).toBeGreaterThan(0);
		expect(await studies.list(db)).toEqual([]);

		expect(await studies.removeUnfinishedImports(db)).toEqual([{ id: 1, name: 'Interrupted' }]);
		expect(await counts()).toEqual(before);
	});

	it('a CLI import fails cleanly when the server removed its study mid-way', async () => {
		const before = await counts();
		await expect(
			studies.importStudyInSlices(db, largerStudy(), ids.res, {
				sliceMs: 0,
				onProgress: async (p) => {
					if (p.written > 500) await studies.removeUnfinishedImports(db);
				}
			})
		).rejects.toThrow();
		expect(await counts()).toEqual(before);
	});

	it('writes exactly the rows the one-transaction import wrote, for the same file and seed', async () => {
		const study = largerStudy();
		const old = await freshDb();
		expect((await importInOneTransaction(old, study, ids.res)).ok).toBe(true);
		const jobs = assignmentWorker.jobs();
		expect((await studies.importStudyInSlices(db, study, ids.res, { sliceMs: 0 })).ok).toBe(true);
		// Its assignment was computed in the assignment worker, off the request thread.
		expect(assignmentWorker.jobs()).toBe(jobs + 1);
		const sliced = await dump(db);
		expect(sliced.assignments.length).toBe(792);
		expect(sliced.assignments.some((a) => (a as { repeat_of: number | null }).repeat_of)).toBe(
			true
		);
		expect(sliced).toEqual(await dump(old));
		// And the same for the one-transaction driver of the new writer.
		const whole = await freshDb();
		expect((await studies.importStudy(whole, study, ids.res)).ok).toBe(true);
		expect(await dump(whole)).toEqual(await dump(old));
	});
});
