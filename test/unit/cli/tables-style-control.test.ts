/**
 * `medpair tables --style-control` (issue #16 §5) on the rows of test/fixtures/bias/reference.json,
 * whose style-controlled fit statsmodels computed (test/fixtures/bias/make_reference.py).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTables } from '../../../src/cli/commands/tables.ts';
import { parseStyleColumns } from '../../../src/lib/domain/bias/parse-style-columns.ts';
import { runMedpair } from '../../helpers/cli.ts';

type Style = { length: number; headers: number; lists: number; bold: number };
const reference = JSON.parse(
	readFileSync(new URL('../../fixtures/bias/reference.json', import.meta.url), 'utf8')
) as {
	style_bt: {
		rows: {
			prompt: string;
			model: string;
			opponent: string;
			outcome: string;
			model_style: Style;
			opponent_style: Style;
		}[];
		fit: { log_strength: Record<string, number>; beta: Record<string, number> };
	};
	length_logistic: { coefficients: number[]; longer_wins: number; decisive: number };
};

const dir = mkdtempSync(join(tmpdir(), 'medpair-style-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
	const path = join(dir, name);
	writeFileSync(path, text);
	return path;
}

const FEATURES = ['length', 'headers', 'lists', 'bold'] as const;
const header = [
	'prompt,model,opponent,dimension,outcome',
	...FEATURES.map((f) => `model_${f},opponent_${f}`)
].join(',');
const csv = [
	header,
	...reference.style_bt.rows.map((r) =>
		[
			r.prompt,
			r.model,
			r.opponent,
			'd',
			r.outcome,
			...FEATURES.flatMap((f) => [r.model_style[f], r.opponent_style[f]])
		].join(',')
	)
].join('\n');
const jsonl = reference.style_bt.rows
	.map((r) =>
		JSON.stringify({
			prompt: r.prompt,
			model: r.model,
			opponent: r.opponent,
			dimension: 'd',
			outcome: r.outcome,
			model_length: r.model_style.length,
			opponent_length: r.opponent_style.length,
			model_headers: r.model_style.headers,
			opponent_headers: r.opponent_style.headers,
			model_lists: r.model_style.lists,
			opponent_lists: r.opponent_style.lists,
			model_bold: r.model_style.bold,
			opponent_bold: r.opponent_style.bold
		})
	)
	.join('\n');

describe('medpair tables --style-control', () => {
	it('--json adds length_bias and style_control, matching statsmodels (CSV and JSON Lines)', () => {
		for (const path of [file('styled.csv', csv), file('styled.jsonl', jsonl)]) {
			const { code, stdout, stderr } = runMedpair(['tables', path, '--style-control', '--json']);
			expect(stderr).toBe('');
			expect(code).toBe(0);
			const report = JSON.parse(stdout);
			expect(Object.keys(report)).toEqual([
				'signature',
				'cells',
				'bradley_terry',
				'length_bias',
				'style_control'
			]);
			const [ranking] = report.style_control.rankings;
			for (const model of ranking.models)
				expect(model.log_strength).toBeCloseTo(reference.style_bt.fit.log_strength[model.model], 7);
			expect(ranking.coefficients[0].beta).toBeCloseTo(reference.style_bt.fit.beta.length, 7);
			const [length] = report.length_bias;
			expect(length.longer_wins).toBe(reference.length_logistic.longer_wins);
			expect(length.logistic.slope).toBeCloseTo(reference.length_logistic.coefficients[1], 8);
		}
	});

	it('prints the plain and style-controlled ranking side by side as text and CSV', () => {
		const path = file('styled2.csv', csv);
		const text = runTables(path, { seed: '42', styleControl: true, bootstrap: '20' }).stdout;
		expect(text).toContain('Bradley–Terry ranking, plain and with style control');
		expect(text).toContain('Length bias');
		expect(text).toContain('Style coefficients');
		const out = runTables(path, { seed: '42', styleControl: true, format: 'csv' }).stdout;
		expect(out.split('\n')[0]).toBe(
			'dimension,model,elo,elo_lo,elo_hi,elo_style,style_lo,style_hi'
		);
		expect(out.trim().split('\n')).toHaveLength(1 + 5);
	});

	it('lists every bad style value with its line and needs the length columns', () => {
		const bad = csv
			.split('\n')
			.map((line, i) => (i === 2 ? line.replace(/,(\d+),(\d+),/, ',-3,$2,') : line))
			.map((line, i) => (i === 4 ? line.replace(/,\d+$/, ',x') : line))
			.join('\n');
		expect(parseStyleColumns(bad, { format: 'csv' })).toEqual({
			ok: false,
			errors: [
				{ line: 3, message: 'model_length must be a whole number ≥ 0, not "-3"' },
				{ line: 5, message: 'opponent_bold must be a whole number ≥ 0, not "x"' }
			]
		});
		const result = runMedpair(['tables', file('bad.csv', bad), '--style-control']);
		expect(result.code).not.toBe(0);
		expect(result.stderr).toContain(
			'line 3: model_length must be a whole number ≥ 0, not "-3" (and 1 more problem)'
		);
		const plain = file('plain.csv', 'prompt,model,opponent,outcome\nq1,a,b,win\n');
		const missing = runMedpair(['tables', plain, '--style-control']);
		expect(missing.code).not.toBe(0);
		expect(missing.stderr).toContain('line 1: missing column "model_length"');
		// Without the flag the same file is fine.
		expect(runMedpair(['tables', plain]).code).toBe(0);
	});
});
