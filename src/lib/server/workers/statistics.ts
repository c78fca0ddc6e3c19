/**
 * The study page's statistics without blocking other users: a cold recompute (seconds on a
 * large study) runs in the statistics worker, one at a time per study, while the page shows the
 * last figures "as of" their time, or "computing…" the first time, and refreshes when they are
 * ready. A recompute that finishes within `waitMs` is simply awaited, so small studies never
 * show the "computing" state. Exports keep using results.studyResults (current figures, in-thread).
 */
import type { AppDb } from '../db/index.ts';
import {
	cacheKey,
	isFresh,
	resultsCache,
	resultsVersion,
	studyResults,
	type CachedResults,
	type StudyResults
} from '../services/results.ts';
import { sourceOf, workersCanOpen } from './read-snapshot.ts';
import { createLane, type Lane } from './lane.ts';
import type { StatisticsJob } from './statistics-worker.ts';
import { workerFile } from './worker-file.ts';

let lane: Lane<StatisticsJob, CachedResults> | undefined;

/** Recomputes under way, per database and cache key: at most one per study at a time. */
const running = new WeakMap<AppDb, Map<string, Promise<void>>>();

export type DashboardResults = {
	/** null only before the first computation of the study has finished. */
	results: StudyResults | null;
	/** A recompute is under way; the page should look again shortly. */
	computing: boolean;
};

export type DashboardOptions = {
	B?: number;
	maxStaleMs?: number;
	waitMs?: number;
	/** The results' version key read already (off the thread: study-page.ts), else read here. */
	version?: string;
};

export async function dashboardResults(
	db: AppDb,
	studyId: number,
	options: DashboardOptions = {}
): Promise<DashboardResults> {
	const { B = 1000, maxStaleMs = 0, waitMs = 1000 } = options;
	const cache = resultsCache(db);
	const key = cacheKey(studyId, B);
	const hit = cache.get(key);
	if (hit && isFresh(hit, options.version ?? (await resultsVersion(db, studyId)), maxStaleMs))
		return { results: hit!.results, computing: false };
	// An in-memory database (tests) cannot be opened by a second connection.
	if (!workersCanOpen(db))
		return { results: await studyResults(db, studyId, { B, maxStaleMs }), computing: false };

	const job = recompute(db, studyId, B);
	let timer: ReturnType<typeof setTimeout> | undefined;
	const done = await Promise.race([
		job.then(() => true),
		new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)))
	]);
	clearTimeout(timer);
	const latest = cache.get(key);
	if (done && !latest) throw new Error(`The statistics of study ${studyId} could not be computed.`);
	return { results: latest?.results ?? null, computing: !done };
}

/** Starts the study's recompute in the worker, or joins the one under way. Never rejects. */
function recompute(db: AppDb, studyId: number, B: number): Promise<void> {
	let jobs = running.get(db);
	if (!jobs) running.set(db, (jobs = new Map()));
	const key = cacheKey(studyId, B);
	const under = jobs.get(key);
	if (under) return under;
	lane ??= newLane();
	const job = lane
		.run({ source: sourceOf(db), studyId, B })
		.then((fresh) => {
			resultsCache(db).set(key, fresh);
		})
		.catch((error: unknown) => {
			console.error(`statistics of study ${studyId}:`, error);
		})
		.finally(() => jobs.delete(key));
	jobs.set(key, job);
	return job;
}

function newLane() {
	return createLane<StatisticsJob, CachedResults>(workerFile('statistics-worker.ts'), 'statistics');
}

/** Starts the worker ahead of the first job (at server start). */
export function warm(): void {
	lane ??= newLane();
	lane.warm();
}

/** Jobs sent to the worker so far (tests). */
export const jobs = () => lane?.jobs ?? 0;

export async function close(): Promise<void> {
	await lane?.close();
}
