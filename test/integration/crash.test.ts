/**
 * A crash loses no acknowledged judgment (issue 8 "Data safety", the short version; the HTTP
 * version under load is test/bench/crash.bench.ts). A child process rates pairs through the
 * rating service in a loop on a WAL + synchronous=NORMAL database and prints each pair id once
 * its submission has returned; it is killed with SIGKILL at a random moment. Then the database
 * is reopened (as a restarted server would) and checked: every printed id is stored, exactly
 * once per dimension, nothing is half-written, and SQLite's integrity check passes.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import { closeDatabase, openDb } from '../../src/lib/server/db/index.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { MIGRATIONS } from '../helpers/db.ts';

const WRITER = fileURLToPath(new URL('../helpers/crash-writer.ts', import.meta.url));
const JUNIORS = ['crash1', 'crash2', 'crash3', 'crash4'];
const DIMENSIONS = 4;
const ROUNDS = 3;

let dir: string;
let file: string;

/** 1,500 prompts × 3 candidates × 2 references, 2 raters per pair: 18,000 assignments. */
function studyText(): string {
	const models = [
		...['c1', 'c2', 'c3'].map((key) => ({ key, group: 'candidate' })),
		...['r1', 'r2'].map((key) => ({ key, group: 'reference' }))
	];
	const prompts = Array.from({ length: 1500 }, (_, i) => ({
		key: `q${i}`,
		text: `Question ${i}?`
	}));
	return JSON.stringify({
		name: 'Crash test',
		seed: 3,
		models,
		members: { junior: JUNIORS },
		prompts,
		responses: prompts.flatMap((p) =>
			models.map((m, i) => ({ prompt: p.key, model: m.key, text: `Answer ${i} to ${p.key}.` }))
		)
	});
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'medpair-crash-'));
	file = join(dir, 'crash.db');
	const db = openDb(file, { migrationsPath: MIGRATIONS });
	for (const username of JUNIORS)
		await users.create(db, { username, role: 'junior', password: 'crash test password' });
	const parsed = parseStudyFile(studyText());
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
	const imported = await studies.importStudy(db, parsed.value, null);
	expect(imported.ok).toBe(true);
	await closeDatabase(db);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer, kills it with SIGKILL `afterMs` after it is ready; the ids it printed. */
function writeAndKill(
	seed: number,
	afterMs: number
): Promise<{ acknowledged: string[]; signal: string | null; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [WRITER, file, String(seed)], {
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		let timer: NodeJS.Timeout | undefined;
		const safety = setTimeout(() => child.kill('SIGKILL'), 15_000);
		child.stdout.setEncoding('utf8');
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (chunk: string) => (stderr += chunk));
		child.stdout.on('data', (chunk: string) => {
			stdout += chunk;
			if (!timer && stdout.startsWith('ready\n'))
				timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
		});
		child.on('error', reject);
		child.on('close', (_code, signal) => {
			clearTimeout(timer);
			clearTimeout(safety);
			// Only complete lines: a line cut by the kill was not fully acknowledged.
			const lines = stdout.split('\n').slice(0, -1);
			resolve({ acknowledged: lines.filter((l) => l !== 'ready'), signal, stderr });
		});
	});
}

type Check = {
	integrity: string;
	foreignKeyProblems: number;
	submitted: number;
	duplicates: number;
	halfWritten: number;
	orphanJudgments: number;
	withoutHistory: number;
	judgmentsOf: Map<string, { status: string; judgments: number; dimensions: number }>;
};

/** Reopens the database as a restarted server would (openDb recovers the WAL), then reads it. */
function inspect(ids: string[]): Check {
	void closeDatabase(openDb(file, { migrationsPath: MIGRATIONS }));
	const db = new Database(file, { readonly: true });
	try {
		const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
		const byId = db.prepare(
			`select a.status as status, count(j.id) as judgments, count(distinct j.dimension_id) as dimensions
			 from assignments a left join judgments j on j.assignment_id = a.id and j.stage = 'rating'
			 where a.public_id = ? group by a.id`
		);
		return {
			integrity: db.pragma('integrity_check', { simple: true }) as string,
			foreignKeyProblems: (db.pragma('foreign_key_check') as unknown[]).length,
			submitted: one(`select count(*) as n from assignments where status = 'submitted'`),
			duplicates: one(
				`select count(*) as n from (select 1 from judgments
				 group by assignment_id, dimension_id, stage having count(*) > 1)`
			),
			// A submitted assignment must have every dimension; an unsubmitted one none.
			halfWritten: one(
				`select count(*) as n from assignments a where a.status = 'submitted' and
				 (select count(*) from judgments j where j.assignment_id = a.id and j.stage = 'rating') != ${DIMENSIONS}`
			),
			orphanJudgments: one(
				`select count(*) as n from judgments j join assignments a on a.id = j.assignment_id
				 where a.status != 'submitted'`
			),
			withoutHistory: one(
				`select count(*) as n from judgments j
				 where not exists (select 1 from judgment_history h where h.judgment_id = j.id)`
			),
			judgmentsOf: new Map(
				ids.map((id) => [
					id,
					(byId.get(id) as { status: string; judgments: number; dimensions: number }) ?? {
						status: 'missing',
						judgments: 0,
						dimensions: 0
					}
				])
			)
		};
	} finally {
		db.close();
	}
}

describe('a crash of the writing process (SIGKILL)', () => {
	it(`loses no acknowledged judgment and corrupts nothing (${ROUNDS} rounds)`, async () => {
		const acknowledged: string[] = [];
		let submittedBefore = 0;
		for (let round = 1; round <= ROUNDS; round++) {
			const afterMs = 500 + Math.floor(Math.random() * 1500);
			const run = await writeAndKill(round, afterMs);
			expect(run.stderr, `round ${round}: writer error`).toBe('');
			expect(run.signal, `round ${round}: the writer was killed mid-run`).toBe('SIGKILL');
			expect(
				run.acknowledged.length,
				`round ${round}: submissions before the kill`
			).toBeGreaterThan(0);
			acknowledged.push(...run.acknowledged);

			const check = inspect(acknowledged);
			expect(check.integrity).toBe('ok');
			expect(check.foreignKeyProblems).toBe(0);
			expect(check.duplicates).toBe(0);
			expect(check.halfWritten).toBe(0);
			expect(check.orphanJudgments).toBe(0);
			expect(check.withoutHistory).toBe(0);
			const lost = [...check.judgmentsOf].filter(
				([, v]) =>
					v.status !== 'submitted' || v.judgments !== DIMENSIONS || v.dimensions !== DIMENSIONS
			);
			expect(
				lost,
				`round ${round} (kill after ${afterMs} ms): acknowledged but not stored`
			).toEqual([]);
			// The writer is sequential: at most the one submission in flight at the kill was
			// committed without being acknowledged.
			const unacknowledged = check.submitted - submittedBefore - run.acknowledged.length;
			expect(unacknowledged).toBeGreaterThanOrEqual(0);
			expect(unacknowledged).toBeLessThanOrEqual(1);
			submittedBefore = check.submitted;
		}
		expect(new Set(acknowledged).size).toBe(acknowledged.length);
	}, 60_000);
});
