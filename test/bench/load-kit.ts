/**
 * Shared pieces of the HTTP load benchmarks (rating-load, crash, soak): generated studies and
 * databases, the built server as a child process, signed-in sessions over keep-alive
 * connections, and latency percentiles. Not a benchmark itself (run.ts only runs *.bench.ts).
 *
 * The load generator is a small custom client on node:http (one keep-alive connection per
 * session), not autocannon: a rating session is a flow — GET the next pair, read its opaque id
 * from the HTML, POST the submission for that id — and the benchmarks need the latency of each
 * step separately and the list of acknowledged submissions, which autocannon does not report.
 *
 * Only 127.0.0.1 is contacted. Child processes and temporary folders are removed on exit, also
 * on failure or Ctrl-C.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	symlinkSync
} from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom, type Random } from '../../src/lib/domain/random.ts';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import { closeDatabase, openDb, type SqliteAppDb } from '../../src/lib/server/db/index.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { MIGRATIONS } from '../helpers/db.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PASSWORD = 'benchmark password';
export const DIMENSIONS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
export const CHOICES = ['A', 'tie', 'B'] as const;
export type Choice = (typeof CHOICES)[number];

if (Number(process.versions.node.split('.')[0]) < 22) {
	console.error(`Node 22 is needed (this is ${process.version}); run through npm run bench / npx.`);
	process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Clean-up of child processes and temporary folders, whatever way the process ends.

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

function cleanUp() {
	for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
	for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
	tempDirs.clear();
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
	process.on(signal, () => {
		console.error(`\n${signal}: stopping`);
		process.exit(130);
	});

export function tempDir(prefix: string): string {
	const dir = mkdtempSync(join(tmpdir(), `medpair-${prefix}-`));
	tempDirs.add(dir);
	return dir;
}

export function envNumber(name: string, fallback: number): number {
	const value = process.env[name];
	if (value === undefined || value === '') return fallback;
	const n = Number(value);
	if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
	return n;
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

// ---------------------------------------------------------------------------------------------
// Build

function hasBaseline(build: string): boolean {
	const server = join(build, 'server');
	return (
		existsSync(join(build, 'handler.js')) &&
		existsSync(server) &&
		readdirSync(server, { recursive: true }).some(
			(f) =>
				String(f).endsWith('.js') &&
				readFileSync(join(server, String(f)), 'utf8').includes('bench-baseline')
		)
	);
}

let serverDir: string | undefined;

/**
 * Makes sure build/ holds a server build that includes the benchmark baseline route, then
 * copies it into `dir` (with links to node_modules/ and migrations/), where the benchmark's
 * servers run: others may rebuild build/ while a benchmark runs, which would break a server
 * that loads its chunks lazily from there.
 * BENCH_BUILD=auto (default) reuses build/ when it exists and has the route, else builds;
 * `always` builds; `never` uses build/ as it is. A reused build may be older than the sources:
 * run `npx vite build` first (or BENCH_BUILD=always) to measure the working tree.
 */
export function ensureBuild(dir: string): string {
	const mode = process.env.BENCH_BUILD ?? 'auto';
	const build = join(ROOT, 'build');
	let how = 'reused build/';
	if (mode === 'always' || (mode === 'auto' && !hasBaseline(build))) {
		const start = performance.now();
		const result = spawnSync(
			process.execPath,
			[join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'],
			{ cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }
		);
		if (result.status !== 0) throw new Error('vite build failed');
		how = `built in ${((performance.now() - start) / 1000).toFixed(1)} s`;
	}
	cpSync(build, join(dir, 'build'), { recursive: true });
	if (!hasBaseline(join(dir, 'build'))) throw new Error('the build has no bench-baseline route');
	symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
	symlinkSync(join(ROOT, 'migrations'), join(dir, 'migrations'));
	serverDir = dir;
	return `${how}, copied to ${dir}`;
}

// ---------------------------------------------------------------------------------------------
// Generated studies and databases

const WORDS = (
	'patient dose symptoms treatment risk doctor infection pain blood pressure medication daily ' +
	'chronic acute therapy the and of with should may seek care urgent follow up weeks test ' +
	'result heart fever cough kidney liver tablet evening morning'
).split(' ');

export type GeneratedStudy = {
	prompts: number;
	candidates: number;
	references: number;
	juniors: string[];
	seniors: string[];
	seed?: number;
};

/** A study file (ARCHITECTURE §8) with Markdown answers of about 120 words. */
export function studyFile(spec: GeneratedStudy): string {
	const random = createRandom(spec.seed ?? 1);
	const words = (n: number) =>
		Array.from({ length: n }, () => WORDS[random.int(WORDS.length)]).join(' ');
	const models = [
		...Array.from({ length: spec.candidates }, (_, i) => ({
			key: `cand-${i + 1}`,
			group: 'candidate'
		})),
		...Array.from({ length: spec.references }, (_, i) => ({
			key: `ref-${i + 1}`,
			group: 'reference'
		}))
	];
	const prompts = Array.from({ length: spec.prompts }, (_, i) => ({
		key: `q${i + 1}`,
		text: `${words(25)}?`
	}));
	const answer = () =>
		`${words(40)}.\n\n- **${words(3)}**: ${words(20)}\n- ${words(25)}\n\n${words(30)}.`;
	return JSON.stringify({
		name: 'Load benchmark',
		design: 'candidate-vs-reference',
		raters_per_pair: 2,
		seed: spec.seed ?? 1,
		models,
		members: { junior: spec.juniors, senior: spec.seniors },
		prompts,
		responses: prompts.flatMap((p) =>
			models.map((m) => ({ prompt: p.key, model: m.key, text: answer() }))
		)
	});
}

export const names = (prefix: string, n: number) =>
	Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);

export type BenchDb = {
	file: string;
	studyId: number;
	assignments: number;
	juniors: string[];
	seniors: string[];
	researcher: string;
	seconds: number;
};

/** Creates the accounts (password PASSWORD) and imports + assigns a generated study. */
export async function buildDatabase(file: string, spec: GeneratedStudy): Promise<BenchDb> {
	const start = performance.now();
	const db = openDb(file, { migrationsPath: MIGRATIONS });
	try {
		const researcher = 'researcher';
		const accounts = [
			...spec.juniors.map((username) => ({ username, role: 'junior' as const })),
			...spec.seniors.map((username) => ({ username, role: 'senior' as const })),
			{ username: researcher, role: 'researcher' as const }
		];
		for (let i = 0; i < accounts.length; i += 8)
			await Promise.all(
				accounts
					.slice(i, i + 8)
					.map(async (a) => await users.create(db, { ...a, password: PASSWORD }))
			);
		const parsed = parseStudyFile(studyFile(spec));
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems.slice(0, 3)));
		const result = await studies.importStudy(db, parsed.value, null);
		if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 3)));
		const studyId = db.$client.prepare('select max(id) as id from studies').get() as { id: number };
		const count = db.$client.prepare('select count(*) as n from assignments').get() as {
			n: number;
		};
		db.$client.pragma('wal_checkpoint(TRUNCATE)');
		return {
			file,
			studyId: studyId.id,
			assignments: count.n,
			juniors: spec.juniors,
			seniors: spec.seniors,
			researcher,
			seconds: (performance.now() - start) / 1000
		};
	} finally {
		await closeDatabase(db);
	}
}

export function openBenchDb(file: string): SqliteAppDb {
	return openDb(file, { migrationsPath: MIGRATIONS });
}

// ---------------------------------------------------------------------------------------------
// The server

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

export type Server = {
	port: number;
	pid: number;
	process: ChildProcess;
	/** Server stderr lines (errors logged with a request id show up here). */
	errors: string[];
	stop(): Promise<void>;
	kill(): Promise<void>;
	rssKb(): number | null;
	/** How the server ended when it was not stopped or killed by the benchmark, else null. */
	unexpectedExit(): string | null;
};

/** Starts `node src/server.ts` on 127.0.0.1 with the given database; resolves once /health answers. */
export async function startServer(
	databasePath: string,
	options: {
		port?: number;
		env?: Record<string, string>;
		nodeArgs?: string[];
		/** Where the server runs (its build/ and migrations/): default ensureBuild()'s copy. */
		cwd?: string;
		/** How long to wait for /health (default 30 s). */
		startTimeoutMs?: number;
	} = {}
): Promise<Server> {
	const port = options.port ?? (await freePort());
	// The server works out the origin from each connection (no ORIGIN), as in a plain install.
	const env: Record<string, string | undefined> = { ...process.env };
	for (const name of ['ORIGIN', 'PROTOCOL_HEADER', 'HOST_HEADER', 'NODE_OPTIONS']) delete env[name];
	const cwd = options.cwd ?? serverDir;
	if (!cwd) throw new Error('call ensureBuild() first, or pass cwd');
	// BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (not on kill).
	const profile = process.env.BENCH_CPU_PROF
		? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
		: [];
	const args = [...profile, ...(options.nodeArgs ?? []), join(ROOT, 'src/server.ts')];
	const child = spawn(process.execPath, args, {
		cwd,
		env: {
			...env,
			PORT: String(port),
			HOST: '127.0.0.1',
			DATABASE_PATH: databasePath,
			MEDPAIR_BENCH: '1',
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.add(child);
	const errors: string[] = [];
	const output: string[] = [];
	child.stdout!.setEncoding('utf8');
	child.stdout!.on('data', (chunk: string) => {
		for (const line of chunk.split('\n')) if (line.trim()) output.push(line);
		output.splice(0, Math.max(0, output.length - 20));
	});
	child.stderr!.setEncoding('utf8');
	child.stderr!.on('data', (chunk: string) => {
		for (const line of chunk.split('\n'))
			if (line.trim() && errors.length < 1000) errors.push(line);
	});
	let ending = false;
	let unexpected: string | null = null;
	const exited = new Promise<void>((done) =>
		child.once('exit', (code, signal) => {
			if (!ending)
				unexpected =
					`exit code ${code}, signal ${signal} at ${new Date().toISOString()}; ` +
					`last output: ${output.slice(-3).join(' / ')}`;
			done();
		})
	);
	const server: Server = {
		port,
		pid: child.pid!,
		process: child,
		errors,
		async stop() {
			ending = true;
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
			await Promise.race([exited, sleep(8000)]);
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			await exited;
			children.delete(child);
		},
		async kill() {
			ending = true;
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			await exited;
			children.delete(child);
		},
		unexpectedExit: () => unexpected,
		rssKb() {
			try {
				const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
				const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
				return match ? Number(match[1]) : null;
			} catch {
				return null;
			}
		}
	};
	const startTimeout = options.startTimeoutMs ?? 30_000;
	const deadline = Date.now() + startTimeout;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited: ${errors.join('\n')}`);
		try {
			const res = await rawRequest(port, 'GET', '/health', {}, undefined, 1000);
			if (res.status === 200) return server;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			await server.kill();
			throw new Error(
				`server did not answer /health within ${startTimeout / 1000} s: ${errors.slice(-5).join(' / ')}`
			);
		}
		await sleep(50);
	}
}

// ---------------------------------------------------------------------------------------------
// HTTP client

export type Response = {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	ms: number;
};

function rawRequest(
	port: number,
	method: string,
	path: string,
	headers: Record<string, string>,
	body: string | undefined,
	timeoutMs: number,
	agent?: Agent
): Promise<Response> {
	return new Promise((resolve, reject) => {
		const start = performance.now();
		const req = httpRequest(
			{ host: '127.0.0.1', port, method, path, headers, agent: agent ?? false },
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (text += chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: text,
						ms: performance.now() - start
					})
				);
				res.on('error', reject);
			}
		);
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
		req.on('error', reject);
		req.end(body);
	});
}

/** One signed-in browser: one keep-alive connection, its session cookie, form posts with Origin. */
export class Session {
	readonly port: number;
	readonly username: string;
	cookie = '';
	private agent = new Agent({ keepAlive: true, maxSockets: 1 });

	constructor(port: number, username: string) {
		this.port = port;
		this.username = username;
	}

	request(
		method: string,
		path: string,
		body?: string,
		extra: Record<string, string> = {},
		timeoutMs = 15_000
	) {
		const headers: Record<string, string> = { ...extra };
		if (this.cookie) headers.cookie = this.cookie;
		if (body !== undefined) {
			headers.origin = `http://127.0.0.1:${this.port}`;
			headers['content-type'] = 'application/x-www-form-urlencoded';
			headers['content-length'] = String(Buffer.byteLength(body));
		}
		return rawRequest(this.port, method, path, headers, body, timeoutMs, this.agent);
	}

	get(path: string) {
		return this.request('GET', path, undefined, { accept: 'text/html' });
	}

	/** A form action as a browser with JavaScript posts it (`x-sveltekit-action`, JSON answer). */
	action(path: string, fields: Record<string, string>) {
		return this.request('POST', path, new URLSearchParams(fields).toString(), {
			accept: 'application/json',
			'x-sveltekit-action': 'true'
		});
	}

	async signIn(password = PASSWORD): Promise<void> {
		const res = await this.request(
			'POST',
			'/login',
			new URLSearchParams({ username: this.username, password }).toString(),
			{ accept: 'text/html' },
			// 128 password hashes at once on a shared, loaded machine (load 20+) took over 15 s.
			60_000
		);
		const cookies = [res.headers['set-cookie'] ?? []].flat();
		const session = cookies.find((c) => c.startsWith('medpair-session='));
		if (res.status !== 303 || !session)
			throw new Error(`sign-in of ${this.username} failed: HTTP ${res.status}`);
		this.cookie = session.split(';')[0];
	}

	/** Drops the kept-alive connection (e.g. after the server was killed). */
	reset(): void {
		this.agent.destroy();
		this.agent = new Agent({ keepAlive: true, maxSockets: 1 });
	}

	close(): void {
		this.agent.destroy();
	}
}

export async function signInAll(port: number, usernames: string[]): Promise<Session[]> {
	const sessions = usernames.map((u) => new Session(port, u));
	// One account's sign-ins one after the other: the throttle counts attempts in flight (each is
	// reserved before the password hash), so six at once for one account would get a 429.
	const chains = new Map<string, Promise<void>>();
	for (const s of sessions)
		chains.set(
			s.username,
			(chains.get(s.username) ?? Promise.resolve()).then(() => s.signIn())
		);
	await Promise.all(chains.values());
	return sessions;
}

/** The type of a form action's JSON answer ('redirect', 'success', 'failure', 'error'). */
export function actionType(res: Response): string {
	if (res.status !== 200) return `HTTP ${res.status}`;
	try {
		const parsed = JSON.parse(res.body) as { type?: string };
		return parsed.type ?? 'unknown';
	} catch {
		return 'not JSON';
	}
}

export function pairIdFromPage(html: string): string | null {
	return /action="\/annotate\/([^"?/]+)\?\/submit"/.exec(html)?.[1] ?? null;
}

export function adjudicationFromPage(html: string): { id: string; step: string } | null {
	const match = /action="\/adjudicate\/([^"?/]+)\?\/(independent|finalize)"/.exec(html);
	return match ? { id: match[1], step: match[2] } : null;
}

export function ratingFields(
	choices: Record<string, Choice>,
	hard = false
): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const [key, choice] of Object.entries(choices)) fields[`choice-${key}`] = choice;
	fields.comment = hard ? 'Hard one: the answers differ on dosing.' : '';
	if (hard) fields.hard = 'on';
	fields.seconds = '42';
	return fields;
}

export function randomChoices(random: Random): Record<string, Choice> {
	return Object.fromEntries(DIMENSIONS.map((d) => [d, CHOICES[random.int(3)]]));
}

// ---------------------------------------------------------------------------------------------
// Measurement

export class Latencies {
	private values: number[] = [];
	add(ms: number) {
		this.values.push(ms);
	}
	get count() {
		return this.values.length;
	}
	percentile(q: number): number {
		if (!this.values.length) return NaN;
		const sorted = [...this.values].sort((a, b) => a - b);
		return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
	}
	get p50() {
		return this.percentile(0.5);
	}
	get p99() {
		return this.percentile(0.99);
	}
	get max() {
		return this.percentile(1);
	}
}

export type RunResult = { seconds: number; iterations: number; errors: string[] };

/**
 * Runs `step` in a loop in every session at once, for `seconds` (and at most `maxIterations`
 * per session); a step returns false when its session has nothing left to do.
 */
export async function runSessions<S>(
	sessions: S[],
	seconds: number,
	step: (session: S, index: number) => Promise<boolean>,
	options: { maxIterations?: number; stop?: () => boolean } = {}
): Promise<RunResult> {
	const errors: string[] = [];
	let iterations = 0;
	const start = performance.now();
	const end = start + seconds * 1000;
	const maxIterations = options.maxIterations ?? 1_000_000;
	await Promise.all(
		sessions.map(async (session, index) => {
			for (let i = 0; i < maxIterations && performance.now() < end && !options.stop?.(); i++) {
				try {
					if (!(await step(session, index))) break;
					iterations++;
				} catch (error) {
					if (options.stop?.()) break;
					errors.push(error instanceof Error ? error.message : String(error));
					if (errors.length > 1000) break;
					await sleep(10);
				}
			}
		})
	);
	return { seconds: (performance.now() - start) / 1000, iterations, errors };
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

export function table(rows: (string | number)[][]): string {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
	return rows
		.map((r, i) => {
			const line = r.map((cell, c) => String(cell ?? '').padEnd(widths[c])).join('  ');
			return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
		})
		.join('\n');
}

/** CPU seconds (user + system, all threads) the process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ (100)
	} catch {
		return NaN;
	}
}

/**
 * Seconds the server's main (event-loop) thread has spent runnable but waiting for a CPU, from
 * /proc/<pid>/schedstat: CPU contention from other processes on the machine shows up here.
 */
export function runQueueSeconds(pid: number): number {
	try {
		return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
	} catch {
		return NaN;
	}
}

/**
 * Runs `work` and reports the share of one core the server and this load generator used, and
 * the share of the time the server's event loop waited for a CPU (run queue).
 */
export async function withCpu<T>(
	pid: number,
	work: () => Promise<T>
): Promise<{ result: T; serverCpu: number; clientCpu: number; serverWaiting: number }> {
	const start = performance.now();
	const server = cpuSeconds(pid);
	const waited = runQueueSeconds(pid);
	const client = process.cpuUsage();
	const result = await work();
	const wall = (performance.now() - start) / 1000;
	const used = process.cpuUsage(client);
	return {
		result,
		serverCpu: (cpuSeconds(pid) - server) / wall,
		clientCpu: (used.user + used.system) / 1e6 / wall,
		serverWaiting: (runQueueSeconds(pid) - waited) / wall
	};
}
