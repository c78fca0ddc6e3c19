/**
 * Worker entry: the study page's reads that grow with the study (issue #11 item 18), on a
 * read-only connection: who rated how much (every assignment row: 27,000 for 108,000
 * judgments), whether anything was rated, the results' version key (counts every judgment) and,
 * the first time, the identity-leak scan (every text raters receive). On the request thread they
 * held it for 0.2-0.6 s on each look at the page, which refreshes every 2 s while the statistics
 * compute. One read transaction: all from the same snapshot. Run by Node's type stripping.
 */
import { judgmentCount } from '../services/assignments.ts';
import { studyProgress } from '../services/progress.ts';
import { resultsVersion } from '../services/results.ts';
import { scanForLeaks, type IdentityLeaks } from '../services/studies.ts';
import { snapshotReads, type DbSource } from './read-snapshot.ts';
import { serve } from './serve.ts';

export type StudyPageJob = { source: DbSource; studyId: number; now: number; scanLeaks: boolean };
export type StudyPageReads = {
	progress: Awaited<ReturnType<typeof studyProgress>>;
	hasRatings: boolean;
	resultsVersion: string;
	/** Only when asked (the request thread keeps them once scanned). */
	leaks?: IdentityLeaks;
};

serve<StudyPageJob, StudyPageReads>(
	snapshotReads('study page', async (db, { studyId, now, scanLeaks }) => ({
		progress: await studyProgress(db, studyId, now),
		hasRatings: (await judgmentCount(db, studyId)) > 0,
		resultsVersion: await resultsVersion(db, studyId),
		leaks: scanLeaks ? await scanForLeaks(db, studyId) : undefined
	}))
);
