/**
 * The worker threads of issue #11 item 18: study-file validation and the dashboard statistics
 * run off the request thread and give exactly what the in-thread code gives.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import { memberProblems, type Account } from '../../src/lib/domain/study-file/member-problems.ts';
import { openDb, type AppDb } from '../../src/lib/server/db/index.ts';
import * as results from '../../src/lib/server/services/results.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { createLane } from '../../src/lib/server/workers/lane.ts';
import * as statistics from '../../src/lib/server/workers/statistics.ts';
import * as studyFile from '../../src/lib/server/workers/study-file.ts';
import { MIGRATIONS, TEST_DIALECT, testDb } from '../helpers/db.ts';
import { simulateStudy } from '../helpers/simulate.ts';
import { smallStudy } from '../helpers/study.ts';

const dir = mkdtempSync(join(tmpdir(), 'medpair-workers-'));
afterAll(async () => {
	await studyFile.close();
	await statistics.close();
	rmSync(dir, { recursive: true, force: true });
});

const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

/** The accounts of smallStudy()'s members; a case may leave some out. */
const ALL_ACCOUNTS: [string, Account][] = [
	['junior1', { role: 'junior', disabledAt: null }],
	['junior2', { role: 'junior', disabledAt: null }],
	['senior', { role: 'senior', disabledAt: null }]
];

/** The worker path, as the import form action calls it. */
function viaWorker(
	text: string,
	sideFiles: Record<string, string> = {},
	accounts: [string, Account][] = ALL_ACCOUNTS
) {
	return studyFile.validateStudyFile(
		{
			study: bytes(text),
			sideFiles: Object.entries(sideFiles).map(([name, t]) => ({ name, bytes: bytes(t) }))
		},
		accounts
	);
}

/** The in-thread path it replaces. */
function inThread(
	text: string,
	sideFiles: Record<string, string> = {},
	accounts: [string, Account][] = ALL_ACCOUNTS
) {
	return parseStudyFile(text, {
		loadSideFile: (path) => sideFiles[path.split('/').pop() ?? path] ?? null,
		checkMembers: (members) => memberProblems(members, new Map(accounts))
	});
}

describe('study-file validation in a worker', () => {
	const withoutSenior = ALL_ACCOUNTS.filter(([name]) => name !== 'senior');
	const cases: [string, string, Record<string, string>, [string, Account][]?][] = [
		['a valid study', JSON.stringify(smallStudy()), {}],
		['a valid study with a byte-order mark', '\uFEFF' + JSON.stringify(smallStudy()), {}],
		['broken JSON', '{"name": "x",\n  "models": [}', {}],
		['schema errors', JSON.stringify({ ...smallStudy(), raters_per_pair: 0, models: 'x' }), {}],
		[
			'side files with errors',
			JSON.stringify({ ...smallStudy(), prompts: 'p.csv', responses: 'data/r.jsonl' }),
			{ 'p.csv': 'key,text\nq1,One?\nq2\n', 'r.jsonl': '{"prompt":"q1"\n' }
		],
		[
			'side files cross-checked',
			JSON.stringify({ ...smallStudy(), prompts: 'p.csv', responses: 'r.jsonl' }),
			{
				'p.csv': 'key,text\nq1,One?\nq1,Again?\n',
				'r.jsonl': '{"prompt":"q9","model":"ref","text":"x"}\n'
			}
		],
		['a missing side file', JSON.stringify({ ...smallStudy(), prompts: 'nowhere.csv' }), {}],
		[
			'cross-check and member problems together',
			JSON.stringify({ ...smallStudy(), raters_per_pair: 3 }),
			{},
			withoutSenior
		],
		['member problems only', JSON.stringify(smallStudy()), {}, withoutSenior]
	];

	it.each(cases)('gives the same result as in-thread parsing: %s', async (_, text, side, check) => {
		const before = studyFile.jobs();
		const expected = inThread(text, side, check);
		expect(await viaWorker(text, side, check)).toEqual(expected);
		expect(studyFile.jobs()).toBe(before + 1);
	});

	it('refuses invalid UTF-8 with its place, as in-thread parsing of the bytes does', async () => {
		const latin1 = Uint8Array.from(
			[...'{"name": "caf'].map((c) => c.charCodeAt(0)).concat([0xe9, 0x22, 0x7d])
		);
		const expected = parseStudyFile(latin1);
		expect(expected.ok).toBe(false);
		const got = await studyFile.validateStudyFile(
			{ study: latin1.slice().buffer, sideFiles: [] },
			ALL_ACCOUNTS
		);
		expect(got).toEqual(expected);
		expect(JSON.stringify(got)).toMatch(/UTF-8/);
	});

	it('keeps the event loop responsive while a large study file is validated', async () => {
		const words = 'patient dose symptoms treatment risk doctor infection pain blood'.split(' ');
		const answer = (i: number) =>
			Array.from({ length: 100 }, (_, k) => words[(i * 7 + k * k) % words.length]).join(' ');
		const models = Array.from({ length: 12 }, (_, i) => ({
			key: `m${i}`,
			group: i < 9 ? 'candidate' : 'reference'
		}));
		const prompts = Array.from({ length: 5000 }, (_, i) => ({ key: `q${i}`, text: answer(i) }));
		const text = JSON.stringify({
			name: 'Large',
			models,
			members: { junior: ['j1', 'j2'], senior: [] },
			prompts,
			responses: prompts.flatMap((p, i) =>
				models.map((m, k) => ({ prompt: p.key, model: m.key, text: answer(i + k) }))
			)
		});
		expect(text.length).toBeGreaterThan(30_000_000);

		// A 10 ms timer while the worker parses: in-thread parsing would not let it fire at all
		// until the parse is over (the old web import blocked the server for up to 18 s).
		let ticks = 0;
		let longestGap = 0;
		let last = performance.now();
		const timer = setInterval(() => {
			const now = performance.now();
			longestGap = Math.max(longestGap, now - last);
			last = now;
			ticks++;
		}, 10);
		const start = performance.now();
		const result = await viaWorker(text, {}, [
			['j1', { role: 'junior', disabledAt: null }],
			['j2', { role: 'junior', disabledAt: null }]
		]);
		const elapsed = performance.now() - start;
		clearInterval(timer);
		expect(result.ok).toBe(true);
		expect(ticks).toBeGreaterThanOrEqual(5);
		// Generous for a loaded 2-core machine: the main thread still receives the parsed study.
		expect(longestGap).toBeLessThan(Math.max(1000, elapsed / 2));
	}, 60_000);
});

describe('worker lanes', () => {
	it('fail every pending job with a clear error when the worker dies, then start afresh', async () => {
		const file = join(dir, 'dies.mjs');
		writeFileSync(
			file,
			`import { parentPort } from 'node:worker_threads';
			parentPort.on('message', ({ id, input }) => {
				if (input === 'die') process.exit(3);
				parentPort.postMessage({ id, ok: true, value: input * 2 });
			});`
		);
		const lane = createLane<unknown, number>(pathToFileURL(file), 'test');
		await expect(lane.run('die')).rejects.toThrow(/test worker exited \(code 3\)/);
		expect(await lane.run(21)).toBe(42);
		await lane.close();
	});
});

describe('statistics in a worker', () => {
	let db: AppDb;
	let studyId: number;
	beforeAll(async () => {
		// A database the worker can open itself: a file (SQLite), or the run's cluster (PostgreSQL).
		db =
			TEST_DIALECT === 'pg'
				? await testDb()
				: openDb(join(dir, 'stats.db'), { migrationsPath: MIGRATIONS });
		for (const [username, role] of [
			['junior1', 'junior'],
			['junior2', 'junior'],
			['senior', 'senior']
		] as const)
			await users.create(db, { username, role, password: 'twelve chars!!' });
		const parsed = parseStudyFile(JSON.stringify(smallStudy()));
		if (!parsed.ok) throw new Error('invalid study');
		const imported = await studies.importStudy(db, parsed.value, null);
		if (!imported.ok) throw new Error('import failed');
		studyId = imported.id;
		await simulateStudy(db, studyId, { pairs: 4, seed: 3 });
	});

	const withoutTime = (r: results.StudyResults | null) => r && { ...r, computedAt: 0 };

	async function settled(options: statistics.DashboardOptions) {
		for (;;) {
			const r = await statistics.dashboardResults(db, studyId, { ...options, waitMs: 50 });
			if (!r.computing) return r;
		}
	}

	it('computes in the worker, once per study at a time, what the request thread would', async () => {
		const before = statistics.jobs();
		const [first, second] = await Promise.all([
			statistics.dashboardResults(db, studyId, { B: 200, waitMs: 0 }),
			statistics.dashboardResults(db, studyId, { B: 200, waitMs: 0 })
		]);
		expect(first).toEqual({ results: null, computing: true });
		expect(second).toEqual({ results: null, computing: true });
		const done = await settled({ B: 200 });
		expect(statistics.jobs()).toBe(before + 1);
		expect(withoutTime(done.results)).toEqual(
			withoutTime(await results.computeResults(db, studyId, { B: 200 }))
		);
		// Nothing changed: served from the cache, no new job.
		expect((await statistics.dashboardResults(db, studyId, { B: 200 })).results).toBe(done.results);
		expect(statistics.jobs()).toBe(before + 1);
	});

	it('shows the last figures while it recomputes after a change', async () => {
		const old = await settled({ B: 0 });
		await simulateStudy(db, studyId, { pairs: 6, seed: 4 });
		// Within maxStaleMs the old figures are served without a recompute…
		const stale = await statistics.dashboardResults(db, studyId, { B: 0, maxStaleMs: 60_000 });
		expect(stale).toEqual({ results: old.results, computing: false });
		// …after it, they are served while the worker recomputes.
		const during = await statistics.dashboardResults(db, studyId, { B: 0, waitMs: 0 });
		expect(during).toEqual({ results: old.results, computing: true });
		const fresh = await settled({ B: 0 });
		expect(fresh.results).not.toBe(old.results);
		expect(withoutTime(fresh.results)).toEqual(
			withoutTime(await results.computeResults(db, studyId, { B: 0 }))
		);
	});
});
