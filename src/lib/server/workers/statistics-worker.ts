/**
 * Worker entry: computes a study's results (agreement with bootstrap intervals, win / tie / loss
 * tables, Bradley–Terry…) off the request thread. It reads the rows itself through its own
 * read-only connection to the database file: in WAL mode readers never wait for the app's
 * writers nor hold them up, and loading ~100,000 judgment rows on the request thread (and copying
 * them to the worker) would itself block for a noticeable time. One read transaction gives the
 * version key and the figures from the same snapshot. On PostgreSQL the worker has a connection
 * of its own, and each job reads in a REPEATABLE READ READ ONLY transaction (one snapshot).
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { enterDialect } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import { numberParsers } from '../db/pg-numbers.ts';
import * as pgSchema from '../db/schema.pg.ts';
import * as schema from '../db/schema.sqlite.ts';
import { computeResults, resultsVersion, type CachedResults } from '../services/results.ts';
import { serve } from './serve.ts';

export type StatisticsJob = {
	source: { file: string } | { url: string };
	studyId: number;
	B: number;
};

type Connection = { begin: () => Promise<unknown>; end: () => Promise<unknown>; db: Db };
const connections = new Map<string, Promise<Connection>>();

async function open(source: StatisticsJob['source']): Promise<Connection> {
	if ('url' in source) {
		enterDialect('pg');
		const client = new pg.Client({
			connectionString: source.url,
			application_name: 'medpair statistics',
			types: numberParsers()
		});
		await client.connect();
		client.on('error', (error) => {
			console.error(`statistics worker: PostgreSQL connection lost (${error.message})`);
			connections.delete(source.url);
		});
		return {
			begin: () => client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'),
			end: () => client.query('COMMIT'),
			db: drizzlePg(client, { schema: pgSchema }) as unknown as Db
		};
	}
	enterDialect('sqlite');
	const sqlite = new Database(source.file, { readonly: true, fileMustExist: true });
	sqlite.pragma('busy_timeout = 5000');
	// Queries on better-sqlite3 resolve at once; the services await them all the same.
	return {
		begin: async () => sqlite.exec('BEGIN'),
		end: async () => sqlite.exec('COMMIT'),
		db: drizzle(sqlite, { schema }) as unknown as Db
	};
}

/** Jobs take turns, so each read transaction (BEGIN … COMMIT) is one job's alone. */
let turn: Promise<unknown> = Promise.resolve();
function compute(job: StatisticsJob): Promise<CachedResults> {
	const result = turn.then(() => computeNow(job));
	turn = result.catch(() => undefined);
	return result;
}

async function computeNow({ source, studyId, B }: StatisticsJob): Promise<CachedResults> {
	const key = 'url' in source ? source.url : source.file;
	let opening = connections.get(key);
	if (!opening) {
		connections.set(key, (opening = open(source)));
		opening.catch(() => connections.delete(key));
	}
	const { begin, end, db } = await opening;
	await begin();
	try {
		return {
			version: await resultsVersion(db, studyId),
			results: await computeResults(db, studyId, { B })
		};
	} finally {
		await end();
	}
}

serve(compute);
