/**
 * For worker threads that read the app's SQLite file on their own read-only connection (one per
 * file, kept): each job reads in one transaction, so everything it returns comes from the same
 * snapshot, and jobs take turns, so a transaction is one job's alone. In WAL mode such readers
 * never wait for the app's writers nor hold them up.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db } from '../db/index.ts';
import * as schema from '../db/schema.ts';

type Connection = { sqlite: Database.Database; db: Db };

export function snapshotReads<In extends { file: string }, Out>(
	read: (db: Db, input: In) => Promise<Out>
): (input: In) => Promise<Out> {
	const connections = new Map<string, Connection>();
	let turn: Promise<unknown> = Promise.resolve();

	async function readNow(input: In): Promise<Out> {
		let connection = connections.get(input.file);
		if (!connection) {
			const sqlite = new Database(input.file, { readonly: true, fileMustExist: true });
			sqlite.pragma('busy_timeout = 5000');
			// better-sqlite3 queries resolve at once; the services await them all the same.
			connection = { sqlite, db: drizzle(sqlite, { schema }) as unknown as Db };
			connections.set(input.file, connection);
		}
		connection.sqlite.exec('BEGIN');
		try {
			return await read(connection.db, input);
		} finally {
			connection.sqlite.exec('COMMIT');
		}
	}

	return (input) => {
		const result = turn.then(() => readNow(input));
		turn = result.catch(() => undefined);
		return result;
	};
}
