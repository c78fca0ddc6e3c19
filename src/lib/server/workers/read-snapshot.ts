/**
 * For worker threads that read the app's database on a connection of their own (one per
 * database, kept): each job reads in one transaction, so everything it returns comes from the
 * same snapshot, and jobs take turns, so a transaction is one job's alone. On SQLite the
 * connection is read-only (in WAL mode such readers never wait for the app's writers nor hold
 * them up); on PostgreSQL each job reads in a REPEATABLE READ READ ONLY transaction.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { enterDialect } from '../db/dialect.ts';
import { sqliteClient, type AppDb, type Db } from '../db/index.ts';
import { numberParsers, preferNumberParsers } from '../db/pg-numbers.ts';
import { pgUrlOf } from '../db/postgres.ts';
import * as pgSchema from '../db/schema.pg.ts';
import * as schema from '../db/schema.sqlite.ts';

/** Where a worker finds the app's database: the SQLite file, or the PostgreSQL URL. */
export type DbSource = { file: string } | { url: string };

/** The source of the database the request thread has open (not an in-memory one). */
export function sourceOf(db: AppDb): DbSource {
	const sqlite = sqliteClient(db);
	return sqlite ? { file: sqlite.name } : { url: pgUrlOf(db) };
}

/**
 * Whether worker threads can open the database `db` too: every file and PostgreSQL database,
 * but not an in-memory SQLite one (private to its connection), which tests read in-thread.
 */
export function workersCanOpen(db: AppDb): boolean {
	return !sqliteClient(db)?.memory;
}

type Connection = { begin: () => Promise<unknown>; end: () => Promise<unknown>; db: Db };

async function open(source: DbSource, name: string, lost: () => void): Promise<Connection> {
	if ('url' in source) {
		enterDialect('pg');
		const client = new pg.Client({
			connectionString: source.url,
			application_name: `medpair ${name}`,
			types: numberParsers()
		});
		preferNumberParsers(client);
		await client.connect();
		client.on('error', (error) => {
			console.error(`${name} worker: PostgreSQL connection lost (${error.message})`);
			lost();
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
	// better-sqlite3 queries resolve at once; the services await them all the same.
	return {
		begin: async () => sqlite.exec('BEGIN'),
		end: async () => sqlite.exec('COMMIT'),
		db: drizzle(sqlite, { schema }) as unknown as Db
	};
}

/** `read` run per job in one read transaction on the worker's connection to `input.source`. */
export function snapshotReads<In extends { source: DbSource }, Out>(
	name: string,
	read: (db: Db, input: In) => Promise<Out>
): (input: In) => Promise<Out> {
	const connections = new Map<string, Promise<Connection>>();
	let turn: Promise<unknown> = Promise.resolve();

	async function readNow(input: In): Promise<Out> {
		const { source } = input;
		const key = 'url' in source ? source.url : source.file;
		let opening = connections.get(key);
		if (!opening) {
			connections.set(key, (opening = open(source, name, () => connections.delete(key))));
			opening.catch(() => connections.delete(key));
		}
		const { begin, end, db } = await opening;
		await begin();
		try {
			return await read(db, input);
		} finally {
			await end();
		}
	}

	return (input) => {
		const result = turn.then(() => readNow(input));
		turn = result.catch(() => undefined);
		return result;
	};
}
