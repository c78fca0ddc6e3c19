import { defineConfig } from '@playwright/test';
import base from './playwright.config.ts';
import { withDatabase } from './test/helpers/pg-cluster.ts';

/**
 * The authorisation matrix again, on a built server whose database is PostgreSQL (issue #14),
 * and a junior's journey across two instances of it (two-instances.spec.ts):
 * the same demo study and simulated ratings (test/e2e/setup-db.ts), in a fresh database on the
 * run's cluster (MEDPAIR_TEST_PG_URL, set by .ci/with-postgres). Without a cluster its tests
 * skip, saying why. `npm test` runs it after the SQLite browser tests, on their build
 * (E2E_REUSE_BUILD); alone it builds its own:
 *   E2E_PORT=4313 .ci/with-postgres npx playwright test --config playwright.pg.config.ts
 */
const PORT = Number(process.env.E2E_PORT ?? 4173);
const DIR = `${process.env.E2E_DIR ?? '.e2e'}-pg`;
const CLUSTER = process.env.MEDPAIR_TEST_PG_URL || undefined;
const REUSE = process.env.E2E_REUSE_BUILD || undefined;
const DATABASE = `medpair_e2e_${PORT}`;

// Read by test/e2e/helpers.ts in the workers, which inherit this process's environment.
if (CLUSTER) process.env.E2E_DATABASE_URL = withDatabase(CLUSTER, DATABASE);
else {
	process.env.E2E_PG_SKIPPED =
		'PostgreSQL browser tests skipped: MEDPAIR_TEST_PG_URL is unset (run through .ci/with-postgres)';
	if (!process.env.TEST_WORKER_INDEX) console.log(process.env.E2E_PG_SKIPPED); // once, in the runner
}

const build = REUSE ? '' : `rm -rf ${DIR} && vite build --logLevel warn && `;

/** An instance of the built app on `port`, on the run's PostgreSQL database. */
function serverEnv(port: number): Record<string, string> {
	return {
		PORT: String(port),
		HOST: '127.0.0.1',
		DATABASE_URL: withDatabase(CLUSTER!, DATABASE),
		DATABASE_PATH: `${DIR}/unused-with-postgres.db`,
		E2E_PG_CLUSTER: CLUSTER!,
		E2E_PG_DATABASE: DATABASE,
		MEDPAIR_BUILD_DIR: REUSE ?? `${DIR}/build`
	};
}

export default defineConfig({
	...base,
	outputDir: 'test-results/pg',
	projects: [
		{
			name: 'chromium-postgres',
			use: { browserName: 'chromium' },
			testMatch: 'authorization.spec.ts'
		},
		{
			// A second instance on the same database (E2E_PORT + 1), as behind a load balancer.
			name: 'chromium-postgres-two-instances',
			use: { browserName: 'chromium' },
			testMatch: 'two-instances.spec.ts'
		}
	],
	// Started in order: the first builds (unless reused), migrates, seeds and loads the demo; the
	// second serves the same build on the same database.
	webServer: CLUSTER
		? [
				{
					...base.webServer,
					command: `${build}node test/e2e/setup-db.ts && node src/server.ts --demo`,
					env: serverEnv(PORT)
				},
				{
					...base.webServer,
					command: 'node src/server.ts',
					url: `http://127.0.0.1:${PORT + 1}/health`,
					env: serverEnv(PORT + 1)
				}
			]
		: undefined
});
