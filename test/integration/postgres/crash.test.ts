/**
 * The crash test (test/integration/crash.test.ts) on PostgreSQL (issue #14): a child process rates
 * pairs through the rating service on a PostgreSQL database and prints each pair id once its
 * submission returned; it is killed with SIGKILL at a random moment, three times. Every printed
 * id must be stored, once per dimension, with its history, and nothing half-written. (The server
 * killed under HTTP load on one of two instances is test/multi-instance.)
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStudyFile } from '../../../src/lib/domain/study-file/index.ts';
import { closeDatabase, type AppDb } from '../../../src/lib/server/db/index.ts';
import { openPgDb } from '../../../src/lib/server/db/postgres.ts';
import * as studies from '../../../src/lib/server/services/studies.ts';
import * as users from '../../../src/lib/server/services/users.ts';
import { rawRows } from '../../helpers/db.ts';
import { freshDatabase, PG_MIGRATIONS, PG_URL, pgSuite } from '../../helpers/pg-test.ts';

const WRITER = fileURLToPath(new URL('../../helpers/crash-writer.ts', import.meta.url));
const JUNIORS = ['crash1', 'crash2', 'crash3', 'crash4'];
const DIMENSIONS = 4;
const ROUNDS = 3;

/** 400 prompts × 3 candidates × 2 references, 2 raters per pair: 4,800 assignments. */
function studyText(): string {
	const models = [
		...['c1', 'c2', 'c3'].map((key) => ({ key, group: 'candidate' })),
		...['r1', 'r2'].map((key) => ({ key, group: 'reference' }))
	];
	const prompts = Array.from({ length: 400 }, (_, i) => ({ key: `q${i}`, text: `Question ${i}?` }));
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

describe.skipIf(!PG_URL)(pgSuite('a crash of the writing process (SIGKILL)'), () => {
	let url: string;
	let db: AppDb;

	beforeAll(async () => {
		url = await freshDatabase('crash');
		db = await openPgDb(url, { migrationsPath: PG_MIGRATIONS, poolSize: 2 });
		for (const username of JUNIORS)
			await users.create(db, { username, role: 'junior', password: 'crash test password' });
		const parsed = parseStudyFile(studyText());
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
		expect((await studies.importStudy(db, parsed.value, null)).ok).toBe(true);
	}, 60_000);
	afterAll(async () => {
		if (db) await closeDatabase(db);
	});

	/** Runs the writer, kills it with SIGKILL `afterMs` after it is ready; the ids it printed. */
	function writeAndKill(seed: number, afterMs: number) {
		return new Promise<{ acknowledged: string[]; signal: string | null; stderr: string }>(
			(resolve, reject) => {
				const child = spawn(process.execPath, [WRITER, url, String(seed)], {
					stdio: ['ignore', 'pipe', 'pipe']
				});
				let stdout = '';
				let stderr = '';
				let timer: NodeJS.Timeout | undefined;
				const safety = setTimeout(() => child.kill('SIGKILL'), 30_000);
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
			}
		);
	}

	const count = async (text: string) => Number((await rawRows<{ n: number }>(db, text))[0].n);

	it(`loses no acknowledged judgment and half-writes nothing (${ROUNDS} rounds)`, async () => {
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

			expect(
				await count(
					`select count(*) as n from (select 1 from judgments
					 group by assignment_id, dimension_id, stage having count(*) > 1) d`
				)
			).toBe(0);
			expect(
				await count(
					`select count(*) as n from assignments a where a.status = 'submitted' and
					 (select count(*) from judgments j where j.assignment_id = a.id and j.stage = 'rating') != ${DIMENSIONS}`
				)
			).toBe(0);
			expect(
				await count(
					`select count(*) as n from judgments j join assignments a on a.id = j.assignment_id
					 where a.status != 'submitted'`
				)
			).toBe(0);
			expect(
				await count(
					`select count(*) as n from judgments j
					 where not exists (select 1 from judgment_history h where h.judgment_id = j.id)`
				)
			).toBe(0);
			const stored = await rawRows<{ id: string; n: number }>(
				db,
				`select a.public_id as id, count(j.id) as n from assignments a
				 join judgments j on j.assignment_id = a.id and j.stage = 'rating'
				 where a.status = 'submitted' group by a.id`
			);
			const complete = new Set(stored.filter((r) => Number(r.n) === DIMENSIONS).map((r) => r.id));
			expect(
				acknowledged.filter((id) => !complete.has(id)),
				`round ${round} (kill after ${afterMs} ms): acknowledged but not stored`
			).toEqual([]);
			// The writer is sequential: at most the submission in flight at the kill was committed
			// without being acknowledged.
			const submitted = await count(
				"select count(*) as n from assignments where status = 'submitted'"
			);
			expect(submitted - submittedBefore - run.acknowledged.length).toBeGreaterThanOrEqual(0);
			expect(submitted - submittedBefore - run.acknowledged.length).toBeLessThanOrEqual(1);
			submittedBefore = submitted;
		}
		expect(new Set(acknowledged).size).toBe(acknowledged.length);
	}, 120_000);
});
