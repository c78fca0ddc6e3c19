/**
 * Soak benchmark (issue 8 "Data safety": 10 minutes of mixed load; memory stays flat and p99
 * latency does not drift).
 *
 *   npm run bench -- soak
 *   SOAK_SECONDS=120 SOAK_SAMPLE_SECONDS=20 npm run bench -- soak        (quick run)
 *
 * Env (defaults): SOAK_SECONDS (600) total; SOAK_SAMPLE_SECONDS (60) per sample;
 * SOAK_RATE (40) junior submissions/s in all; SOAK_PROMPTS (1000: 54,000 assignments);
 * SOAK_STUDY_PAGE_MS (5000) between the researcher's study page loads; BENCH_BUILD (load-kit.ts).
 *
 * Mixed load against the built server, paced (not saturating, so latency shows the service, and
 * its drift, rather than a queue):
 * - 32 juniors, each looping GET /annotate → POST submit, spaced so that together they submit
 *   SOAK_RATE pairs/s. They agree with each other on most pairs (a per-pair "truth" seen through
 *   each junior's own A/B placement) and disagree or flag "hard" on some, so pairs escalate.
 * - 1 senior: GET /adjudicate → POST ?/independent → POST ?/finalize, every second or so.
 * - 1 researcher: GET /studies/<id> every SOAK_STUDY_PAGE_MS.
 * Each sample records the server's VmRSS (/proc/<pid>/status), its CPU share and the p50/p99 of
 * every request type. Exit status 1 on request errors only.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createRandom, type Random } from '../../src/lib/domain/random.ts';
import {
	actionType,
	adjudicationFromPage,
	buildDatabase,
	CHOICES,
	DIMENSIONS,
	ensureBuild,
	envNumber,
	fmt,
	Latencies,
	names,
	pairIdFromPage,
	ratingFields,
	runSessions,
	signInAll,
	sleep,
	startServer,
	table,
	tempDir,
	cpuSeconds,
	runQueueSeconds,
	type Choice
} from './load-kit.ts';

const SECONDS = envNumber('SOAK_SECONDS', 600);
const SAMPLE = envNumber('SOAK_SAMPLE_SECONDS', 60);
const RATE = envNumber('SOAK_RATE', 40);
const PROMPTS = envNumber('SOAK_PROMPTS', 1000);
const STUDY_PAGE_MS = envNumber('SOAK_STUDY_PAGE_MS', 5000);
const JUNIORS = 32;
const KINDS = ['junior GET', 'junior submit', 'senior GET', 'senior POST', 'study page'] as const;
type Kind = (typeof KINDS)[number];

const dir = tempDir('soak');
console.log(`build: ${ensureBuild(dir)}`);
const bench = await buildDatabase(join(dir, 'soak.db'), {
	prompts: PROMPTS,
	candidates: 9,
	references: 3,
	juniors: names('junior', JUNIORS),
	seniors: ['senior01']
});
console.log(
	`database: ${bench.assignments} assignments; ${SECONDS} s at ${RATE} submissions/s, sampled every ${SAMPLE} s`
);

// The simulated juniors' opinions: a per-pair truth, seen through each one's placement.
const placement = new Map<string, { pairId: number; modelOnLeft: boolean }>();
{
	const sqlite = new Database(bench.file, { readonly: true });
	for (const row of sqlite
		.prepare('select public_id as id, pair_id as pairId, model_on_left as left from assignments')
		.iterate() as Iterable<{ id: string; pairId: number; left: number }>)
		placement.set(row.id, { pairId: row.pairId, modelOnLeft: row.left === 1 });
	sqlite.close();
}
const CANONICAL = ['win', 'tie', 'loss'] as const;
function juniorChoices(
	publicId: string,
	random: Random
): { choices: Record<string, Choice>; hard: boolean } {
	const place = placement.get(publicId);
	const truth = createRandom(place?.pairId ?? 0);
	const honest = random.next() < 0.85;
	const choices: Record<string, Choice> = {};
	for (const key of DIMENSIONS) {
		const outcome = CANONICAL[truth.int(3)];
		if (!honest && random.next() < 0.5) choices[key] = CHOICES[random.int(3)];
		else if (outcome === 'tie') choices[key] = 'tie';
		else choices[key] = (outcome === 'win') === (place?.modelOnLeft ?? true) ? 'A' : 'B';
	}
	return { choices, hard: random.next() < 0.03 };
}

const server = await startServer(bench.file);
const juniors = await signInAll(server.port, bench.juniors);
const [senior] = await signInAll(server.port, bench.seniors);
const [researcher] = await signInAll(server.port, [bench.researcher]);

type Sample = {
	minute: number;
	rssMb: number;
	/** Server CPU seconds used per request answered in this sample, in ms. */
	cpuPerRequest: number;
	cpu: number;
	/** Share of the time the server's event loop waited for a CPU (other load on the machine). */
	waiting: number;
	latencies: Record<Kind, Latencies>;
	escalated: number;
	decided: number;
};
const samples: Sample[] = [];
let current: Sample;
const newSample = (): Sample => ({
	minute: samples.length + 1,
	rssMb: 0,
	cpuPerRequest: 0,
	cpu: 0,
	waiting: 0,
	latencies: Object.fromEntries(KINDS.map((k) => [k, new Latencies()])) as Record<Kind, Latencies>,
	escalated: 0,
	decided: 0
});
current = newSample();
const record = (kind: Kind, ms: number) => current.latencies[kind].add(ms);

const start = performance.now();
const end = start + SECONDS * 1000;
const done = () => performance.now() >= end || server.unexpectedExit() !== null;
const random = createRandom(7);

/** Paced junior: one pair every JUNIORS / RATE seconds (with jitter), from a random offset. */
const interval = (JUNIORS / RATE) * 1000;
const started = juniors.map(() => false);
const juniorLoad = runSessions(
	juniors,
	SECONDS,
	async (s, index) => {
		const due = performance.now() + interval * (0.5 + random.next());
		if (!started[index]) {
			started[index] = true; // spread the sessions' first requests over one interval
			await sleep(random.int(Math.ceil(interval)));
		}
		const page = await s.get('/annotate');
		if (page.status !== 200) throw new Error(`junior GET: HTTP ${page.status}`);
		record('junior GET', page.ms);
		const id = pairIdFromPage(page.body);
		if (!id) throw new Error('a junior ran out of pairs (raise SOAK_PROMPTS)');
		const { choices, hard } = juniorChoices(id, random);
		const res = await s.action(`/annotate/${id}?/submit`, ratingFields(choices, hard));
		if (actionType(res) !== 'redirect')
			throw new Error(`junior submit: ${actionType(res)} ${res.body.slice(0, 120)}`);
		record('junior submit', res.ms);
		const wait = due - performance.now();
		if (wait > 0 && !done()) await sleep(Math.min(wait, end - performance.now()));
		return true;
	},
	{ stop: done }
);

const seniorLoad = runSessions(
	[senior],
	SECONDS,
	async (s) => {
		const page = await s.get('/adjudicate');
		if (page.status !== 200) throw new Error(`senior GET: HTTP ${page.status}`);
		record('senior GET', page.ms);
		const found = adjudicationFromPage(page.body);
		if (!found) {
			await sleep(Math.min(1000, end - performance.now()));
			return true;
		}
		const choices = Object.fromEntries(DIMENSIONS.map((d) => [d, CHOICES[random.int(3)]]));
		const fields = { ...ratingFields(choices), comment: 'Senior decision.' };
		if (found.step === 'independent') {
			const res = await s.action(`/adjudicate/${found.id}?/independent`, fields);
			if (actionType(res) !== 'redirect')
				throw new Error(`senior independent: ${actionType(res)} ${res.body.slice(0, 120)}`);
			record('senior POST', res.ms);
			const informed = await s.get(`/adjudicate/${found.id}`);
			if (informed.status !== 200) throw new Error(`senior GET pair: HTTP ${informed.status}`);
			record('senior GET', informed.ms);
		}
		const res = await s.action(`/adjudicate/${found.id}?/finalize`, fields);
		if (actionType(res) !== 'redirect')
			throw new Error(`senior finalize: ${actionType(res)} ${res.body.slice(0, 120)}`);
		record('senior POST', res.ms);
		await sleep(Math.min(500 + random.int(1000), Math.max(0, end - performance.now())));
		return true;
	},
	{ stop: done }
);

const researcherLoad = runSessions(
	[researcher],
	SECONDS,
	async (s) => {
		const page = await s.get(`/studies/${bench.studyId}`);
		if (page.status !== 200) throw new Error(`study page: HTTP ${page.status}`);
		record('study page', page.ms);
		await sleep(Math.min(STUDY_PAGE_MS, Math.max(0, end - performance.now())));
		return true;
	},
	{ stop: done }
);

// Sampler: closes a sample every SAMPLE seconds.
const counts = new Database(bench.file, { readonly: true });
const escalationCounts = counts.prepare(
	'select count(*) as escalated, count(decided_at) as decided from escalations'
);
let cpuBefore = cpuSeconds(server.pid);
let waitBefore = runQueueSeconds(server.pid);
let sampleStart = performance.now();
for (let i = 0; i < Math.ceil(SECONDS / SAMPLE) && !done(); i++) {
	await sleep(Math.min(SAMPLE * 1000, end - performance.now()));
	const cpuNow = cpuSeconds(server.pid);
	const now = performance.now();
	current.cpu = (cpuNow - cpuBefore) / ((now - sampleStart) / 1000);
	const waitNow = runQueueSeconds(server.pid);
	current.waiting = (waitNow - waitBefore) / ((now - sampleStart) / 1000);
	waitBefore = waitNow;
	const answered = KINDS.reduce((n, k) => n + current.latencies[k].count, 0);
	current.cpuPerRequest = ((cpuNow - cpuBefore) * 1000) / answered;
	current.rssMb = (server.rssKb() ?? NaN) / 1024;
	const e = escalationCounts.get() as { escalated: number; decided: number };
	current.escalated = e.escalated;
	current.decided = e.decided;
	samples.push(current);
	const l = current.latencies;
	console.log(
		`  sample ${current.minute}: RSS ${fmt(current.rssMb)} MB, CPU ${fmt(current.cpu * 100, 0)} %, ` +
			KINDS.map((k) => `${k} ${l[k].count}× p99 ${fmt(l[k].p99)}`).join(', ') +
			`; escalated ${e.escalated}, decided ${e.decided}`
	);
	current = newSample();
	cpuBefore = cpuNow;
	sampleStart = now;
}
const [j, sn, r] = await Promise.all([juniorLoad, seniorLoad, researcherLoad]);
const died = server.unexpectedExit();
if (died)
	console.log(
		`\nTHE SERVER ENDED during the soak (${died}); its last stderr lines:\n${server.errors.slice(-10).join('\n')}`
	);
counts.close();
await server.stop();
for (const s of [...juniors, senior, researcher]) s.close();

const errors = [...j.errors, ...sn.errors, ...r.errors, ...(died ? [`server ended: ${died}`] : [])];
const rows: (string | number)[][] = [
	[
		'sample',
		'RSS MB',
		'CPU',
		'CPU ms/req',
		'run-queue',
		...KINDS.map((k) => `${k} n / p50 / p99 ms`)
	]
];
for (const s of samples)
	rows.push([
		s.minute,
		fmt(s.rssMb),
		`${fmt(s.cpu * 100, 0)} %`,
		fmt(s.cpuPerRequest, 2),
		`${fmt(s.waiting * 100, 0)} %`,
		...KINDS.map(
			(k) => `${s.latencies[k].count} / ${fmt(s.latencies[k].p50)} / ${fmt(s.latencies[k].p99)}`
		)
	]);
console.log(`\n${table(rows)}`);

// Memory: RSS from the end of the second sample (after warm-up: JIT, caches, SQLite page cache)
// to the last, with its least-squares slope. Drift: median p99 of the second half of the samples
// over that of the first half (medians, because single samples jump when other processes take
// the CPU; see the run-queue column).
const measured = samples.filter((s) => Number.isFinite(s.rssMb));
const median = (values: number[]) => {
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	return sorted.length ? sorted[(sorted.length - 1) >> 1] : NaN;
};
if (measured.length >= 3) {
	const steady = measured.slice(1);
	const first = steady[0];
	const last = steady.at(-1)!;
	const growth = last.rssMb - first.rssMb;
	const peak = Math.max(...measured.map((s) => s.rssMb));
	const xs = steady.map((s) => (s.minute * SAMPLE) / 60);
	const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
	const my = steady.reduce((a, s) => a + s.rssMb, 0) / steady.length;
	const slope =
		xs.reduce((a, x, i) => a + (x - mx) * (steady[i].rssMb - my), 0) /
		xs.reduce((a, x) => a + (x - mx) ** 2, 0);
	console.log(
		`\nmemory: RSS ${fmt(measured[0].rssMb)} MB after sample 1, ${fmt(first.rssMb)} → ${fmt(last.rssMb)} MB from sample 2 to ${last.minute} ` +
			`(${growth >= 0 ? '+' : ''}${fmt(growth)} MB, slope ${fmt(slope, 2)} MB/min, peak ${fmt(peak)}): ` +
			(growth < Math.max(20, first.rssMb * 0.1) ? 'flat ok' : 'GROWING')
	);
	const half = Math.floor(measured.length / 2);
	const early = measured.slice(0, half);
	const late = measured.slice(measured.length - half);
	console.log(
		`run-queue (waiting for a CPU): first half ${fmt(median(early.map((s) => s.waiting * 100)), 0)} %, second half ${fmt(median(late.map((s) => s.waiting * 100)), 0)} %`
	);
	for (const k of KINDS) {
		const a = median(early.map((s) => s.latencies[k].p99));
		const b = median(late.map((s) => s.latencies[k].p99));
		const ratio = b / a;
		console.log(
			`p99 ${k} (median over samples): first half ${fmt(a)} ms, second half ${fmt(b)} ms (×${fmt(ratio, 2)})` +
				(Number.isFinite(ratio) ? (ratio <= 1.5 ? ' ok' : ' DRIFT') : '')
		);
	}
}
console.log(
	`\nrequests: ${KINDS.map((k) => `${k} ${samples.reduce((n, s) => n + s.latencies[k].count, 0)}`).join(', ')}; errors ${errors.length}` +
		(errors.length ? ` (first: ${errors[0]})` : '')
);
process.exit(errors.length ? 1 : 0);
