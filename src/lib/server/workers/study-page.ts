/**
 * The study page's reads that grow with the study, in the study-page worker
 * (study-page-worker.ts), so a researcher looking at a large study does not hold up the raters.
 * A lane of its own: it must not wait behind a statistics recompute of several seconds.
 */
import type { AppDb } from '../db/index.ts';
import { judgmentCount } from '../services/assignments.ts';
import { studyProgress } from '../services/progress.ts';
import { resultsVersion } from '../services/results.ts';
import * as studies from '../services/studies.ts';
import { sourceOf, workersCanOpen } from './read-snapshot.ts';
import { createLane, type Lane } from './lane.ts';
import type { StudyPageJob, StudyPageReads } from './study-page-worker.ts';
import { workerFile } from './worker-file.ts';

let lane: Lane<StudyPageJob, StudyPageReads> | undefined;

export type StudyPageData = Required<StudyPageReads>;

/** What the worker reads, the same as in-thread; an in-memory database (tests) reads in-thread. */
export async function studyPageReads(db: AppDb, studyId: number): Promise<StudyPageData> {
	const known = studies.knownIdentityLeaks(db, studyId);
	const now = Date.now();
	// In-thread for an in-memory database (tests), which a worker cannot open.
	if (!workersCanOpen(db))
		return {
			progress: await studyProgress(db, studyId, now),
			hasRatings: (await judgmentCount(db, studyId)) > 0,
			resultsVersion: await resultsVersion(db, studyId),
			leaks: await studies.identityLeaks(db, studyId)
		};
	lane ??= newLane();
	const reads = await lane.run({ source: sourceOf(db), studyId, now, scanLeaks: !known });
	const leaks = known ?? studies.rememberIdentityLeaks(db, studyId, reads.leaks!);
	return { ...reads, leaks };
}

function newLane() {
	return createLane<StudyPageJob, StudyPageReads>(workerFile('study-page-worker.ts'), 'study page');
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
