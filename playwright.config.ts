import { defineConfig } from '@playwright/test';

// E2E_PORT and E2E_DIR let several checkouts (or developers) run the browser tests at once.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const DIR = process.env.E2E_DIR ?? '.e2e';

export default defineConfig({
	testDir: 'test/e2e',
	outputDir: 'test-results',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 30_000,
	expect: { timeout: 5_000 },
	reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ? [['list'], ['json']] : 'list',
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	projects: [
		{
			name: 'chromium',
			use: { browserName: 'chromium' },
			// Two instances of one PostgreSQL database: playwright.pg.config.ts runs it.
			testIgnore: 'two-instances.spec.ts'
		}
	],
	webServer: {
		// A fresh build and database: the demo study as `npm start` loads it, with part of it
		// already rated by simulated raters (test/e2e/setup-db.ts) so the study page has results.
		command: `rm -rf ${DIR} && vite build --logLevel warn && node test/e2e/setup-db.ts && node src/server.ts --demo`,
		url: `http://127.0.0.1:${PORT}/health`,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'ignore',
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			DATABASE_PATH: `${DIR}/e2e.db`,
			DATABASE_URL: '', // SQLite even when the shell names a PostgreSQL database
			MEDPAIR_BUILD_DIR: `${DIR}/build`
		}
	}
});
