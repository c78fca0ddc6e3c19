import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTables } from '../../../src/cli/commands/tables.ts';
import { runMedpair } from '../../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'medpair-tables-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
	const path = join(dir, name);
	writeFileSync(path, text);
	return path;
}

const medpair = (...args: string[]) => runMedpair(args);

// Candidate vs reference on 8 prompts: 4 wins, 2 ties, 2 losses on faithfulness.
const lines = ['prompt,model,opponent,dimension,outcome'];
['win', 'win', 'win', 'win', 'tie', 'tie', 'loss', 'loss'].forEach((outcome, i) => {
	lines.push(`q${i},medalpaca,gpt-4,faithfulness,${outcome}`);
	lines.push(`q${i},llama,gpt-4,faithfulness,${i % 2 === 0 ? 'win' : 'loss'}`);
});
const outcomes = file('outcomes.csv', lines.join('\n') + '\n');
const flags = { seed: '42' };

describe('medpair tables', () => {
	it('--json prints {signature, cells, bradley_terry} with the fields of issue 5', () => {
		const { code, stdout, stderr } = medpair('tables', outcomes, '--json');
		expect(stderr).toBe('');
		expect(code).toBe(0);
		const report = JSON.parse(stdout);
		expect(Object.keys(report)).toEqual(['signature', 'cells', 'bradley_terry']);
		expect(report.cells[0]).toMatchObject({
			model: 'medalpaca',
			opponent: 'gpt-4',
			dimension: 'faithfulness',
			n: 8,
			wins: 4,
			ties: 2,
			losses: 2,
			win_rate: 0.5,
			win_or_tie_rate: 0.75,
			win_rate_ties_half: 0.625,
			win_rate_excluding_ties: 4 / 6
		});
		expect(report.cells[0].wilson95_win_or_tie_rate).toHaveLength(2);
		expect(report.cells[0].sign_test_p_two_sided).toBeCloseTo((2 * (1 + 6 + 15)) / 64, 15);
		const [ranking] = report.bradley_terry;
		expect(ranking.dimension).toBe('faithfulness');
		expect(Object.keys(ranking.models[0])).toEqual(
			expect.arrayContaining(['model', 'log_strength', 'elo'])
		);
		expect(ranking.models[0].model).toBe('medalpaca');
	});

	it('adds bootstrap intervals over prompts, reproducibly for a seed', () => {
		const one = runTables(outcomes, { bootstrap: '200', seed: '3', json: true });
		const two = runTables(outcomes, { bootstrap: '200', seed: '3', json: true });
		expect(one.stdout).toBe(two.stdout);
		const report = JSON.parse(one.stdout);
		expect(report.signature).toContain('bootstrap:B=200,seed=3,cluster=prompt');
		expect(report.cells[0].bootstrap95_win_or_tie_rate).toHaveLength(2);
		expect(report.bradley_terry[0].models[0].bootstrap95_elo).toHaveLength(2);
	});

	it('prints readable tables, or csv / md / latex with --format', () => {
		const text = runTables(outcomes, flags).stdout;
		expect(text).toContain('Win / tie / loss of each model');
		expect(text).toContain('Bradley–Terry ranking');
		expect(text).toMatch(/signature: tables\|/);
		const csv = runTables(outcomes, { ...flags, format: 'csv' }).stdout;
		// The same long form as `medpair study export --table wintie` (issue 7's CSV contract).
		expect(csv.split('\n')[0]).toBe(
			'model,opponent,dimension,n,wins,ties,losses,win_rate,win_or_tie_rate,win_rate_ties_half,wilson95_win_or_tie_rate_lo,wilson95_win_or_tie_rate_hi,sign_test_p_two_sided,p_holm,p_bh'
		);
		// 4 wins, 2 ties, 2 losses of 8: rates .5, .75, .625; sign test on 4 vs 2: p = 0.6875.
		// Family of two tests (llama: 4 vs 4, p = 1): Holm min(1, 2·0.6875) = 1; BH min(1, 1.375, 1) = 1.
		expect(csv.split('\n')[1]).toMatch(
			/^medalpaca,gpt-4,faithfulness,8,4,2,2,0\.5,0\.75,0\.625,[0-9.]+,[0-9.]+,0\.6875,1,1$/
		);
		expect(runTables(outcomes, { ...flags, format: 'md' }).stdout).toContain('| Win+tie % |');
		expect(runTables(outcomes, { ...flags, format: 'latex' }).stdout).toContain('\\begin{tabular}');
		expect(() => runTables(outcomes, { ...flags, json: true, format: 'md' })).toThrow(/either/);
	});

	it('says when a Bradley–Terry estimate diverges instead of printing a huge number', () => {
		const path = file('sweep.csv', 'prompt,model,opponent,outcome\nq1,a,b,win\nq2,a,b,win\n');
		const report = JSON.parse(runTables(path, { ...flags, json: true }).stdout);
		expect(
			report.bradley_terry[0].models.map((m: { log_strength: null }) => m.log_strength)
		).toEqual([null, null]);
		expect(report.bradley_terry[0].notes[0]).toContain('a won every comparison');
		expect(runTables(path, flags).stdout).toContain(
			'note: bradley_terry: the maximum-likelihood strengths diverge'
		);
		expect(runTables(path, { ...flags, format: 'csv' }).stderr).toContain('note: bradley_terry');
	});

	it('stops with one line naming the line of bad input', () => {
		const bad = file(
			'bad.csv',
			'prompt,model,opponent,outcome\nq1,a,b,win\nq1,b,a,loss\nq2,a,b,draw\n'
		);
		const { code, stdout, stderr } = medpair('tables', bad);
		expect(code).not.toBe(0);
		expect(stdout).toBe('');
		expect(stderr).toBe(
			`medpair: ${bad} line 3: duplicate outcome: b vs a on prompt "q1" is already judged on line 2 (and 1 more problem)\n`
		);
		const missing = file('missing.csv', 'prompt,model,outcome\nq1,a,win\n');
		expect(() => runTables(missing, flags)).toThrow(`${missing} line 1: missing column "opponent"`);
		expect(() => runTables(file('empty.jsonl', '\n'), flags)).toThrow(
			'line 1: the file has no outcomes'
		);
	});
});
