import { fileURLToPath } from 'node:url';
import { closeDatabase, openDatabase, type AppDb } from '../lib/server/db/index.ts';
import { DatabaseOpenError } from '../lib/server/db/storage-error.ts';
import { CliError } from './cli-error.ts';

/** The migrations shipped with this copy of medpair, wherever the command is run from. */
const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Opens (and migrates) the database (PostgreSQL at DATABASE_URL, else SQLite at DATABASE_PATH),
 * runs `work`, and closes it.
 */
export async function withDatabase<T>(work: (db: AppDb) => T | Promise<T>): Promise<T> {
	let db: AppDb;
	try {
		db = await openDatabase({ migrationsPath: MIGRATIONS });
	} catch (error) {
		if (error instanceof DatabaseOpenError) throw new CliError(error.message);
		throw error;
	}
	try {
		return await work(db);
	} finally {
		await closeDatabase(db);
	}
}
