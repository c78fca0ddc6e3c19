/**
 * Worker entry: computes a study's results (agreement with bootstrap intervals, win / tie / loss
 * tables, Bradley–Terry…) off the request thread. It reads the rows itself through its own
 * read-only connection to the database file: in WAL mode readers never wait for the app's
 * writers nor hold them up, and loading ~100,000 judgment rows on the request thread (and copying
 * them to the worker) would itself block for a noticeable time. One read transaction gives the
 * version key and the figures from the same snapshot.
 */
import { computeResults, resultsVersion, type CachedResults } from '../services/results.ts';
import { snapshotReads } from './read-snapshot.ts';
import { serve } from './serve.ts';

export type StatisticsJob = { file: string; studyId: number; B: number };

serve<StatisticsJob, CachedResults>(
	snapshotReads(async (db, { studyId, B }) => ({
		version: await resultsVersion(db, studyId),
		results: await computeResults(db, studyId, { B })
	}))
);
