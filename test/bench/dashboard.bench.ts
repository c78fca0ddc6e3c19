/**
 * Benchmark: server time of the study page with ~100,000 judgments (issue 7 target: < 300 ms).
 * Builds a study of 500 prompts × 9 candidates × 3 references (13,500 pairs) rated by two
 * juniors on four dimensions (108,000 judgments) plus final labels, then times what the page's
 * load does: overview, progress, results (cold, i.e. computed with B = 1000 bootstrap
 * resamples, and warm, i.e. from the cache) and one page of the pair browser.
 *
 *   node test/bench/dashboard.bench.ts      (or npm run bench -- dashboard)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import { createRandom } from '../../src/lib/domain/random.ts';
import { closeDatabase, openDb, writerOf } from '../../src/lib/server/db/index.ts';
import * as pairBrowser from '../../src/lib/server/services/pair-browser.ts';
import * as progress from '../../src/lib/server/services/progress.ts';
import * as results from '../../src/lib/server/services/results.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { MIGRATIONS } from '../helpers/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'medpair-dash-'));
try {
	const db = openDb(join(dir, 'bench.db'), { migrationsPath: MIGRATIONS });
	for (const [username, role] of [
		['j1', 'junior'],
		['j2', 'junior'],
		['s1', 'senior']
	] as const)
		await users.create(db, { username, role, password: 'benchmark password' });
	const models = [
		...Array.from({ length: 9 }, (_, i) => ({
			key: `cand-${i}`,
			group: 'candidate',
			kind: i < 5 ? 'medical' : 'general'
		})),
		...Array.from({ length: 3 }, (_, i) => ({ key: `ref-${i}`, group: 'reference' }))
	];
	const prompts = Array.from({ length: 500 }, (_, i) => ({ key: `q${i}`, text: `Question ${i}?` }));
	const parsed = parseStudyFile(
		JSON.stringify({
			name: 'Dashboard benchmark',
			seed: 5,
			models,
			members: { junior: ['j1', 'j2'], senior: ['s1'] },
			prompts,
			responses: prompts.flatMap((p) =>
				models.map((m) => ({ prompt: p.key, model: m.key, text: `Answer of ${m.key}` }))
			)
		})
	);
	if (!parsed.ok) throw new Error('invalid benchmark study');
	const imported = await studies.importStudy(db, parsed.value, null);
	if (!imported.ok) throw new Error('import failed');
	const studyId = imported.id;

	// Rate everything directly in SQL (the services' own speed is measured in rating-load.bench.ts).
	const sqlite = writerOf(db); // the writing connection (the default one is query_only)
	const random = createRandom(9);
	const outcome = () => (['win', 'tie', 'loss'] as const)[random.int(3)];
	const dims = sqlite
		.prepare('select id from dimensions where study_id = ? order by position')
		.all(studyId) as { id: number }[];
	const rows = sqlite
		.prepare(
			'select a.id, a.pair_id from assignments a join pairs p on p.id = a.pair_id where p.study_id = ?'
		)
		.all(studyId) as { id: number; pair_id: number }[];
	const now = Date.now();
	sqlite.transaction(() => {
		const judge = sqlite.prepare(
			"insert into judgments (assignment_id, dimension_id, stage, outcome, created_at, updated_at) values (?, ?, 'rating', ?, ?, ?)"
		);
		const done = sqlite.prepare(
			"update assignments set status = 'submitted', submitted_at = ?, seconds_spent = ? where id = ?"
		);
		for (const row of rows) {
			for (const d of dims) judge.run(row.id, d.id, outcome(), now, now);
			done.run(now - random.int(3_600_000), 30 + random.int(120), row.id);
		}
		const label = sqlite.prepare(
			"insert into final_labels (pair_id, dimension_id, outcome, source, decided_at) values (?, ?, ?, 'consensus', ?)"
		);
		for (const pairId of new Set(rows.map((r) => r.pair_id)))
			for (const d of dims) label.run(pairId, d.id, outcome(), now);
	})();
	const judgments = (sqlite.prepare('select count(*) as n from judgments').get() as { n: number })
		.n;

	const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
		const start = performance.now();
		const value = await fn();
		return [value, performance.now() - start];
	};
	const [, overviewMs] = await time(async () => await studies.overview(db, studyId));
	const [, progressMs] = await time(async () => await progress.studyProgress(db, studyId));
	const [, coldMs] = await time(async () => await results.studyResults(db, studyId));
	const warm: number[] = [];
	for (let i = 0; i < 5; i++)
		warm.push((await time(async () => await results.studyResults(db, studyId)))[1]);
	const [, browserMs] = await time(async () => await pairBrowser.browse(db, studyId, { page: 1 }));
	const [, leaksMs] = await time(async () => await studies.identityLeaks(db, studyId));
	const warmMedian = warm.sort((a, b) => a - b)[2];
	const pageWarm = overviewMs + progressMs + warmMedian + leaksMs;
	console.log(`dashboard: ${judgments} judgments, ${rows.length} junior assignments`);
	console.log(
		`  overview ${overviewMs.toFixed(0)} ms, progress ${progressMs.toFixed(0)} ms, identity leaks ${leaksMs.toFixed(0)} ms`
	);
	console.log(
		`  results cold (B = 1000) ${coldMs.toFixed(0)} ms, warm (cached) median ${warmMedian.toFixed(1)} ms`
	);
	console.log(
		`  study page server time, warm cache: ${pageWarm.toFixed(0)} ms (target < 300 ms)${pageWarm < 300 ? '' : '  MISSED'}`
	);
	console.log(`  pair browser, first page: ${browserMs.toFixed(0)} ms`);
	await closeDatabase(db);
} finally {
	rmSync(dir, { recursive: true, force: true });
}
