/**
 * `medpair judge import` / `judge report` as users run them: a child process on this run's
 * backend (a SQLite file, or a PostgreSQL database at DATABASE_URL).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMedpair } from '../helpers/cli.ts';
import { cliDatabase } from '../helpers/cli-db.ts';
import { smallStudy } from '../helpers/study.ts';

const dir = mkdtempSync(join(tmpdir(), 'medpair-cli-judge-'));
let env: Record<string, string> = {};
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const medpair = (args: string[], input?: string) => runMedpair(args, { input, env });
function file(name: string, text: string): string {
	const path = join(dir, name);
	writeFileSync(path, text);
	return path;
}
const line = (extra: object = {}) =>
	JSON.stringify({
		judge: 'llm',
		prompt: 'q1',
		model: 'cand-a',
		opponent: 'ref',
		dimension: 'faithfulness',
		outcome: 'win',
		shown_first: 'ref',
		...extra
	});

beforeAll(async () => {
	env = (await cliDatabase(dir, 'cli_judge')).env;
	for (const [name, role] of [
		['junior1', 'junior'],
		['junior2', 'junior'],
		['senior', 'senior']
	])
		expect(
			medpair(['user', 'add', name, '--role', role, '--password-stdin'], 'a long password\n').code
		).toBe(0);
	const imported = medpair([
		'study',
		'import',
		file('study.json', JSON.stringify(smallStudy())),
		'--json'
	]);
	expect(imported.code).toBe(0);
}, 120_000);

describe('medpair judge', { timeout: 60_000 }, () => {
	it('refuses a broken file with every problem and its line, and imports a good one', () => {
		const bad = medpair([
			'judge',
			'import',
			'1',
			file('bad.jsonl', [line(), line({ prompt: 'q9' }), line({ outcome: 'maybe' })].join('\n'))
		]);
		expect(bad.code).toBe(1);
		expect(bad.stderr).toContain('was not imported; nothing was changed. 2 problems:');
		expect(bad.stderr).toContain('  line 2: unknown prompt "q9"');
		expect(bad.stderr).toMatch(/ {2}line 3: outcome: /);
		const good = medpair([
			'judge',
			'import',
			'1',
			file(
				'good.jsonl',
				[line(), line({ dimension: 'robustness', grade: -1, outcome: undefined })].join('\n')
			),
			'--json'
		]);
		expect(good.stderr).toBe('');
		expect(JSON.parse(good.stdout)).toEqual({ lines: 2, judges: ['llm'], replaced: 0 });
	});

	it('prints the report as study export --table judge', () => {
		const report = medpair(['judge', 'report', '1', '--format', 'csv']);
		expect(report.code).toBe(0);
		const lines = report.stdout.trim().split('\n');
		expect(lines[0]).toMatch(/\|table:judge\|/);
		expect(lines[1]).toMatch(/^judge,model,opponent,dimension,/);
		expect(lines.slice(2)).toHaveLength(2);
		expect(medpair(['judge', 'report', '99']).stderr).toContain('no study with id 99');
	});
});
