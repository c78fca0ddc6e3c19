/**
 * Benchmark: `medpair study export <id> --table judgments` on a generated study with 1,000,000
 * judgment rows (120,000 pairs × 2 juniors × 4 dimensions, plus 5,000 adjudicated pairs × 2
 * senior stages × 4 dimensions). Target (issue 7): under 10 s and under 200 MB peak memory.
 *
 * The study is generated in this process (raw prepared inserts in one transaction); each export
 * runs the real CLI in a child process whose stdout goes to a file, so the peak RSS reported is
 * the export process's alone. It also says how much of that peak was reached while loading the
 * CLI's modules, and the RSS range while the rows stream (flat: it does not grow with rows).
 *
 *   node test/bench/export.bench.ts        (or npm run bench -- export)
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, writerOf } from '../../src/lib/server/db/index.ts';
import { MIGRATIONS } from '../helpers/db.ts';

const CHILD = '--child';
const MARK = 'BENCH ';

const PROMPTS = 24_000;
const CANDIDATES = 5;
const JUNIORS = 20;
const SENIORS = 2;
const ESCALATED = 5_000;
const DIMENSIONS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
const OUTCOMES = ['win', 'tie', 'loss'] as const;
const COMMENTS = [
	'',
	'',
	'',
	'Both answers miss the dosage; A is clearer.',
	'=HYPERLINK("http://evil.example","x")',
	'B cites the guideline, "NICE NG136", A does not',
	'-2+3 looks like a formula',
	'see #4, hard to decide'
];

function generate(file: string): { studyId: number; judgments: number } {
	const db = openDb(file, { migrationsPath: MIGRATIONS });
	const sqlite = writerOf(db); // the writing connection (the default one is query_only)
	sqlite.pragma('synchronous = OFF');
	let judgmentCount = 0;
	const studyId = sqlite.transaction(() => {
		const user = sqlite.prepare(
			`insert into users (username, role, password_hash) values (?, ?, 'x') returning id`
		);
		const juniors = Array.from(
			{ length: JUNIORS },
			(_, i) => (user.get(`junior${i + 1}`, 'junior') as { id: number }).id
		);
		const seniors = Array.from(
			{ length: SENIORS },
			(_, i) => (user.get(`senior${i + 1}`, 'senior') as { id: number }).id
		);
		const { id } = sqlite
			.prepare(
				`insert into studies (name, design, seed, assigned_at) values ('Export benchmark', 'candidate-vs-reference', 42, 0) returning id`
			)
			.get() as { id: number };
		const member = sqlite.prepare(
			'insert into study_members (study_id, user_id, role, pseudonym) values (?, ?, ?, ?)'
		);
		juniors.forEach((u, i) => member.run(id, u, 'junior', `J${i + 1}`));
		seniors.forEach((u, i) => member.run(id, u, 'senior', `S${i + 1}`));
		const dimension = sqlite.prepare(
			'insert into dimensions (study_id, key, label, position) values (?, ?, ?, ?) returning id'
		);
		const dims = DIMENSIONS.map(
			(key, i) =>
				(dimension.get(id, key, key[0].toUpperCase() + key.slice(1), i) as { id: number }).id
		);
		const model = sqlite.prepare(
			`insert into models (study_id, key, "group", position) values (?, ?, ?, ?) returning id`
		);
		const candidates = Array.from(
			{ length: CANDIDATES },
			(_, i) => (model.get(id, `candidate-${i + 1}`, 'candidate', i) as { id: number }).id
		);
		const reference = (model.get(id, 'reference', 'reference', CANDIDATES) as { id: number }).id;
		const prompt = sqlite.prepare(
			'insert into prompts (study_id, key, text, position) values (?, ?, ?, ?) returning id'
		);
		const pair = sqlite.prepare(
			'insert into pairs (study_id, prompt_id, model_id, opponent_id, position) values (?, ?, ?, ?, ?) returning id'
		);
		const assignment = sqlite.prepare(
			`insert into assignments (public_id, pair_id, user_id, role, model_on_left, position, status, hard_to_decide, comment, submitted_at, seconds_spent, created_at)
			 values (?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?) returning id`
		);
		const judgment = sqlite.prepare(
			'insert into judgments (assignment_id, dimension_id, stage, outcome, created_at, updated_at) values (?, ?, ?, ?, ?, ?)'
		);
		const label = sqlite.prepare(
			'insert into final_labels (pair_id, dimension_id, outcome, source, decided_at) values (?, ?, ?, ?, ?)'
		);
		const t0 = Date.UTC(2026, 0, 5);
		let position = 0;
		let assignmentCount = 0;
		for (let p = 0; p < PROMPTS; p++) {
			const promptId = (prompt.get(id, `q${p + 1}`, `Question ${p + 1}?`, p) as { id: number }).id;
			for (const candidate of candidates) {
				const pairId = (pair.get(id, promptId, candidate, reference, position) as { id: number })
					.id;
				const escalated = position % 24 === 0 && position / 24 < ESCALATED;
				const raters = [juniors[position % JUNIORS], juniors[(position + 7) % JUNIORS]];
				for (const [r, userId] of raters.entries()) {
					const at = t0 + position * 1000 + r * 500;
					const a = (
						assignment.get(
							`a${++assignmentCount}`,
							pairId,
							userId,
							'junior',
							(position + r) % 2,
							position,
							escalated && r === 1 ? 1 : 0,
							COMMENTS[(position + r) % COMMENTS.length],
							at,
							20 + ((position * 7 + r) % 90),
							at - 60_000
						) as { id: number }
					).id;
					dims.forEach((d, i) => {
						judgment.run(a, d, 'rating', OUTCOMES[(position + i + r) % 3], at, at);
						judgmentCount++;
					});
				}
				if (escalated) {
					const at = t0 + position * 1000 + 900;
					const a = (
						assignment.get(
							`a${++assignmentCount}`,
							pairId,
							seniors[position % SENIORS],
							'senior',
							position % 2,
							0,
							0,
							'Adjudicated',
							at,
							75,
							at - 60_000
						) as { id: number }
					).id;
					for (const stage of ['independent', 'final'])
						dims.forEach((d, i) => {
							judgment.run(a, d, stage, OUTCOMES[(position + i) % 3], at, at);
							judgmentCount++;
						});
				}
				dims.forEach((d, i) =>
					label.run(
						pairId,
						d,
						OUTCOMES[(position + i) % 3],
						escalated ? 'senior' : 'consensus',
						t0 + position * 1000
					)
				);
				position++;
			}
		}
		return id;
	})();
	sqlite.pragma('wal_checkpoint(TRUNCATE)');
	sqlite.close();
	return { studyId, judgments: judgmentCount };
}

function countLines(path: string): number {
	const bytes = readFileSync(path);
	let lines = 0;
	for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines++;
	return lines;
}

function runExport(file: string, studyId: number, format: string, out: string) {
	const fd = openSync(out, 'w');
	const started = performance.now();
	const child = spawnSync(
		process.execPath,
		[
			fileURLToPath(import.meta.url),
			CHILD,
			'study',
			'export',
			String(studyId),
			'--table',
			'judgments',
			'--format',
			format
		],
		{
			stdio: ['ignore', fd, 'pipe'],
			env: { ...process.env, DATABASE_PATH: file },
			encoding: 'utf8'
		}
	);
	const seconds = (performance.now() - started) / 1000;
	closeSync(fd);
	const mark = child.stderr.split('\n').find((line) => line.startsWith(MARK));
	if (child.status !== 0 || !mark)
		throw new Error(`export failed (${child.status}): ${child.stderr}`);
	return {
		seconds,
		...(JSON.parse(mark.slice(MARK.length)) as {
			maxRssMb: number;
			startupPeakRssMb: number;
			firstChunkRssMb: number;
			exportPeakRssMb: number;
		})
	};
}

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'medpair-export-bench-'));
	const file = join(dir, 'bench.db');
	try {
		let started = performance.now();
		const { studyId, judgments } = generate(file);
		console.log(
			`generated ${judgments.toLocaleString('en')} judgments in ${((performance.now() - started) / 1000).toFixed(1)} s (${(statSync(file).size / 2 ** 20).toFixed(0)} MB database)`
		);

		for (const [format, target] of [
			['csv', true],
			['json', false],
			['md', false]
		] as const) {
			const out = join(dir, `judgments.${format}`);
			started = performance.now();
			const result = runExport(file, studyId, format, out);
			const size = statSync(out).size;
			// No comment in this study holds a line break: one line per row, plus signature and header.
			const lines = format === 'csv' ? countLines(out) - 2 : null;
			console.log(
				`${format}: ${result.seconds.toFixed(2)} s wall (child process, incl. start-up), peak RSS ${result.maxRssMb.toFixed(0)} MB ` +
					`(${result.startupPeakRssMb.toFixed(0)} MB of it reached while loading the CLI; RSS ${result.firstChunkRssMb.toFixed(0)} MB at the first chunk, ${result.exportPeakRssMb.toFixed(0)} MB at most while exporting), ` +
					`${(size / 2 ** 20).toFixed(0)} MB written${lines === null ? '' : `, ${lines.toLocaleString('en')} rows`}`
			);
			if (lines !== null && lines !== judgments)
				throw new Error(`expected ${judgments} rows, got ${lines}`);
			if (target) {
				const ok = result.seconds < 10 && result.maxRssMb < 200;
				console.log(`target (< 10 s, < 200 MB): ${ok ? 'met' : 'MISSED'}`);
				if (!ok) process.exitCode = 1;
			}
			rmSync(out);
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

if (process.argv[2] === CHILD) {
	// The export step: the real command, in a process of its own. Besides the process's peak RSS
	// (which includes loading the CLI's modules), sample the RSS at every chunk written, to show
	// what the export itself adds while it runs.
	const write = process.stdout.write.bind(process.stdout) as (chunk: string) => boolean;
	let firstChunkRss = 0;
	let startupPeakKb = 0;
	let exportPeakRss = 0;
	process.stdout.write = ((chunk: string) => {
		const rss = process.memoryUsage.rss();
		if (!firstChunkRss) {
			firstChunkRss = rss;
			startupPeakKb = process.resourceUsage().maxRSS;
		}
		exportPeakRss = Math.max(exportPeakRss, rss);
		return write(chunk);
	}) as typeof process.stdout.write;
	process.on('exit', () => {
		const mb = (bytes: number) => bytes / 2 ** 20;
		const result = {
			maxRssMb: process.resourceUsage().maxRSS / 1024,
			startupPeakRssMb: startupPeakKb / 1024,
			firstChunkRssMb: mb(firstChunkRss),
			exportPeakRssMb: mb(exportPeakRss)
		};
		process.stderr.write(`${MARK}${JSON.stringify(result)}\n`);
	});
	process.argv = [process.argv[0], 'medpair', ...process.argv.slice(3)];
	await import('../../src/cli/main.ts');
} else {
	await main();
}
