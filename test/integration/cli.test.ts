/**
 * The `medpair` command as users run it: a child process on a real database (a SQLite file, or
 * PostgreSQL at DATABASE_URL in the integration-pg run).
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallStudy } from '../helpers/study.ts';
import { runMedpair } from '../helpers/cli.ts';
import { cliDatabase, countOf, type CliDatabase } from '../helpers/cli-db.ts';
import { TEST_DIALECT } from '../helpers/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'medpair-cli-'));
let db: CliDatabase;
beforeAll(async () => {
	db = await cliDatabase(dir, 'cli');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const medpair = (args: string[], input?: string) => runMedpair(args, { input, env: db.env });

// Every step starts Node (about 1 s idle, several under load): a minute per test.
describe('medpair CLI with a database', { timeout: 60_000 }, () => {
	it('--help lists every command', () => {
		const { code, stdout } = medpair(['--help']);
		expect(code).toBe(0);
		for (const command of ['agreement', 'backup', 'demo', 'metrics', 'study', 'tables', 'user'])
			expect(stdout).toContain(command);
	});

	it('adds users from --password-stdin and refuses bad ones with one line', () => {
		for (const [name, role] of [
			['junior1', 'junior'],
			['junior2', 'junior'],
			['senior', 'senior']
		])
			expect(
				medpair(['user', 'add', name, '--role', role, '--password-stdin'], 'a long password\n').code
			).toBe(0);
		const short = medpair(['user', 'add', 'x', '--role', 'junior', '--password-stdin'], 'short\n');
		expect(short.code).toBe(1);
		expect(short.stderr.trim().split('\n')).toEqual([
			'medpair: Username must be at least 2 characters'
		]);
		const taken = medpair(
			['user', 'add', 'junior1', '--role', 'junior', '--password-stdin'],
			'a long password\n'
		);
		expect(taken.stderr.trim()).toBe('medpair: The username "junior1" is taken');
		const role = medpair(
			['user', 'add', 'zed', '--role', 'admin', '--password-stdin'],
			'a long password\n'
		);
		expect(role.code).not.toBe(0);
		expect(role.stderr).toContain('Allowed choices are junior, senior, researcher');
	});

	it('imports a study with --json, listing every problem of a broken one and changing nothing', async () => {
		const good = join(dir, 'study.json');
		writeFileSync(good, JSON.stringify(smallStudy()));
		const imported = medpair(['study', 'import', good, '--json']);
		const blinding =
			'Blinding: with 2 juniors and 2 raters per pair, a junior sees each reference answer up to 2 times and each candidate answer once per question, so recognising an answer seen before can hint at its model. With 4 juniors (2 per pair × 2 sets of pairs without a repeated answer) every junior would see each answer at most once per question. Until then, each junior’s pairs of one question are spread far apart in their queue.';
		expect(imported.stderr).toBe(`medpair: warning: ${blinding}\n`);
		expect(JSON.parse(imported.stdout)).toEqual({ id: 1, warnings: [blinding] });

		const bad = join(dir, 'bad.json');
		writeFileSync(
			bad,
			JSON.stringify(
				smallStudy({ raters_per_pair: 3, members: { junior: ['junior1', 'ghost'], senior: [] } })
			)
		);
		const refused = medpair(['study', 'import', bad]);
		expect(refused.code).toBe(1);
		expect(refused.stdout).toBe('');
		expect(refused.stderr.split('\n').slice(0, 3)).toEqual([
			`medpair: ${bad} was not imported; nothing was changed. 2 problems:`,
			'  raters_per_pair: raters_per_pair is 3 but only 2 juniors are listed in members.junior',
			'  members.junior[1]: unknown user "ghost"'
		]);
		expect(await countOf(db, 'studies')).toBe(1);
		expect(await countOf(db, 'assignments')).toBe(12);
	});

	it('says which file is missing', () => {
		const { code, stderr } = medpair(['study', 'import', join(dir, 'nope.json')]);
		expect(code).toBe(1);
		expect(stderr.trim()).toBe(`medpair: no such file: ${join(dir, 'nope.json')}`);
	});

	it('re-assigns a study without ratings, reproducibly', async () => {
		const placement = () =>
			db.rows(
				'select pair_id, user_id, model_on_left, position from assignments order by pair_id, user_id'
			);
		const first = await placement();
		expect(JSON.parse(medpair(['study', 'assign', '1', '--json']).stdout)).toEqual({
			assignments: 12
		});
		expect(await placement()).toEqual(first);
		expect(medpair(['study', 'assign', '99']).stderr.trim()).toBe('medpair: There is no study 99.');
	});

	it('refuses to re-assign once a junior has opened a pair, and changes nothing', async () => {
		const all = () => db.rows('select * from assignments order by id');
		// What the rating page does when a junior opens their next pair.
		await db.rows(
			"update assignments set status = 'started', started_at = 1, draft = '{}' where id = (select min(id) from assignments)"
		);
		const before = await all();
		const refused = medpair(['study', 'assign', '1']);
		expect(refused.code).toBe(1);
		expect(refused.stdout).toBe('');
		expect(refused.stderr.trim()).toBe(
			'medpair: Juniors have already opened 1 pair of this study; reassigning would delete their work in progress, so nothing was changed. Add juniors instead.'
		);
		expect(await all()).toEqual(before);
	});

	// PostgreSQL's backup is pg_dump's: test/integration/postgres/backup.test.ts.
	it.runIf(TEST_DIALECT === 'sqlite')(
		'backs up to a file that passes an integrity check, and will not overwrite without --force',
		() => {
			const copy = join(dir, 'backup.db');
			const first = medpair(['backup', copy]);
			expect(first.stdout.trim()).toBe(`Backed up the database to ${copy} (integrity check: ok).`);
			expect(existsSync(copy)).toBe(true);
			const backup = new Database(copy, { readonly: true });
			expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
			expect(backup.prepare('select count(*) as n from users').get()).toEqual({ n: 3 });
			backup.close();
			expect(medpair(['backup', copy]).stderr.trim()).toBe(
				`medpair: ${copy} exists; pass --force to overwrite it`
			);
			expect(medpair(['backup', copy, '--force']).code).toBe(0);
		}
	);

	it('an unknown command is one clear line and a non-zero exit', () => {
		const { code, stderr } = medpair(['frobnicate']);
		expect(code).not.toBe(0);
		expect(stderr).toContain("unknown command 'frobnicate'");
		expect(stderr).not.toMatch(/at .*\.ts:\d+/);
	});
});

describe('medpair predictions import', { timeout: 60_000 }, () => {
	it('stores a predictions file with a study, and lists bad lines without storing anything', () => {
		const good = join(dir, 'p.jsonl');
		const lines = [
			{ dataset: 'd', task: 'qa', model: 'cand-a', id: '1', prediction: 'A', reference: 'A' },
			{ dataset: 'd', task: 'qa', model: 'other', id: '1', prediction: 'B', reference: 'A' }
		];
		writeFileSync(good, lines.map((o) => JSON.stringify(o)).join('\n'));
		const ok = medpair(['predictions', 'import', '1', good, '--json']);
		expect(ok.stderr).toBe('');
		expect(JSON.parse(ok.stdout)).toEqual({ id: 1, lines: 2, unknown_models: ['other'] });

		const bad = join(dir, 'bad-predictions.jsonl');
		writeFileSync(bad, '{"dataset": "d"}\nnot json\n');
		const refused = medpair(['predictions', 'import', '1', bad]);
		expect(refused.code).toBe(1);
		const [head, ...problems] = refused.stderr.trim().split('\n');
		expect(head).toMatch(
			/^medpair: .*bad-predictions\.jsonl was not imported; nothing was changed\. \d+ problems:$/
		);
		expect(problems.every((line) => /^ {2}line [12]: /.test(line))).toBe(true);
		expect(problems.some((line) => line.startsWith('  line 2:'))).toBe(true);
		expect(medpair(['predictions', 'import', '42', good]).stderr.trim()).toBe(
			'medpair: there is no study 42'
		);
	});
});
