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
import type { Db } from '../db/index.ts';
import * as schema from '../db/schema.ts';
import { computeResults, resultsVersion, type CachedResults } from '../services/results.ts';
import { serve } from './serve.ts';

export type StatisticsJob = { file: string; studyId: number; B: number };

const connections = new Map<string, ReturnType<typeof open>>();

function open(file: string) {
	const sqlite = new Database(file, { readonly: true, fileMustExist: true });
	sqlite.pragma('busy_timeout = 5000');
	// Queries on better-sqlite3 resolve at once; the services await them all the same.
	return { sqlite, db: drizzle(sqlite, { schema }) as unknown as Db };
}

/** Jobs take turns, so each read transaction (BEGIN … COMMIT) is one job's alone. */
let turn: Promise<unknown> = Promise.resolve();
function compute(job: StatisticsJob): Promise<CachedResults> {
	const result = turn.then(() => computeNow(job));
	turn = result.catch(() => undefined);
	return result;
}

async function computeNow({ file, studyId, B }: StatisticsJob): Promise<CachedResults> {
	let connection = connections.get(file);
	if (!connection) connections.set(file, (connection = open(file)));
	const { sqlite, db } = connection;
	sqlite.exec('BEGIN');
	try {
		return {
			version: await resultsVersion(db, studyId),
			results: await computeResults(db, studyId, { B })
		};
	} finally {
		sqlite.exec('COMMIT');
	}
}

serve(compute);
