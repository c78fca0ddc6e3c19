/**
 * `npm test`: unit and integration tests (vitest) and, at the same time, the browser tests
 * (Playwright), then on their build the authorisation matrix on PostgreSQL (Playwright,
 * playwright.pg.config.ts) and the two-instance PostgreSQL test (vitest); then one plain closing
 * line `tests: N passed, N failed` that CI reads. Exits non-zero on any failure or when a
 * runner produced no report.
 *
 * The two halves share nothing (the browser tests have their own build, port and database,
 * E2E_DIR and E2E_PORT; vitest's tests use temporary folders and databases of their own), and
 * each leaves much of a 2-core machine idle while it waits on child processes, servers and the
 * browser, so running them side by side takes minutes off CI. vitest's output is shown as it
 * comes; the browser half's is held back until vitest has finished, then shown whole and live.
 * MEDPAIR_TEST_SERIAL=1 runs the halves one after the other instead.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const OUT = '.ci-out';
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const node = process.execPath;
const E2E_BUILD = `${process.env.E2E_DIR ?? '.e2e'}/build`;

/** Output of the browser half while vitest runs: held back, then passed straight through. */
let held: { stream: NodeJS.WriteStream; chunk: Buffer }[] | undefined = [];
function release() {
	for (const { stream, chunk } of held ?? []) stream.write(chunk);
	held = undefined;
}

/** Runs node with `args`; resolves when it has exited. `hold`: its output waits for release(). */
function run(args: string[], env: NodeJS.ProcessEnv = {}, hold = false): Promise<void> {
	return new Promise((done) => {
		const child = spawn(node, args, {
			stdio: hold ? ['ignore', 'pipe', 'pipe'] : 'inherit',
			env: { ...process.env, ...env }
		});
		if (hold)
			for (const [from, stream] of [
				[child.stdout!, process.stdout],
				[child.stderr!, process.stderr]
			] as const)
				from.on('data', (chunk: Buffer) =>
					held ? held.push({ stream, chunk }) : stream.write(chunk)
				);
		child.on('close', () => done());
		child.on('error', (error) => {
			console.error(`could not start ${args.join(' ')}: ${error.message}`);
			done();
		});
	});
}

const vitest = () =>
	run([
		'node_modules/vitest/vitest.mjs',
		'run',
		'--reporter=default',
		'--reporter=json',
		`--outputFile.json=${OUT}/vitest.json`
	]);

async function browser(hold: boolean) {
	await run(
		['node_modules/@playwright/test/cli.js', 'test'],
		{ PLAYWRIGHT_JSON_OUTPUT_FILE: `${OUT}/playwright.json` },
		hold
	);
	// The authorisation matrix again, on that build served from a PostgreSQL database
	// (playwright.pg.config.ts); its tests skip, saying why, when there is no cluster.
	await run(
		['node_modules/@playwright/test/cli.js', 'test', '--config=playwright.pg.config.ts'],
		{ PLAYWRIGHT_JSON_OUTPUT_FILE: `${OUT}/playwright-pg.json`, E2E_REUSE_BUILD: E2E_BUILD },
		hold
	);
	// Two built servers on one PostgreSQL database (test/multi-instance), on the browser tests'
	// build; it skips, saying why, when there is no PostgreSQL cluster (.ci/with-postgres).
	await run(
		[
			'node_modules/vitest/vitest.mjs',
			'run',
			'--project=multi-instance',
			'--reporter=default',
			'--reporter=json',
			`--outputFile.json=${OUT}/multi-instance.json`
		],
		{ MEDPAIR_TEST_MULTI: '1', MEDPAIR_BUILD_DIR: E2E_BUILD },
		hold
	);
}

if (process.env.MEDPAIR_TEST_SERIAL === '1') {
	release();
	await vitest();
	await browser(false);
} else {
	const browserHalf = browser(true);
	await vitest();
	release();
	await browserHalf;
}

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
