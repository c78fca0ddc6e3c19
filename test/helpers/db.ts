import { fileURLToPath } from 'node:url';
import { openDb, type AppDb } from '../../src/lib/server/db/index.ts';

export const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

/** A fresh in-memory database built from the real migrations. */
export function testDb(): AppDb {
	return openDb(':memory:', { migrationsPath: MIGRATIONS });
}
