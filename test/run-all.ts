/**
 * `npm test`: unit and integration tests (vitest), then browser tests (Playwright), then the
 * authorisation matrix on PostgreSQL (Playwright, playwright.pg.config.ts), then the
 * two-instance PostgreSQL test on the browser tests' build (vitest), then one plain closing
 * line `tests: N passed, N failed` that CI reads. Exits non-zero on any failure or when a
 * runner produced no report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const OUT = '.ci-out';
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const node = process.execPath;
spawnSync(
	node,
	[
		'node_modules/vitest/vitest.mjs',
		'run',
		'--reporter=default',
		'--reporter=json',
		`--outputFile.json=${OUT}/vitest.json`
	],
	{
		stdio: 'inherit'
	}
);
spawnSync(node, ['node_modules/@playwright/test/cli.js', 'test'], {
	stdio: 'inherit',
	env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_FILE: `${OUT}/playwright.json` }
});
// The authorisation matrix again, on that build served from a PostgreSQL database
// (playwright.pg.config.ts); its tests skip, saying why, when there is no cluster.
spawnSync(
	node,
	['node_modules/@playwright/test/cli.js', 'test', '--config=playwright.pg.config.ts'],
	{
		stdio: 'inherit',
		env: {
			...process.env,
			PLAYWRIGHT_JSON_OUTPUT_FILE: `${OUT}/playwright-pg.json`,
			E2E_REUSE_BUILD: `${process.env.E2E_DIR ?? '.e2e'}/build`
		}
	}
);
// Two built servers on one PostgreSQL database (test/multi-instance), on the browser tests'
// build; it skips, saying why, when there is no PostgreSQL cluster (.ci/with-postgres).
spawnSync(
	node,
	[
		'node_modules/vitest/vitest.mjs',
		'run',
		'--project=multi-instance',
		'--reporter=default',
		'--reporter=json',
		`--outputFile.json=${OUT}/multi-instance.json`
	],
	{
		stdio: 'inherit',
		env: {
			...process.env,
			MEDPAIR_TEST_MULTI: '1',
			MEDPAIR_BUILD_DIR: `${process.env.E2E_DIR ?? '.e2e'}/build`
		}
	}
);

let passed = 0;
let failed = 0;
const missing: string[] = [];

for (const [name, file] of [
	['vitest', 'vitest.json'],
	['vitest multi-instance', 'multi-instance.json']
]) {
	if (existsSync(`${OUT}/${file}`)) {
		const report = JSON.parse(readFileSync(`${OUT}/${file}`, 'utf8'));
		passed += report.numPassedTests;
		failed += report.numFailedTests;
		if (!report.success && report.numFailedTests === 0) failed += 1; // e.g. a file that failed to load
	} else missing.push(name);
}

for (const [name, file] of [
	['playwright', 'playwright.json'],
	['playwright on PostgreSQL', 'playwright-pg.json']
]) {
	if (existsSync(`${OUT}/${file}`)) {
		const { stats, errors } = JSON.parse(readFileSync(`${OUT}/${file}`, 'utf8'));
		passed += stats.expected;
		failed += stats.unexpected + stats.flaky;
		if (errors?.length) failed += errors.length; // e.g. the web server did not start
	} else missing.push(name);
}

if (missing.length) console.error(`No report from: ${missing.join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || missing.length > 0 ? 1 : 0);
