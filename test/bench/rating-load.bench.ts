/**
 * Load benchmark for the junior rating workflow (issue 3 "Performance", issue 8 "Load").
 *
 *   npm run bench -- rating-load
 *   BENCH_SECONDS=3 BENCH_LONG_SECONDS=10 npm run bench -- rating-load     (quick run)
 *
 * Env: BENCH_SECONDS (default 10) — length of each short phase; BENCH_LONG_SECONDS (default 60)
 * — the 64-session run of issue 8; BENCH_BUILD=auto|always|never (see load-kit.ts ensureBuild:
 * by default build/ is reused when it already has the bench-baseline route).
 *
 * Two generated studies (200 prompts × 9 candidates × 3 references, raters_per_pair 2):
 *   small: 32 juniors, 10,800 assignments;  large: 1,852 prompts, 64 juniors, 100,008 assignments.
 * The built server (`node src/server.ts`, MEDPAIR_BENCH=1) runs on a free loopback port, once
 * per database; the client runs in this process on the same machine (so they share the CPU).
 *
 * Phases, each a closed loop (every session sends its next request when the last one answered):
 *   next-pair   GET /annotate (SSR HTML) — with 1 session (the service time) and 32; and paced:
 *               32 sessions sending BENCH_PACED_RATE (default 100) GETs/s in all, far more than
 *               32 people rating would, but below saturation, so latency is not queueing.
 *   loop        GET /annotate → read the pair id → POST /annotate/<id>?/submit, per session.
 *   submit      POST /annotate/<id>?/submit only, ids read from the database in queue order.
 *   baseline    POST /bench-baseline: zod + one audit_log row (the bare form action); and
 *               GET /bench-baseline: the bare page (layout, no data of its own), small study only.
 * POSTs are sent as a browser with JavaScript sends them (x-sveltekit-action, JSON answer).
 * Latencies are measured by the client (loopback), so at N sessions they include queueing:
 * by Little's law a saturated server shows latency ≈ N / throughput.
 *
 * Besides latency and throughput, each phase reports the server's CPU time per request (from
 * /proc, so largely independent of other load on the machine), the throughput that would give
 * on one full core, and how much of the time its event loop waited for a CPU ("run-queue").
 *
 * Exit status: 1 when any request failed (or the run broke); missed targets only print MISSED.
 */
import Database from 'better-sqlite3';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createRandom } from '../../src/lib/domain/random.ts';
import {
	actionType,
	buildDatabase,
	ensureBuild,
	envNumber,
	fmt,
	Latencies,
	names,
	pairIdFromPage,
	randomChoices,
	ratingFields,
	runSessions,
	Session,
	signInAll,
	sleep,
	startServer,
	table,
	tempDir,
	withCpu,
	type BenchDb,
	type Server
} from './load-kit.ts';

const SHORT = envNumber('BENCH_SECONDS', 10);
const LONG = envNumber('BENCH_LONG_SECONDS', 60);
const WARMUP = Math.min(2, SHORT);
const PACED_RATE = envNumber('BENCH_PACED_RATE', 100);

type Row = {
	phase: string;
	db: string;
	sessions: number;
	seconds: number;
	count: number;
	perSecond: number;
	latency: { label: string; lat: Latencies }[];
	errors: string[];
	serverCpu: number;
	clientCpu: number;
	serverWaiting: number;
	load: number;
	checks: { label: string; ok: boolean }[];
};
const rows: Row[] = [];

async function phase(
	server: Server,
	name: string,
	db: string,
	sessions: number,
	work: () => Promise<{ seconds: number; count: number; errors: string[]; latency: Row['latency'] }>
): Promise<Row> {
	const died = server.unexpectedExit();
	if (died) throw new Error(`the server ended before phase "${name}": ${died}`);
	process.stdout.write(`  ${name} (${db}, ${sessions} sessions)… `);
	const { result, serverCpu, clientCpu, serverWaiting } = await withCpu(server.pid, work);
	const row: Row = {
		phase: name,
		db,
		sessions,
		seconds: result.seconds,
		count: result.count,
		perSecond: result.count / result.seconds,
		latency: result.latency,
		errors: result.errors,
		serverCpu,
		clientCpu,
		serverWaiting,
		load: loadavg()[0],
		checks: []
	};
	console.log(
		`${row.count} in ${fmt(row.seconds)} s = ${fmt(row.perSecond, 0)}/s, ` +
			row.latency
				.map((l) => `${l.label} p50 ${fmt(l.lat.p50)} p99 ${fmt(l.lat.p99)} ms`)
				.join(', ') +
			`, server CPU ${fmt(serverCpu * 100, 0)} % (waiting for a CPU ${fmt(serverWaiting * 100, 0)} %), client CPU ${fmt(clientCpu * 100, 0)} %` +
			(row.errors.length ? `, ${row.errors.length} ERRORS (${row.errors[0]})` : '')
	);
	rows.push(row);
	return row;
}

/** Server CPU milliseconds per request in a phase (from /proc: little affected by other load). */
const cpuMs = (row: Row) => (row.serverCpu * row.seconds * 1000) / row.count;
/** The small study's next-pair CPU per page, for the large one's check (issue #18). */
let smallPageCpu: number | undefined;

/**
 * GET /annotate in a closed loop, or paced: with `rate`, the sessions together send `rate`
 * requests/s (each waits its turn, with jitter), so latency is the service time, not a queue.
 */
function nextPair(sessions: Session[], seconds: number, rate?: number) {
	return async () => {
		const lat = new Latencies();
		const random = createRandom(9);
		const interval = rate ? (sessions.length / rate) * 1000 : 0;
		const end = performance.now() + seconds * 1000;
		const run = await runSessions(sessions, seconds, async (s) => {
			if (interval)
				await sleep(Math.min(interval * (0.5 + random.next()), end - performance.now()));
			if (performance.now() >= end) return false;
			const res = await s.get('/annotate');
			if (res.status !== 200) throw new Error(`GET /annotate: HTTP ${res.status}`);
			if (!pairIdFromPage(res.body) && !res.body.includes('All done'))
				throw new Error('GET /annotate: no pair and no "All done"');
			lat.add(res.ms);
			return true;
		});
		return { ...run, count: lat.count, latency: [{ label: 'GET', lat }] };
	};
}

/** GET next → POST submit, per session, until the time is up or its queue is empty. */
function ratingLoop(sessions: Session[], seconds: number, seed: number) {
	return async () => {
		const get = new Latencies();
		const post = new Latencies();
		const random = createRandom(seed);
		let exhausted = 0;
		const run = await runSessions(sessions, seconds, async (s) => {
			const page = await s.get('/annotate');
			if (page.status !== 200) throw new Error(`GET /annotate: HTTP ${page.status}`);
			get.add(page.ms);
			const id = pairIdFromPage(page.body);
			if (!id) {
				if (!page.body.includes('All done')) throw new Error('GET /annotate: no pair');
				exhausted++;
				return false;
			}
			const res = await s.action(
				`/annotate/${id}?/submit`,
				ratingFields(randomChoices(random), random.next() < 0.05)
			);
			const type = actionType(res);
			if (type !== 'redirect') throw new Error(`submit: ${type} ${res.body.slice(0, 200)}`);
			post.add(res.ms);
			return true;
		});
		if (exhausted)
			run.errors.push(`${exhausted} sessions ran out of pairs (make the study larger)`);
		return {
			...run,
			count: post.count,
			latency: [
				{ label: 'submit', lat: post },
				{ label: 'GET', lat: get }
			]
		};
	};
}

/** POST submit only, for pair ids taken from the database in each junior's queue order. */
function submitOnly(
	sessions: Session[],
	seconds: number,
	queues: Map<string, string[]>,
	seed: number
) {
	return async () => {
		const post = new Latencies();
		const random = createRandom(seed);
		const run = await runSessions(sessions, seconds, async (s) => {
			const id = queues.get(s.username)?.shift();
			if (!id) throw new Error(`${s.username} ran out of pairs (make the study larger)`);
			const res = await s.action(`/annotate/${id}?/submit`, ratingFields(randomChoices(random)));
			const type = actionType(res);
			if (type !== 'redirect') throw new Error(`submit: ${type} ${res.body.slice(0, 200)}`);
			post.add(res.ms);
			return true;
		});
		return { ...run, count: post.count, latency: [{ label: 'submit', lat: post }] };
	};
}

function baseline(sessions: Session[], seconds: number) {
	return async () => {
		const post = new Latencies();
		const run = await runSessions(sessions, seconds, async (s) => {
			const res = await s.action('/bench-baseline', { note: 'baseline' });
			const type = actionType(res);
			if (type !== 'success') throw new Error(`baseline: ${type} ${res.body.slice(0, 200)}`);
			post.add(res.ms);
			return true;
		});
		return { ...run, count: post.count, latency: [{ label: 'POST', lat: post }] };
	};
}

/**
 * GET /bench-baseline: the bare page, i.e. the app's layout around a page with no data of its
 * own (session check, the root layout's load, SSR, the page's data in the HTML): the floor of any
 * server-rendered page here, to set the next-pair page's cost against.
 */
function barePage(sessions: Session[], seconds: number) {
	return async () => {
		const lat = new Latencies();
		const run = await runSessions(sessions, seconds, async (s) => {
			const res = await s.get('/bench-baseline');
			if (res.status !== 200 || !res.body.includes('Benchmark baseline'))
				throw new Error(`GET /bench-baseline: HTTP ${res.status}`);
			lat.add(res.ms);
			return true;
		});
		return { ...run, count: lat.count, latency: [{ label: 'GET', lat }] };
	};
}

function unsubmittedQueues(file: string, usernames: string[]): Map<string, string[]> {
	const sqlite = new Database(file, { readonly: true });
	try {
		const rows = sqlite
			.prepare(
				`select u.username as username, a.public_id as id from assignments a
				 join users u on u.id = a.user_id
				 where a.role = 'junior' and a.status != 'submitted' order by a.user_id, a.position`
			)
			.all() as { username: string; id: string }[];
		const queues = new Map<string, string[]>(usernames.map((u) => [u, []]));
		for (const row of rows) queues.get(row.username)?.push(row.id);
		return queues;
	} finally {
		sqlite.close();
	}
}

async function researcherSessions(port: number, n: number): Promise<Session[]> {
	return signInAll(
		port,
		Array.from({ length: n }, () => 'researcher')
	);
}

async function smallDatabaseRun(db: BenchDb) {
	const label = `10.8k`;
	const server = await startServer(db.file);
	try {
		const juniors = await signInAll(server.port, db.juniors);
		const researchers = await researcherSessions(server.port, 32);
		await runSessions(juniors, WARMUP, async (s) => (await s.get('/annotate')).status === 200);
		await runSessions(researchers, WARMUP, async (s) => !!(await s.action('/bench-baseline', {})));
		await phase(server, 'next-pair GET', label, 1, nextPair(juniors.slice(0, 1), SHORT));
		const get32 = await phase(server, 'next-pair GET', label, 32, nextPair(juniors, SHORT));
		const paced = await phase(
			server,
			`next-pair GET paced ${PACED_RATE}/s`,
			label,
			32,
			nextPair(juniors, SHORT, PACED_RATE)
		);
		paced.checks.push({ label: 'p99 < 25 ms', ok: paced.latency[0].lat.p99 < 25 });
		get32.checks.push({ label: 'p99 < 50 ms', ok: get32.latency[0].lat.p99 < 50 });
		smallPageCpu = cpuMs(get32);
		const base = await phase(server, 'baseline POST', label, 32, baseline(researchers, SHORT));
		get32.checks.push({
			label: `÷ baseline = ${fmt(get32.perSecond / base.perSecond, 2)} ≥ 0.6`,
			ok: get32.perSecond / base.perSecond >= 0.6
		});
		const bare = await phase(
			server,
			'baseline GET (bare page)',
			label,
			32,
			barePage(researchers, SHORT)
		);
		get32.checks.push({
			label: `CPU ÷ bare page = ${fmt(cpuMs(get32) / cpuMs(bare), 2)}`,
			ok: true
		});
		const loop = await phase(server, 'loop GET+submit', label, 32, ratingLoop(juniors, SHORT, 1));
		loop.checks.push(
			{ label: '≥ 500 submissions/s', ok: loop.perSecond >= 500 },
			{ label: 'submit p99 < 100 ms', ok: loop.latency[0].lat.p99 < 100 },
			{
				label: `÷ baseline = ${fmt(loop.perSecond / base.perSecond, 2)} ≥ 0.35`,
				ok: loop.perSecond / base.perSecond >= 0.35
			}
		);
		for (const s of [...juniors, ...researchers]) s.close();
	} finally {
		await server.stop();
		reportServerErrors(server, label);
	}
}

async function largeDatabaseRun(db: BenchDb) {
	const label = `100k`;
	const server = await startServer(db.file);
	try {
		const juniors = await signInAll(server.port, db.juniors);
		const first32 = juniors.slice(0, 32);
		const researchers = await researcherSessions(server.port, 64);
		await runSessions(first32, WARMUP, async (s) => (await s.get('/annotate')).status === 200);
		await runSessions(researchers, WARMUP, async (s) => !!(await s.action('/bench-baseline', {})));
		await phase(server, 'next-pair GET', label, 1, nextPair(first32.slice(0, 1), SHORT));
		const get32 = await phase(server, 'next-pair GET', label, 32, nextPair(first32, SHORT));
		const paced = await phase(
			server,
			`next-pair GET paced ${PACED_RATE}/s`,
			label,
			32,
			nextPair(first32, SHORT, PACED_RATE)
		);
		paced.checks.push({ label: 'p99 < 25 ms', ok: paced.latency[0].lat.p99 < 25 });
		get32.checks.push(
			{ label: 'p99 < 50 ms', ok: get32.latency[0].lat.p99 < 50 },
			{ label: 'CPU ≤ 1.0 ms/page', ok: cpuMs(get32) <= 1.0 }
		);
		// Cost independent of the queue and study size: within 20 % of the 10.8k study's page.
		if (smallPageCpu !== undefined)
			get32.checks.push({
				label: `CPU ÷ 10.8k = ${fmt(cpuMs(get32) / smallPageCpu, 2)} ≤ 1.2`,
				ok: cpuMs(get32) / smallPageCpu <= 1.2
			});
		const base32 = await phase(
			server,
			'baseline POST',
			label,
			32,
			baseline(researchers.slice(0, 32), SHORT)
		);
		get32.checks.push({
			label: `÷ baseline = ${fmt(get32.perSecond / base32.perSecond, 2)} ≥ 0.6`,
			ok: get32.perSecond / base32.perSecond >= 0.6
		});
		const queues = unsubmittedQueues(db.file, db.juniors.slice(0, 32));
		const submit = await phase(
			server,
			'submit only',
			label,
			32,
			submitOnly(first32, SHORT, queues, 2)
		);
		submit.checks.push(
			{ label: '≥ 500 submissions/s', ok: submit.perSecond >= 500 },
			{ label: 'p99 < 100 ms', ok: submit.latency[0].lat.p99 < 100 },
			{
				label: `÷ baseline = ${fmt(submit.perSecond / base32.perSecond, 2)} ≥ 0.7`,
				ok: submit.perSecond / base32.perSecond >= 0.7
			}
		);
		const loop = await phase(server, 'loop GET+submit', label, 64, ratingLoop(juniors, LONG, 3));
		const base64 = await phase(server, 'baseline POST', label, 64, baseline(researchers, SHORT));
		loop.checks.push(
			{ label: '0 errors', ok: loop.errors.length === 0 },
			{ label: 'submit p99 < 200 ms', ok: loop.latency[0].lat.p99 < 200 },
			{ label: `÷ baseline(64) = ${fmt(loop.perSecond / base64.perSecond, 2)}`, ok: true }
		);
		for (const s of [...juniors, ...researchers]) s.close();
	} finally {
		await server.stop();
		reportServerErrors(server, label);
	}
}

function reportServerErrors(server: Server, label: string) {
	const died = server.unexpectedExit();
	if (died) console.log(`  THE SERVER (${label}) ENDED during the run: ${died}`);
	if (server.errors.length)
		console.log(
			`  server (${label}) stderr: ${server.errors.length} lines, first: ${server.errors[0]}`
		);
}

const dir = tempDir('rating-load');
console.log(`build: ${ensureBuild(dir)}`);
console.log(
	`phases: ${SHORT} s each, the 64-session run ${LONG} s (BENCH_SECONDS, BENCH_LONG_SECONDS)`
);
const small = await buildDatabase(join(dir, 'small.db'), {
	prompts: 200,
	candidates: 9,
	references: 3,
	juniors: names('junior', 32),
	seniors: ['senior01']
});
console.log(`small database: ${small.assignments} assignments, built in ${fmt(small.seconds)} s`);
await smallDatabaseRun(small);
const large = await buildDatabase(join(dir, 'large.db'), {
	prompts: 1852,
	candidates: 9,
	references: 3,
	juniors: names('junior', 64),
	seniors: ['senior01']
});
console.log(`large database: ${large.assignments} assignments, built in ${fmt(large.seconds)} s`);
await largeDatabaseRun(large);

const lines: (string | number)[][] = [
	[
		'phase',
		'db',
		'sess',
		's',
		'count',
		'/s',
		'p50 ms',
		'p99 ms',
		'max ms',
		'srv CPU',
		'CPU ms/req',
		'≈/s @1 core',
		'run-queue',
		'load1',
		'errors',
		'targets'
	]
];
for (const r of rows) {
	const [main, ...rest] = r.latency;
	lines.push([
		r.phase,
		r.db,
		r.sessions,
		fmt(r.seconds, 0),
		r.count,
		fmt(r.perSecond, 0),
		`${main.label} ${fmt(main.lat.p50)}`,
		fmt(main.lat.p99),
		fmt(main.lat.max),
		`${fmt(r.serverCpu * 100, 0)} %`,
		fmt(cpuMs(r), 2),
		fmt(r.count / (r.serverCpu * r.seconds), 0),
		`${fmt(r.serverWaiting * 100, 0)} %`,
		fmt(r.load),
		r.errors.length,
		r.checks.map((c) => `${c.label}${c.ok ? ' ok' : ' MISSED'}`).join('; ')
	]);
	for (const extra of rest)
		lines.push([
			'',
			'',
			'',
			'',
			extra.lat.count,
			'',
			`${extra.label} ${fmt(extra.lat.p50)}`,
			fmt(extra.lat.p99),
			fmt(extra.lat.max),
			'',
			'',
			'',
			'',
			'',
			'',
			''
		]);
}
console.log(`\n${table(lines)}`);
const errors = rows.reduce((n, r) => n + r.errors.length, 0);
if (errors) {
	console.log(`\n${errors} errors; first ones:`);
	for (const r of rows)
		for (const e of r.errors.slice(0, 3)) console.log(`  ${r.phase} (${r.db}): ${e}`);
}
process.exit(errors ? 1 : 0);
