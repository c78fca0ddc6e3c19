/**
 * Crash and backup benchmark (issue 8 "Data safety"), over HTTP against the built server.
 *
 *   npm run bench -- crash          (CRASH_ROUNDS=5 by default; BENCH_BUILD as in load-kit.ts)
 *
 * CRASH_PROMPTS (default 400 prompts × 27 pairs × 2 = 21,600 assignments) sets the study size.
 * 1. Under load from 32 junior sessions (each: GET /annotate → POST its submission), the server
 *    is killed with SIGKILL at a random moment 1–4 s into the load, restarted on the same
 *    database and port, and the database is checked: every submission that got a success answer
 *    is stored, with one judgment per dimension; no judgment is duplicated; no assignment is
 *    half-written (submitted without all its judgments, or judgments without "submitted");
 *    every judgment has its history row; PRAGMA integrity_check = ok; foreign_key_check empty.
 *    Repeated CRASH_ROUNDS times; the checks cover everything acknowledged so far.
 * 2. `medpair backup FILE` (the CLI, as `npx medpair backup` runs it) while the 32 sessions keep
 *    rating; the copy must pass the same checks and hold every submission acknowledged before
 *    the backup started; then it is restored (a server started on it serves a junior's page).
 *
 * Exit status 1 when any check fails.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom } from '../../src/lib/domain/random.ts';
import {
	actionType,
	buildDatabase,
	ensureBuild,
	envNumber,
	fmt,
	names,
	pairIdFromPage,
	randomChoices,
	ratingFields,
	ROOT,
	runSessions,
	Session,
	signInAll,
	sleep,
	startServer,
	table,
	tempDir,
	type Server
} from './load-kit.ts';

const ROUNDS = envNumber('CRASH_ROUNDS', 5);
const PROMPTS = envNumber('CRASH_PROMPTS', 400);
const DIMENSIONS = 4;
const random = createRandom(Number(process.env.CRASH_SEED ?? Date.now() % 1e9));

type Check = { label: string; ok: boolean; detail: string };

/** The storage checks of a database file; `acknowledged` ids must be stored completely. */
function checkDatabase(file: string, acknowledged: Iterable<string>): Check[] {
	const db = new Database(file, { readonly: true });
	try {
		const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
		const integrity = String(db.pragma('integrity_check', { simple: true }));
		const fk = (db.pragma('foreign_key_check') as unknown[]).length;
		const duplicates = one(
			`select count(*) as n from (select 1 from judgments
			 group by assignment_id, dimension_id, stage having count(*) > 1)`
		);
		const halfWritten = one(
			`select count(*) as n from assignments a where a.role = 'junior' and a.status = 'submitted' and
			 (select count(*) from judgments j where j.assignment_id = a.id and j.stage = 'rating') != ${DIMENSIONS}`
		);
		const orphans = one(
			`select count(*) as n from judgments j join assignments a on a.id = j.assignment_id
			 where a.status != 'submitted'`
		);
		const withoutHistory = one(
			`select count(*) as n from judgments j
			 where not exists (select 1 from judgment_history h where h.judgment_id = j.id)`
		);
		const byId = db.prepare(
			`select a.status as status, count(j.id) as n, count(distinct j.dimension_id) as d
			 from assignments a left join judgments j on j.assignment_id = a.id and j.stage = 'rating'
			 where a.public_id = ? group by a.id`
		);
		let acked = 0;
		const lost: string[] = [];
		for (const id of acknowledged) {
			acked++;
			const row = byId.get(id) as { status: string; n: number; d: number } | undefined;
			if (!row || row.status !== 'submitted' || row.n !== DIMENSIONS || row.d !== DIMENSIONS)
				lost.push(id);
		}
		const submitted = one(`select count(*) as n from assignments where status = 'submitted'`);
		return [
			{ label: 'integrity_check', ok: integrity === 'ok', detail: integrity },
			{ label: 'foreign_key_check', ok: fk === 0, detail: `${fk} problems` },
			{
				label: 'acknowledged stored',
				ok: lost.length === 0,
				detail: `${acked - lost.length}/${acked} (${submitted} submitted in all)`
			},
			{
				label: 'one judgment per assignment × dimension',
				ok: duplicates === 0,
				detail: `${duplicates} duplicated`
			},
			{
				label: 'no half-written assignment',
				ok: halfWritten + orphans === 0,
				detail: `${halfWritten} submitted without all judgments, ${orphans} judgments on unsubmitted`
			},
			{
				label: 'history for every judgment',
				ok: withoutHistory === 0,
				detail: `${withoutHistory} without`
			}
		];
	} finally {
		db.close();
	}
}

/** One rating step: the next pair and its submission; records the id when acknowledged. */
function rater(acknowledged: Set<string>) {
	return async (s: Session) => {
		const page = await s.get('/annotate');
		if (page.status !== 200) throw new Error(`GET /annotate: HTTP ${page.status}`);
		const id = pairIdFromPage(page.body);
		if (!id) throw new Error('no pair left (make the study larger)');
		const res = await s.action(`/annotate/${id}?/submit`, ratingFields(randomChoices(random)));
		const type = actionType(res);
		if (type !== 'redirect') throw new Error(`submit: ${type}`);
		acknowledged.add(id);
		return true;
	};
}

function runCli(args: string[], env: Record<string, string>, timeoutMs: number) {
	return new Promise<{ code: number | null; output: string; ms: number }>((resolve) => {
		const start = performance.now();
		const child = spawn(process.execPath, [join(ROOT, 'src/cli/bin.js'), ...args], {
			cwd: ROOT,
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (c) => (output += c));
		child.stderr.on('data', (c) => (output += c));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, output: output.trim(), ms: performance.now() - start });
		});
	});
}

const dir = tempDir('crash');
console.log(`build: ${ensureBuild(dir)}`);
const bench = await buildDatabase(join(dir, 'crash.db'), {
	prompts: PROMPTS,
	candidates: 9,
	references: 3,
	juniors: names('junior', 32),
	seniors: ['senior01']
});
console.log(`database: ${bench.assignments} assignments, 32 juniors`);

let server: Server = await startServer(bench.file);
const port = server.port;
const sessions = await signInAll(port, bench.juniors);
const acknowledged = new Set<string>();
let failed = false;
const rows: (string | number)[][] = [
	['round', 'killed after', 'acked (round)', 'load errors', 'restart', 'checks']
];

for (let round = 1; round <= ROUNDS; round++) {
	let killed = false;
	const before = acknowledged.size;
	const load = runSessions(sessions, 30, rater(acknowledged), { stop: () => killed });
	const delay = 1000 + random.int(3000);
	await sleep(delay);
	killed = true;
	await server.kill();
	const run = await load;
	const restartStart = performance.now();
	server = await startServer(bench.file, { port });
	const restartMs = performance.now() - restartStart;
	for (const s of sessions) s.reset();
	const checks = checkDatabase(bench.file, acknowledged);
	const bad = checks.filter((c) => !c.ok);
	failed ||= bad.length > 0 || run.errors.length > 0;
	rows.push([
		round,
		`${delay} ms`,
		acknowledged.size - before,
		run.errors.length,
		`${fmt(restartMs, 0)} ms`,
		bad.length
			? bad.map((c) => `${c.label} FAILED: ${c.detail}`).join('; ')
			: `all ok (${checks[2].detail})`
	]);
	console.log(`  round ${round}: ${rows.at(-1)!.join(' | ')}`);
	if (run.errors.length)
		console.log(`    load errors before the kill: ${run.errors.slice(0, 3).join('; ')}`);
}

// Backup under load, then restore.
console.log('\nbackup while 32 sessions rate:');
let stopped = false;
const ackedAtStart = new Set<string>();
const load = runSessions(sessions, 120, rater(acknowledged), { stop: () => stopped });
await sleep(1500);
for (const id of acknowledged) ackedAtStart.add(id);
const backupFile = join(dir, 'backup.db');
const backup = await runCli(['backup', backupFile], { DATABASE_PATH: bench.file }, 100_000);
const duringBackup = acknowledged.size - ackedAtStart.size;
await sleep(500);
stopped = true;
const backupRun = await load;
console.log(
	`  medpair backup: exit ${backup.code} in ${fmt(backup.ms / 1000, 2)} s (${fmt(statSync(bench.file).size / 1048576)} MB database), "${backup.output}"`
);
console.log(
	`  submissions acknowledged while it ran: ${duringBackup}; load errors: ${backupRun.errors.length}`
);
const backupChecks = checkDatabase(backupFile, ackedAtStart);
for (const c of backupChecks)
	console.log(`  copy: ${c.label}: ${c.ok ? 'ok' : 'FAILED'} (${c.detail})`);
failed ||= backup.code !== 0 || backupRun.errors.length > 0 || backupChecks.some((c) => !c.ok);

// Restore: stop the server, put the copy in place (no -wal/-shm), start on it.
await server.stop();
const restored = join(dir, 'restored.db');
copyFileSync(backupFile, restored);
const restoredServer = await startServer(restored);
try {
	const [junior] = await signInAll(restoredServer.port, [bench.juniors[0]]);
	const page = await junior.get('/annotate');
	const ok = page.status === 200 && !!pairIdFromPage(page.body);
	console.log(
		`  restore: server on the copy serves the next pair: ${ok ? 'ok' : `FAILED (HTTP ${page.status})`}`
	);
	failed ||= !ok;
	junior.close();
} finally {
	await restoredServer.stop();
}
for (const s of sessions) s.close();
const finalChecks = checkDatabase(bench.file, acknowledged);
failed ||= finalChecks.some((c) => !c.ok);

console.log(`\n${table(rows)}`);
console.log(
	`\nafter the backup run: ${finalChecks.map((c) => `${c.label} ${c.ok ? 'ok' : 'FAILED'}`).join(', ')}`
);
console.log(
	`acknowledged in all: ${acknowledged.size}; ${failed ? 'FAILED' : 'every check passed'}`
);
process.exit(failed ? 1 : 0);
