/**
 * Worker entry: computes a study's results (agreement with bootstrap intervals, win / tie / loss
 * tables, Bradley–Terry…) off the request thread. It reads the rows itself through its own
 * read-only connection to the database file: in WAL mode readers never wait for the app's
 * writers nor hold them up, and loading ~100,000 judgment rows on the request thread (and copying
 * them to the worker) would itself block for a noticeable time. One read transaction gives the
 * version key and the figures from the same snapshot. On PostgreSQL the worker has a connection
 * of its own, and each job reads in a REPEATABLE READ READ ONLY transaction (one snapshot).
 */
import { computeResults, resultsVersion, type CachedResults } from '../services/results.ts';
import { snapshotReads, type DbSource } from './read-snapshot.ts';
import { serve } from './serve.ts';

export type StatisticsJob = {
	source: DbSource;
	studyId: number;
	B: number;
};

const compute = snapshotReads(
	'statistics',
	async (db, { studyId, B }: StatisticsJob): Promise<CachedResults> => ({
		version: await resultsVersion(db, studyId),
		results: await computeResults(db, studyId, { B })
	})
);

serve(compute);
