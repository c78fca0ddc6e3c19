/**
 * Worker entry: computes a study's results (agreement with bootstrap intervals, win / tie / loss
 * tables, Bradley–Terry…) off the request thread. It reads the rows itself through its own
 * read-only connection to the database file: in WAL mode readers never wait for the app's
 * writers nor hold them up, and loading ~100,000 judgment rows on the request thread (and copying
 * them to the worker) would itself block for a noticeable time. One read transaction gives the
 * version key and the figures from the same snapshot.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../db/schema.ts';
import { computeResults, resultsVersion, type CachedResults } from '../services/results.ts';
import { serve } from './serve.ts';

export type StatisticsJob = { file: string; studyId: number; B: number };

const connections = new Map<string, ReturnType<typeof open>>();

function open(file: string) {
	const sqlite = new Database(file, { readonly: true, fileMustExist: true });
	sqlite.pragma('busy_timeout = 5000');
	return drizzle(sqlite, { schema });
}

function compute({ file, studyId, B }: StatisticsJob): CachedResults {
	let db = connections.get(file);
	if (!db) connections.set(file, (db = open(file)));
	const snapshot = db.$client.transaction(async () => ({
		version: await resultsVersion(db, studyId),
		results: await computeResults(db, studyId, { B })
	}));
	return snapshot();
}

serve(compute);
