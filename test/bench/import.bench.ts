/**
 * Benchmark: import a generated study of 5,000 prompts × 12 models (60,000 responses of ~100
 * words) from a JSON file into a fresh database file, as `medpair study import` does.
 * Target (issue 2): under 10 s and under 500 MB peak memory.
 *
 *   node test/bench/import.bench.ts        (or npm run bench)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import { createRandom } from '../../src/lib/domain/random.ts';
import { closeDatabase, openDb } from '../../src/lib/server/db/index.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { MIGRATIONS } from '../helpers/db.ts';

const PROMPTS = 5000;
const MODELS = 12;
const WORDS = [
	'patient',
	'dose',
	'symptoms',
	'treatment',
	'risk',
	'doctor',
	'infection',
	'pain',
	'blood',
	'pressure',
	'medication',
	'daily',
	'chronic',
	'acute',
	'therapy',
	'the',
	'and',
	'of',
	'with',
	'should',
	'may',
	'seek',
	'care',
	'urgent',
	'follow',
	'up',
	'weeks',
	'test',
	'result',
	'heart'
];

function generateStudy(): string {
	const random = createRandom(1);
	const sentence = (n: number) =>
		Array.from({ length: n }, () => WORDS[random.int(WORDS.length)]).join(' ');
	const models = Array.from({ length: MODELS }, (_, i) => ({
		key: `model-${i + 1}`,
		group: i < 9 ? 'candidate' : 'reference'
	}));
	const prompts = Array.from({ length: PROMPTS }, (_, i) => ({
		key: `q${i + 1}`,
		text: sentence(25) + '?'
	}));
	const responses = prompts.flatMap((p) =>
		models.map((m) => ({ prompt: p.key, model: m.key, text: sentence(100) }))
	);
	return JSON.stringify({
		name: 'Import benchmark',
		seed: 1,
		raters_per_pair: 2,
		models,
		members: { junior: ['j1', 'j2'], senior: ['s1'] },
		prompts,
		responses
	});
}

const dir = mkdtempSync(join(tmpdir(), 'medpair-bench-'));
try {
	const file = join(dir, 'study.json');
	writeFileSync(file, generateStudy());
	const db = openDb(join(dir, 'bench.db'), { migrationsPath: MIGRATIONS });
	for (const [username, role] of [
		['j1', 'junior'],
		['j2', 'junior'],
		['s1', 'senior']
	] as const)
		await users.create(db, { username, role, password: 'benchmark password' });
	global.gc?.();
	const rssBefore = process.memoryUsage().rss;

	const start = performance.now();
	const text = readFileSync(file, 'utf8');
	const parsed = parseStudyFile(text);
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems.slice(0, 3)));
	const parsedAt = performance.now();
	const result = await studies.importStudy(db, parsed.value, null);
	const end = performance.now();
	if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 3)));
	await closeDatabase(db);

	const peak = process.resourceUsage().maxRSS / 1024;
	const size = readFileSync(file).length / 1024 / 1024;
	console.log(
		`import: ${PROMPTS} prompts × ${MODELS} models, ${result.counts.responses} responses, ${result.counts.pairs} pairs, file ${size.toFixed(1)} MB`
	);
	console.log(
		`  parse + validate ${((parsedAt - start) / 1000).toFixed(2)} s, write ${((end - parsedAt) / 1000).toFixed(2)} s, total ${((end - start) / 1000).toFixed(2)} s (target < 10 s)`
	);
	console.log(
		`  peak RSS ${peak.toFixed(0)} MB (process; ${(rssBefore / 1048576).toFixed(0)} MB before import; target < 500 MB)`
	);
} finally {
	rmSync(dir, { recursive: true, force: true });
}
