/**
 * Issue #18: nothing on the rating path may run a statement whose cost grows with the number of
 * assignments, judgments or sessions. This runs the path through the services — session check,
 * the demo banner, the landing page (with and without a chosen study), a pair reopened, a draft,
 * a submission, a double click, a change of mind, the second junior's submission that settles or
 * escalates the pair — records every SQL statement the two connections prepare, and checks each
 * one's plan (EXPLAIN QUERY PLAN), and the statements of the triggers those writes fire:
 *
 * - no SCAN (a full table or index walk) of a table that grows with the studies;
 * - every SEARCH of such a table binds, with equality, a key that names a bounded set of rows
 *   (an assignment, a pair, a session, a prompt…), never just the rater: a rater's whole queue
 *   is what the progress count once walked on every page (12 % of the server's time);
 * - the one exception is a walk in index order that a LIMIT stops (the rater's next pair).
 *
 * SQLite only (the plans are SQLite's); the planner has no statistics here (no ANALYZE), as in
 * production, so the plans are those of a large database too.
 */
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as session from '../../src/lib/server/auth/session.ts';
import {
	closeDatabase,
	openDb,
	sqliteClient,
	writerOf,
	type AppDb
} from '../../src/lib/server/db/index.ts';
import * as demo from '../../src/lib/server/services/demo.ts';
import * as raterStudies from '../../src/lib/server/services/rater-studies.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import { MIGRATIONS } from '../helpers/db.ts';
import { seeded } from '../helpers/seeded.ts';
import { smallStudy } from '../helpers/study.ts';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import * as trainingService from '../../src/lib/server/services/training.ts';
import * as studies from '../../src/lib/server/services/studies.ts';

/**
 * Tables that grow with studies, ratings or sign-ins, each with the keys (column sets) whose
 * equality selects a bounded number of rows: per assignment at most one judgment per dimension
 * and stage, per pair its raters, and so on.
 */
const BOUNDED_KEYS: Record<string, string[][]> = {
	assignments: [['rowid'], ['public_id'], ['pair_id']],
	judgments: [['rowid'], ['assignment_id']],
	judgment_history: [['rowid'], ['judgment_id']],
	note_history: [['rowid'], ['assignment_id']],
	// Per assignment and stage, one fact per tag, side and dimension of its study.
	rating_reasons: [['rowid'], ['assignment_id']],
	reason_history: [['rowid'], ['assignment_id']],
	sessions: [['id']],
	escalations: [['rowid'], ['pair_id']],
	final_labels: [['pair_id']],
	pairs: [['rowid']],
	prompts: [['rowid']],
	responses: [['rowid'], ['prompt_id']],
	audit_log: [['rowid']],
	users: [['rowid'], ['username']],
	// A member row per (study, user); a user is in few studies.
	study_members: [['study_id', 'user_id'], ['user_id']],
	dimensions: [['study_id']],
	studies: [['rowid']]
};

/**
 * Partial indexes that hold a bounded set of rows per key: a rater's training copies (N gold
 * pairs per study, issue #16 §3) under their user id.
 */
const BOUNDED_INDEXES: Record<string, string[][]> = {
	assignments_training_idx: [['user_id']]
};

type Finding = { sql: string; line: string; why: string };

let db: AppDb;
let seen: Set<string>;
/** The statements only the calibrated study's path runs (training, gold, purpose). */
let seenCalibrated: Set<string>;
/** The statements only a study with tags, harms and notes runs (its facts). */
let seenReasons: Set<string>;
let tableOfIndex: Map<string, string>;

/** Every statement run (not only prepared) since the last reset, in order. */
let ran: string[] = [];

/** Records the source of every statement a connection prepares, and each run of it in `ran`. */
function record(connection: Database.Database, into: Set<string>) {
	const prepare = connection.prepare.bind(connection);
	connection.prepare = ((source: string) => {
		into.add(source);
		const statement = prepare(source);
		for (const method of ['all', 'get', 'run', 'iterate'] as const) {
			const run = statement[method].bind(statement) as (...args: unknown[]) => unknown;
			(statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
				ran.push(source);
				return run(...args);
			};
		}
		return statement;
	}) as typeof connection.prepare;
}

function plan(connection: Database.Database, source: string): string[] {
	const params = (source.match(/\?/g) ?? []).length;
	return (
		connection.prepare(`explain query plan ${source}`).all(...Array<null>(params).fill(null)) as {
			detail: string;
		}[]
	).map((row) => row.detail);
}

const STEP =
	/^(SCAN|SEARCH) (\S+)(?: USING (?:(?:COVERING )?INDEX (\S+)|INTEGER PRIMARY KEY|PRIMARY KEY))?(?: \(([^)]*)\))?/;

/** What is wrong with one statement's plan, if anything. */
function check(source: string, lines: string[]): Finding[] {
	const findings: Finding[] = [];
	const limited = /\blimit\b/i.test(source);
	const sortsAfter = lines.some((line) => line.startsWith('USE TEMP B-TREE FOR ORDER BY'));
	const aliases = new Map(
		[...source.matchAll(/\b(?:from|join|update|into)\s+"?(\w+)"?(?:\s+(?:as\s+)?"?(\w+)"?)?/gi)]
			.filter(([, , alias]) => alias !== undefined)
			.map(([, table, alias]) => [alias, table])
	);
	for (const line of lines) {
		const step = STEP.exec(line);
		if (!step) continue;
		const [, kind, name, index, constraint] = step;
		// An alias (`r`) is the table it names in the statement (or the table of its index).
		const table = aliases.get(name) ?? (index ? tableOfIndex.get(index) : undefined) ?? name;
		const keys = [...(BOUNDED_KEYS[table] ?? []), ...((index && BOUNDED_INDEXES[index]) || [])];
		if (!BOUNDED_KEYS[table]) continue; // a small table (models, dimensions…), a VALUES list, a constant row
		if (kind === 'SCAN') {
			findings.push({ sql: source, line, why: `full scan of ${table}` });
			continue;
		}
		const equal = new Set(
			(constraint ?? '')
				.split(' AND ')
				.filter((c) => c.endsWith('=?'))
				.map((c) => c.slice(0, -2))
		);
		if (keys.some((key) => key.every((column) => equal.has(column)))) continue;
		if (limited && !sortsAfter && equal.size > 0) continue; // an ordered walk a LIMIT stops
		findings.push({
			sql: source,
			line,
			why: `search of ${table} by (${[...equal].join(', ')}), not by a bounded key`
		});
	}
	return findings;
}

/** The statements inside the triggers on the growing tables, with NEW./OLD. values as `?`. */
function triggerStatements(connection: Database.Database): string[] {
	const triggers = connection
		.prepare("select sql from sqlite_master where type = 'trigger'")
		.all() as { sql: string }[];
	return triggers.flatMap(({ sql }) => {
		const body = sql.slice(sql.search(/\bBEGIN\b/i) + 5, sql.search(/\bEND\s*$/i));
		return (
			body
				.split(';')
				.map((s) => s.trim().replace(/\b(NEW|OLD)\.`?\w+`?/g, '?'))
				// RAISE(…) (the append-only tables) reads nothing, and plans only inside a trigger.
				.filter((s) => s.length > 0 && !/\bRAISE\s*\(/i.test(s))
		);
	});
}

beforeAll(async () => {
	const s = await seeded();
	const file = sqliteClient(s.db)!.name;
	await closeDatabase(s.db);
	// Fresh connections: their statements are prepared again, in front of the recorder.
	db = openDb(file, { migrationsPath: MIGRATIONS });
	seen = new Set();
	record(sqliteClient(db)!, seen);
	record(writerOf(db), seen);
	tableOfIndex = new Map(
		(
			writerOf(db)
				.prepare("select name, tbl_name from sqlite_master where type = 'index'")
				.all() as {
				name: string;
				tbl_name: string;
			}[]
		).map((row) => [row.name, row.tbl_name])
	);

	const token = session.generateToken();
	await session.create(db, token, s.ids.junior1);
	const other = session.generateToken();
	await session.create(db, other, s.ids.junior2);
	seen.clear(); // signing in is not the rating path

	const choices = {
		faithfulness: 'A',
		comprehensiveness: 'tie',
		generalizability: 'B',
		robustness: 'A'
	} as const;
	for (const [t, userId] of [
		[token, s.ids.junior1],
		[other, s.ids.junior2]
	] as const) {
		expect((await session.validate(db, t)).user?.id).toBe(userId);
		await demo.accountsExist(db);
		const landing = await raterStudies.landing(db, userId, null);
		if (landing.kind !== 'pair') throw new Error(`expected a pair, got ${landing.kind}`);
		const chosen = await raterStudies.landing(db, userId, s.studyId);
		expect(chosen.kind).toBe('pair');
		const id = landing.pair.id;
		expect((await ratings.view(db, userId, id)).ok).toBe(true);
		await ratings.saveDraft(db, userId, id, {
			choices: { faithfulness: 'A' },
			hard: false,
			comment: ''
		});
		const mine = userId === s.ids.junior1 ? choices : { ...choices, robustness: 'B' as const };
		expect(
			await ratings.submit(db, userId, id, { choices: mine, hard: false, comment: '' })
		).toEqual({
			ok: true,
			changed: true
		});
		// A double click, then a change of mind (flag and comment).
		await ratings.submit(db, userId, id, { choices: mine, hard: false, comment: '' });
		await ratings.submit(db, userId, id, { choices: mine, hard: true, comment: 'unsure' });
		// The reopened, submitted pair (its lock check) and the next one.
		expect((await ratings.view(db, userId, id)).ok).toBe(true);
		expect((await raterStudies.landing(db, userId, null)).kind).toBe('pair');
	}
	// Both juniors rated the same first pair? Rate on until one pair has both, so that the
	// submission that completes a pair (consensus or escalation) is on the record too.
	for (let i = 0; i < 6; i++)
		for (const userId of [s.ids.junior1, s.ids.junior2]) {
			const next = await ratings.next(db, userId);
			if (next)
				await ratings.submit(db, userId, next.id, {
					choices: i % 2 ? choices : { ...choices, faithfulness: 'B' },
					hard: false,
					comment: ''
				});
		}

	// Calibrated raters (issue #16 §3): a second study with gold pairs, training and hidden
	// checks, on the same connections, so the training pair, its feedback, the gate that keeps
	// real work closed, going round again and the checks are on the record too.
	const plain = new Set(seen);
	const parsed = parseStudyFile(
		JSON.stringify(
			smallStudy({
				name: 'Calibrated',
				gold: ['q1', 'q2'].map((prompt) => ({
					prompt,
					model: 'cand-a',
					opponent: 'ref',
					expected: { faithfulness: 'win' }
				})),
				training: { pairs: 1, min_agreement: 1 },
				gold_checks: { share: 0.5 }
			})
		)
	);
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
	const calibrated = await studies.importStudy(db, parsed.value, null);
	if (!calibrated.ok) throw new Error(JSON.stringify(calibrated.problems));
	// Importing is not the rating path.
	seen.clear();
	for (const source of plain) seen.add(source);
	const userId = s.ids.junior1;
	const before = new Set(seen);
	const training = await raterStudies.landing(db, userId, calibrated.id);
	if (training.kind !== 'pair' || !training.pair.training) throw new Error('expected training');
	const wrong = {
		faithfulness: 'tie',
		comprehensiveness: 'tie',
		generalizability: 'tie',
		robustness: 'tie'
	} as const;
	expect(
		await ratings.submit(db, userId, training.pair.id, { choices: wrong, hard: false, comment: '' })
	).toMatchObject({ ok: true, training: true });
	expect((await ratings.view(db, userId, training.pair.id)).ok).toBe(true);
	expect((await raterStudies.landing(db, userId, calibrated.id)).kind).toBe('training');
	// Round two tries "A better" on faithfulness, a third "B better": one of them is expected.
	let side: 'A' | 'B' = 'A';
	await trainingService.retryTraining(db, userId, calibrated.id);
	for (let i = 0; i < 12; i++) {
		const next = await raterStudies.landing(db, userId, calibrated.id);
		if (next.kind === 'training') {
			await trainingService.retryTraining(db, userId, calibrated.id);
			side = 'B';
			continue;
		}
		if (next.kind !== 'pair') break;
		const right = next.pair.training ? { ...wrong, faithfulness: side } : wrong;
		await ratings.submit(db, userId, next.pair.id, { choices: right, hard: false, comment: '' });
		await ratings.submit(db, userId, next.pair.id, { choices: right, hard: true, comment: '' });
	}
	const state = await trainingService.trainingState(db, userId, calibrated.id);
	expect(state).toMatchObject({ passed: true });
	seenCalibrated = new Set([...seen].filter((source) => !before.has(source)));

	// A study that asks for tags (with evidence quotes), harms and per-dimension notes: its
	// submissions read and write the facts, and place the quotes in the answers' texts.
	const withReasons = parseStudyFile(
		JSON.stringify(
			smallStudy({
				name: 'With reasons',
				issue_tags: [{ key: 'factual-error', label: 'Factual error' }],
				harm: true,
				per_dimension_notes: true
			})
		)
	);
	if (!withReasons.ok) throw new Error(JSON.stringify(withReasons.problems));
	const beforeReasons = new Set(seen);
	const reasonsStudy = await studies.importStudy(db, withReasons.value, null);
	if (!reasonsStudy.ok) throw new Error(JSON.stringify(reasonsStudy.problems));
	// Importing is not the rating path.
	seen.clear();
	for (const source of beforeReasons) seen.add(source);
	for (const junior of [s.ids.junior1, s.ids.junior2]) {
		const landing = await raterStudies.landing(db, junior, reasonsStudy.id);
		if (landing.kind !== 'pair') throw new Error(`expected a pair, got ${landing.kind}`);
		const reasons = {
			tags: { 'factual-error': ['A' as const] },
			harm: { A: 'mild' as const, B: 'none' as const },
			notes: { faithfulness: { hard: true, comment: 'dose?' } },
			spans: { 'factual-error': { A: 'Answer' } }
		};
		for (const harm of ['mild', 'severe'] as const)
			expect(
				await ratings.submit(db, junior, landing.pair.id, {
					choices: wrong,
					hard: false,
					comment: '',
					reasons: { ...reasons, harm: { ...reasons.harm, A: harm } }
				})
			).toMatchObject({ ok: true, changed: true });
	}
	seenReasons = new Set([...seen].filter((source) => !beforeReasons.has(source)));
}, 60_000);

afterAll(async () => {
	await closeDatabase(db);
});

describe('rating path statements (issue #18)', () => {
	it('were all recorded (the recorder saw the path)', () => {
		const text = [...seen].join('\n');
		for (const table of [
			'sessions',
			'assignments',
			'judgments',
			'judgment_history',
			'study_members'
		])
			expect(text).toContain(`"${table}"`);
		expect(seen.size).toBeGreaterThan(15);
		// The calibrated path ran its own statements (the training gate, feedback, gold lookups).
		expect(seenCalibrated.size).toBeGreaterThan(2);
		// A study with tags, harms and notes read and wrote its facts and their history.
		const reasonsText = [...seenReasons].join('\n');
		for (const table of ['rating_reasons', 'reason_history'])
			expect(reasonsText).toContain(`"${table}"`);
	});

	it('never scan or search a growing table by anything but a bounded key', () => {
		const connection = writerOf(db);
		const plans = [...seen].map((source) => ({ source, lines: plan(connection, source) }));
		if (process.env.SHOW_PLANS)
			for (const p of plans) console.log(`${p.source}\n  ${p.lines.join('\n  ')}`);
		// The path's lookups of the growing tables are there to be checked.
		const searches = plans
			.flatMap((p) => p.lines)
			.filter((l) => /^SEARCH (assignments|judgments|sessions)\b/.test(l));
		expect(searches.length).toBeGreaterThan(5);
		expect(plans.flatMap((p) => check(p.source, p.lines))).toEqual([]);
	});

	it('fire triggers that look up rows by key only', () => {
		const connection = writerOf(db);
		const statements = triggerStatements(connection);
		expect(statements.some((s) => s.includes('assigned_count'))).toBe(true);
		const findings = statements.flatMap((source) => check(source, plan(connection, source)));
		expect(findings).toEqual([]);
	});

	it('show the next pair in one statement (the studies, the next pair and its row)', async () => {
		// A study of its own (the path above leaves its juniors in two studies: the choice).
		const s = await seeded();
		const file = sqliteClient(s.db)!.name;
		await closeDatabase(s.db);
		const own = openDb(file, { migrationsPath: MIGRATIONS });
		try {
			record(sqliteClient(own)!, new Set());
			record(writerOf(own), new Set());
			const userId = s.ids.junior1;
			// The first page marks the pair started (a write) and reads the study's dimensions once.
			const first = await raterStudies.landing(own, userId, null);
			if (first.kind !== 'pair') throw new Error(`expected a pair, got ${first.kind}`);
			for (const chosen of [null, s.studyId]) {
				ran = [];
				const again = await raterStudies.landing(own, userId, chosen);
				expect(again.kind === 'pair' && again.pair.id).toBe(first.pair.id);
				expect(ran).toHaveLength(1);
				expect(ran[0]).toContain('"study_members"');
				expect(ran[0]).toContain('from responses r');
			}
			// A submitted pair reopened reads its judgments too.
			const choices = {
				faithfulness: 'A',
				comprehensiveness: 'A',
				generalizability: 'A',
				robustness: 'A'
			} as const;
			await ratings.submit(own, userId, first.pair.id, { choices, hard: false, comment: '' });
			ran = [];
			const reopened = await ratings.view(own, userId, first.pair.id);
			expect(reopened.ok && reopened.value.choices).toEqual(choices);
			expect(ran.some((source) => source.includes('from "judgments"'))).toBe(true);
		} finally {
			await closeDatabase(own);
		}
	});

	it('would catch the old progress count (the whole queue of the rater, on every page)', () => {
		const connection = writerOf(db);
		const old = `select count(*), coalesce(sum("assignments"."status" = 'submitted'), 0) from "assignments"
			inner join "pairs" on "pairs"."id" = "assignments"."pair_id"
			where ("assignments"."user_id" = ? and "pairs"."study_id" = ?)`;
		expect(check(old, plan(connection, old)).map((f) => f.why)).toEqual([
			'search of assignments by (user_id), not by a bounded key'
		]);
	});
});
