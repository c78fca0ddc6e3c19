/**
 * Several built medpair servers on one PostgreSQL database (issue #14): the study they share,
 * the rating sessions spread over them (signed in over HTTP, as test/bench does), and the checks
 * of what the database holds afterwards. Used by test/multi-instance and test/bench.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { escalationState } from '../../src/lib/domain/adjudication/escalation.ts';
import { createRandom } from '../../src/lib/domain/random.ts';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import { closeDatabase, type AppDb } from '../../src/lib/server/db/index.ts';
import { openPgDb } from '../../src/lib/server/db/postgres.ts';
import { juniorVotes } from '../../src/lib/server/services/final-labels.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import * as users from '../../src/lib/server/services/users.ts';
import {
	actionType,
	DIMENSIONS,
	names,
	pairIdFromPage,
	PASSWORD,
	ratingFields,
	ROOT,
	Session,
	startServer,
	studyFile,
	type Choice,
	type Server
} from '../bench/load-kit.ts';
import { MIGRATIONS, rawRows } from './db.ts';

/** migrations/pg (not from pg-test.ts, which needs vitest: the benchmarks use this file too). */
const PG_MIGRATIONS = join(MIGRATIONS, 'pg');

/**
 * A server build to run: MEDPAIR_BUILD_DIR when it holds one (npm test passes the browser
 * tests' build), else build/ , else a fresh `vite build` into a temporary folder.
 */
export function serverBuild(): { dir: string; how: string } {
	for (const dir of [process.env.MEDPAIR_BUILD_DIR, 'build'])
		if (dir && existsSync(join(resolve(ROOT, dir), 'handler.js')))
			return { dir: resolve(ROOT, dir), how: `reused ${dir}` };
	const dir = join(mkdtempSync(join(tmpdir(), 'medpair-instances-')), 'build');
	const started = performance.now();
	const built = spawnSync(
		process.execPath,
		[join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'],
		{
			cwd: ROOT,
			env: { ...process.env, MEDPAIR_BUILD_DIR: dir },
			stdio: ['ignore', 'ignore', 'inherit']
		}
	);
	if (built.status !== 0) throw new Error('vite build failed');
	return { dir, how: `built in ${((performance.now() - started) / 1000).toFixed(0)} s` };
}

/** Juniors junior01…, a researcher, and a generated study (raters_per_pair 2) on PostgreSQL. */
export async function sharedStudy(
	url: string,
	spec: { juniors: number; prompts: number; candidates: number; references?: number }
): Promise<{ juniors: string[]; assignments: number }> {
	const juniors = names('junior', spec.juniors);
	const db = await openPgDb(url, { migrationsPath: PG_MIGRATIONS, poolSize: 4 });
	try {
		for (const username of juniors)
			await users.create(db, { username, role: 'junior', password: PASSWORD });
		const parsed = parseStudyFile(
			studyFile({
				prompts: spec.prompts,
				candidates: spec.candidates,
				references: spec.references ?? 1,
				juniors,
				seniors: []
			})
		);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems.slice(0, 3)));
		const imported = await studies.importStudy(db, parsed.value, null);
		if (!imported.ok) throw new Error(JSON.stringify(imported.problems.slice(0, 3)));
		const [{ n }] = await rawRows<{ n: number }>(db, 'select count(*) as n from assignments');
		return { juniors, assignments: Number(n) };
	} finally {
		await closeDatabase(db);
	}
}

/** A built server on PostgreSQL at `url`. */
export function startInstance(url: string, build: string, poolSize = 5): Promise<Server> {
	return startServer('unused-with-postgres.db', {
		cwd: ROOT,
		// Two starting at once on a loaded machine (CI runs other suites alongside) can be slow.
		startTimeoutMs: 90_000,
		env: { DATABASE_URL: url, DATABASE_POOL_SIZE: String(poolSize), MEDPAIR_BUILD_DIR: build }
	});
}

/**
 * Choices that make both consensus and disagreement common: mostly "tie" on every dimension
 * (the same whatever the A/B placement), sometimes random.
 */
function choicesFor(random: ReturnType<typeof createRandom>): Record<string, Choice> {
	const allTie = random.next() < 0.6;
	return Object.fromEntries(
		DIMENSIONS.map((d) => [d, allTie ? 'tie' : (['A', 'tie', 'B'] as const)[random.int(3)]])
	);
}

export type RatingStep = 'submitted' | 'done';

/**
 * One step of a rating session: GET /annotate, read the pair id, POST its submission. Returns
 * the pair's public id when the server acknowledged it (a redirect), 'done' when the queue is
 * empty; throws on anything else (a killed server's connection error included).
 */
export async function rateOne(
	session: Session,
	random: ReturnType<typeof createRandom>
): Promise<string | 'done'> {
	const page = await session.get('/annotate');
	if (page.status !== 200) throw new Error(`GET /annotate: HTTP ${page.status}`);
	const id = pairIdFromPage(page.body);
	if (!id) {
		if (page.body.includes('All done')) return 'done';
		throw new Error('GET /annotate: no pair and no "All done"');
	}
	const res = await session.action(
		`/annotate/${id}?/submit`,
		ratingFields(choicesFor(random), random.next() < 0.05)
	);
	const type = actionType(res);
	if (type !== 'redirect') throw new Error(`submit ${id}: ${type} ${res.body.slice(0, 200)}`);
	return id;
}

/** The same signed-in browser on another instance (behind a load balancer: same cookie). */
export function failOver(session: Session, port: number): Session {
	session.close();
	const moved = new Session(port, session.username);
	moved.cookie = session.cookie;
	return moved;
}

export interface Consistency {
	/** Acknowledged submissions not stored as submitted with one judgment per dimension. */
	lost: string[];
	/** (assignment, dimension, stage) stored more than once. */
	duplicates: number;
	/** Pairs whose junior assignments (repeats excluded) name more juniors than raters_per_pair. */
	overAssigned: number;
	/** Pairs whose stored escalation / final labels differ from what their votes call for. */
	inconsistent: string[];
	submitted: number;
	escalated: number;
	consensus: number;
}

/** What the shared database holds after a run, against what the servers acknowledged. */
export async function checkConsistency(db: AppDb, acknowledged: string[]): Promise<Consistency> {
	const stored = new Map(
		(
			await rawRows<{ id: string; status: string; n: number }>(
				db,
				`select a.public_id as id, a.status as status, count(j.id) as n
				 from assignments a left join judgments j on j.assignment_id = a.id and j.stage = 'rating'
				 group by a.id`
			)
		).map((r) => [r.id, r])
	);
	const lost = acknowledged.filter((id) => {
		const row = stored.get(id);
		return !row || row.status !== 'submitted' || Number(row.n) !== DIMENSIONS.length;
	});
	const [{ n: duplicates }] = await rawRows<{ n: number }>(
		db,
		`select count(*) as n from (select 1 from judgments
		 group by assignment_id, dimension_id, stage having count(*) > 1) d`
	);
	const [{ n: overAssigned }] = await rawRows<{ n: number }>(
		db,
		`select count(*) as n from (select p.id from pairs p join studies s on s.id = p.study_id
		 join assignments a on a.pair_id = p.id and a.role = 'junior' and not a.is_repeat
		 group by p.id, s.raters_per_pair having count(distinct a.user_id) > s.raters_per_pair) o`
	);
	const escalations = new Map(
		(
			await rawRows<{ pair: number; reasons: string }>(
				db,
				'select pair_id as pair, reasons from escalations where withdrawn_at is null and decided_at is null'
			)
		).map((r) => [Number(r.pair), JSON.parse(r.reasons) as { dimensions: string[] }])
	);
	const labels = new Map<number, Record<string, string>>();
	for (const r of await rawRows<{ pair: number; key: string; outcome: string; source: string }>(
		db,
		`select f.pair_id as pair, d.key as key, f.outcome as outcome, f.source as source
		 from final_labels f join dimensions d on d.id = f.dimension_id`
	)) {
		const pair = Number(r.pair);
		labels.set(pair, { ...labels.get(pair), [r.key]: `${r.outcome}/${r.source}` });
	}
	const inconsistent: string[] = [];
	let escalated = 0;
	let consensus = 0;
	for (const { id } of await rawRows<{ id: number }>(db, 'select id from pairs order by id')) {
		const pair = Number(id);
		const { votes, dimensionKeys } = await juniorVotes(db, pair);
		const expected = escalationState(votes, dimensionKeys);
		const escalation = escalations.get(pair);
		const label = labels.get(pair);
		let ok: boolean;
		if (expected.state === 'incomplete') ok = !escalation && !label;
		else if (expected.state === 'consensus') {
			consensus++;
			const want = dimensionKeys.map((k) => [k, `${expected.outcomes[k]}/consensus`]);
			const have = dimensionKeys.map((k) => [k, label?.[k]]);
			ok = !escalation && JSON.stringify(have) === JSON.stringify(want);
		} else {
			escalated++;
			ok =
				!label &&
				JSON.stringify(escalation?.dimensions) === JSON.stringify(expected.reasons.dimensions);
		}
		if (!ok)
			inconsistent.push(
				`pair ${pair}: votes call for ${expected.state}, stored escalation ${JSON.stringify(escalation ?? null)}, labels ${JSON.stringify(label ?? null)}`
			);
	}
	const submitted = [...stored.values()].filter((r) => r.status === 'submitted').length;
	return {
		lost,
		duplicates: Number(duplicates),
		overAssigned: Number(overAssigned),
		inconsistent,
		submitted,
		escalated,
		consensus
	};
}
