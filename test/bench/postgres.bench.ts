/**
 * PostgreSQL against SQLite (issue #14), in one run on the same machine:
 *   1. the rating loop (GET /annotate → POST its submission), 32 sessions, on one server with
 *      SQLite and one with PostgreSQL: submissions/s, latency, and the ratio;
 *   2. the same 32 sessions spread over two servers on one PostgreSQL database;
 *   3. `medpair db copy` of a 100,000-assignment SQLite study into an empty PostgreSQL database:
 *      time and the copying process's peak RSS (VmHWM).
 *
 *   npm run bench -- postgres          BENCH_SECONDS=5 npm run bench -- postgres (quick)
 *
 * PostgreSQL: the cluster at MEDPAIR_TEST_PG_URL (.ci/with-postgres npm run bench -- postgres),
 * else a throwaway one started here (test/helpers/pg-cluster.ts). The server runs with
 * fsync=off there (a test cluster): the figures compare query work, not disk flushes.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createRandom } from '../../src/lib/domain/random.ts';
import { MEDPAIR_BIN } from '../helpers/cli.ts';
import { createDatabase, startCluster, type PgCluster } from '../helpers/pg-cluster.ts';
import { rateOne, sharedStudy } from '../helpers/instances.ts';
import {
	buildDatabase,
	ensureBuild,
	envNumber,
	fmt,
	Latencies,
	names,
	runSessions,
	signInAll,
	startServer,
	table,
	tempDir,
	type Server
} from './load-kit.ts';

const SECONDS = envNumber('BENCH_SECONDS', 10);
const SESSIONS = 32;
// 200 prompts × 9 candidates × 3 references, 2 raters per pair: 10,800 assignments (rating-load's small study).
const STUDY = { prompts: 200, candidates: 9, references: 3 };

let cluster: PgCluster | undefined;
const baseUrl = process.env.MEDPAIR_TEST_PG_URL || (cluster = startCluster()).url;
process.on('exit', () => cluster?.stop());
let databases = 0;
const pgDatabase = () => createDatabase(baseUrl, `bench_${process.pid}_${databases++}`);

const dir = tempDir('pg-bench');
console.log(`build: ${ensureBuild(dir)}`);
console.log(
	`load before: ${loadavg()
		.map((l) => l.toFixed(2))
		.join(' ')}`
);

type Result = {
	label: string;
	perSecond: number;
	get: Latencies;
	post: Latencies;
	errors: string[];
};

/** The rating loop on `ports` (sessions spread round-robin), for SECONDS. */
async function ratingLoop(label: string, ports: number[], juniors: string[]): Promise<Result> {
	const sessions = (
		await Promise.all(
			ports.map((port, p) =>
				signInAll(
					port,
					juniors.filter((_, i) => i % ports.length === p)
				)
			)
		)
	).flat();
	let post = new Latencies();
	const get = new Latencies();
	const randoms = sessions.map((_, i) => createRandom(i + 1));
	const step = async (s: (typeof sessions)[number], index: number) => {
		const started = performance.now();
		const id = await rateOne(s, randoms[index]);
		if (id === 'done') throw new Error('ran out of pairs (make the study larger)');
		post.add(performance.now() - started);
		return true;
	};
	// Warm-up (first pages compile and cache): not counted.
	await runSessions(sessions, Math.min(3, SECONDS), step);
	post = new Latencies();
	const run = await runSessions(sessions, SECONDS, step);
	for (const s of sessions) s.close();
	const perSecond = run.iterations / run.seconds;
	console.log(
		`  ${label}: ${run.iterations} submissions in ${fmt(run.seconds)} s = ${fmt(perSecond, 0)}/s, loop p50 ${fmt(post.p50)} p99 ${fmt(post.p99)} ms, load ${loadavg()[0].toFixed(1)}` +
			(run.errors.length ? `, ${run.errors.length} ERRORS (${run.errors[0]})` : '')
	);
	return { label, perSecond, get, post, errors: run.errors };
}

const juniors = names('junior', SESSIONS);
const results: Result[] = [];

// 1. One server, SQLite vs PostgreSQL, the same generated study.
const sqlite = await buildDatabase(join(dir, 'rating.db'), { ...STUDY, juniors, seniors: [] });
let server: Server = await startServer(sqlite.file, { startTimeoutMs: 90_000 });
results.push(await ratingLoop('SQLite, one server', [server.port], juniors));
await server.stop();

const pgUrl = await pgDatabase();
await sharedStudy(pgUrl, { juniors: SESSIONS, ...STUDY });
server = await startServer(sqlite.file, {
	env: { DATABASE_URL: pgUrl },
	startTimeoutMs: 90_000
});
results.push(await ratingLoop('PostgreSQL, one server', [server.port], juniors));
await server.stop();

// 2. Two servers on one PostgreSQL database.
const twoUrl = await pgDatabase();
await sharedStudy(twoUrl, { juniors: SESSIONS, ...STUDY });
const two = await Promise.all([
	startServer(sqlite.file, { env: { DATABASE_URL: twoUrl }, startTimeoutMs: 90_000 }),
	startServer(sqlite.file, { env: { DATABASE_URL: twoUrl }, startTimeoutMs: 90_000 })
]);
results.push(
	await ratingLoop(
		'PostgreSQL, two servers',
		two.map((s) => s.port),
		juniors
	)
);
await Promise.all(two.map((s) => s.stop()));

const [lite, pg1, pg2] = results;
console.log(
	`\n${table([
		['run', 'submissions/s', 'loop p50 ms', 'loop p99 ms', 'vs SQLite'],
		...results.map((r) => [
			r.label,
			fmt(r.perSecond, 0),
			fmt(r.post.p50),
			fmt(r.post.p99),
			fmt(r.perSecond / lite.perSecond, 2)
		])
	])}`
);
console.log(
	`PostgreSQL / SQLite on one server: ${fmt(pg1.perSecond / lite.perSecond, 2)}; two PostgreSQL servers / one: ${fmt(pg2.perSecond / pg1.perSecond, 2)}`
);

// 3. db copy of a 100,000-assignment study (1,852 prompts × 9 candidates × 3 references, 64 juniors).
const big = await buildDatabase(join(dir, 'big.db'), {
	prompts: 1852,
	candidates: 9,
	references: 3,
	juniors: names('junior', 64),
	seniors: []
});
console.log(`\nbuilt a ${big.assignments}-assignment SQLite study in ${fmt(big.seconds)} s`);
const target = await pgDatabase();
const copy = await new Promise<{
	seconds: number;
	peakKb: number;
	out: string;
	code: number | null;
}>((resolve) => {
	const started = performance.now();
	const child = spawn(
		process.execPath,
		[MEDPAIR_BIN, 'db', 'copy', '--from', big.file, '--to', target, '--json'],
		{
			stdio: ['ignore', 'pipe', 'inherit']
		}
	);
	let out = '';
	let peakKb = 0;
	const sample = setInterval(() => {
		try {
			const match = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
			if (match) peakKb = Math.max(peakKb, Number(match[1]));
		} catch {
			/* ended */
		}
	}, 50);
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
	child.on('close', (code) => {
		clearInterval(sample);
		resolve({ seconds: (performance.now() - started) / 1000, peakKb, out, code });
	});
});
if (copy.code !== 0) throw new Error(`db copy failed (exit ${copy.code})`);
const report = JSON.parse(copy.out) as { rows: number };
console.log(
	`db copy: ${report.rows} rows (${big.assignments} assignments) in ${fmt(copy.seconds)} s (process, Node start included), peak RSS ${fmt(copy.peakKb / 1024, 0)} MB, load ${loadavg()[0].toFixed(1)}`
);
const failed = results.some((r) => r.errors.length > 0);
process.exit(failed ? 1 : 0);
