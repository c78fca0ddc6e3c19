/**
 * `npm test`: unit and integration tests (vitest), then browser tests (Playwright), then one
 * plain closing line `tests: N passed, N failed` that CI reads. Exits non-zero on any failure
 * or when a runner produced no report.
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

let passed = 0;
let failed = 0;
const missing: string[] = [];

if (existsSync(`${OUT}/vitest.json`)) {
	const report = JSON.parse(readFileSync(`${OUT}/vitest.json`, 'utf8'));
	passed += report.numPassedTests;
	failed += report.numFailedTests;
	if (!report.success && report.numFailedTests === 0) failed += 1; // e.g. a file that failed to load
} else missing.push('vitest');

if (existsSync(`${OUT}/playwright.json`)) {
	const { stats, errors } = JSON.parse(readFileSync(`${OUT}/playwright.json`, 'utf8'));
	passed += stats.expected;
	failed += stats.unexpected + stats.flaky;
	if (errors?.length) failed += errors.length; // e.g. the web server did not start
} else missing.push('playwright');

if (missing.length) console.error(`No report from: ${missing.join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || missing.length > 0 ? 1 : 0);
