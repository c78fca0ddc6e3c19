import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, type AppDb } from '../../src/lib/server/db/index.ts';

export const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Test databases live in memory-backed files (/dev/shm where there is one), removed at exit. */
const folder = mkdtempSync(
	join(process.platform === 'linux' ? '/dev/shm' : '/tmp', 'medpair-test-')
);
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
let count = 0;

/**
 * A fresh database built from the real migrations. A file, not ':memory:': the app reads on one
 * connection and writes on another (db/index.ts), and tests must run that way too.
 */
export function testDb(): AppDb {
	return openDb(join(folder, `test-${++count}.db`), { migrationsPath: MIGRATIONS });
}
