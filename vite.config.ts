import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

/**
 * Integration tests that are about SQLite itself, so they have no PostgreSQL run: they test the
 * database file, its connections and the processes around it.
 */
const SQLITE_BY_NATURE = [
	// SIGKILLs a writer mid-transaction and checks what SQLite's WAL recovery keeps.
	'test/integration/crash.test.ts',
	// A full disk and a read-only file under the SQLite writer (writerOf, query_only).
	'test/integration/storage-failure.test.ts',
	// npm start / a clean clone: the zero-configuration default is a SQLite file.
	'test/integration/clean-clone.test.ts',
	'test/integration/npm-start.test.ts',
	// Start-up errors of a database file (permissions, immutable file, a folder in the way);
	// PostgreSQL's open errors are test/integration/postgres/open-errors.test.ts.
	'test/integration/start-up.test.ts',
	// Offline commands (score files, no database): nothing to run twice.
	'test/integration/cli-usefulness.test.ts',
	'test/integration/cli-scores-table.test.ts',
	// PostgreSQL's own tests (migrations, triggers, numbers): they run in the default project.
	'test/integration/postgres/**',
	// SQLite's query plans (EXPLAIN QUERY PLAN) of the rating path's statements (issue #18).
	'test/integration/rating-path-plans.test.ts'
];

/** Run the integration suite on PostgreSQL too when there is a cluster (see test/helpers/pg-test.ts). */
const withPostgres =
	Boolean(process.env.MEDPAIR_TEST_PG_URL) || process.env.MEDPAIR_TEST_PG === '1';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		environment: 'node',
		// One PostgreSQL cluster per run when asked for (MEDPAIR_TEST_PG=1); see the file.
		globalSetup: ['test/helpers/pg-global-setup.ts'],
		testTimeout: 20_000,
		// Setup hooks seed studies and migrate databases; with the browser tests running alongside
		// (npm test) on a loaded 2-core machine, vitest's default 10 s was too short for some.
		hookTimeout: 30_000,
		projects: [
			{
				extends: true,
				test: {
					name: 'default',
					include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts']
				}
			},
			...(withPostgres
				? [
						{
							extends: true,
							test: {
								name: 'integration-pg',
								include: ['test/integration/**/*.test.ts'],
								exclude: SQLITE_BY_NATURE,
								env: { MEDPAIR_TEST_DB: 'pg' }
							}
						}
					]
				: []),
			// Two built servers on one PostgreSQL database: needs a build, so npm test runs it
			// after the browser tests, on theirs (test/run-all.ts).
			...(process.env.MEDPAIR_TEST_MULTI === '1'
				? [
						{
							extends: true,
							test: {
								name: 'multi-instance',
								include: ['test/multi-instance/**/*.test.ts']
							}
						}
					]
				: [])
		]
	}
});
