/** For PostgreSQL test files: the run's cluster (see pg-cluster.ts) and fresh databases on it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { createDatabase } from './pg-cluster.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		/** Base URL of the test run's PostgreSQL cluster, or '' when there is none. */
		medpairTestPgUrl: string;
	}
}

export const PG_MIGRATIONS = fileURLToPath(new URL('../../migrations/pg', import.meta.url));

/**
 * The run's cluster URL: what globalSetup provided (it starts one with MEDPAIR_TEST_PG=1), else
 * MEDPAIR_TEST_PG_URL (set by .ci/with-postgres); undefined when there is none.
 */
export const PG_URL: string | undefined =
	inject('medpairTestPgUrl') || process.env.MEDPAIR_TEST_PG_URL || undefined;

/** The describe title for PostgreSQL tests: says why they skip when they do. */
export function pgSuite(title: string): string {
	return PG_URL
		? `PostgreSQL: ${title}`
		: `PostgreSQL: ${title} (skipped: MEDPAIR_TEST_PG_URL is unset; run through .ci/with-postgres, or set MEDPAIR_TEST_PG=1)`;
}

let counter = 0;

/** An empty database of its own on the run's cluster, for one test or file. */
export async function freshDatabase(prefix: string): Promise<string> {
	if (!PG_URL) throw new Error('no PostgreSQL test cluster: MEDPAIR_TEST_PG_URL is unset');
	const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
	return createDatabase(PG_URL, name);
}

/** How many PostgreSQL migrations the repository has (migrations/pg/meta/_journal.json). */
export const PG_MIGRATION_COUNT: number = (
	JSON.parse(readFileSync(join(PG_MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
		entries: unknown[];
	}
).entries.length;
