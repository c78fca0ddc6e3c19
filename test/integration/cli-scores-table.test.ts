/** `medpair scores-table` as users run it: the paper's Table 5 rebuilt from its own rows. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import all from '../fixtures/metrics/benchhealth-table5-all.json';
import { runMedpair } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'medpair-scores-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
	const path = join(dir, name);
	writeFileSync(path, text);
	return path;
}

const medpair = (...args: string[]) => runMedpair(args);
const info = new Map(all.models.map((m) => [m.model, m]));
const isReference = (model: string) => 'reference' in info.get(model)!;
const csv = (rows: typeof all.rows) =>
	[
		'model,dataset,task,score,kind,params',
		...rows.map((r) => {
			const m = info.get(r.model)!;
			return `${r.model},${r.dataset},${r.task},${r.score},${m.kind ?? ''},${m.params ?? ''}`;
		})
	].join('\n') + '\n';
// The paper's Table 5 split as a user would have it: the models' scores and a small reference file.
const scores = file('table5.csv', csv(all.rows.filter((r) => !isReference(r.model))));
const reference = file('reference.csv', csv(all.rows.filter((r) => isReference(r.model))));
const snapshot = (name: string) =>
	readFileSync(join(import.meta.dirname, '../unit/metrics/__snapshots__', name), 'utf8');

describe('medpair scores-table', () => {
	it('--format md prints the Table 5 of the unit snapshot, then the signature', () => {
		const { code, stdout, stderr } = medpair(
			'scores-table',
			scores,
			'--reference',
			reference,
			'--format',
			'md'
		);
		expect(stderr).toBe('');
		expect(code).toBe(0);
		expect(stdout.startsWith(snapshot('table5.md'))).toBe(true);
		expect(stdout).toMatch(
			/\nSignature: `scores-table\|scale=0-100\+0-100\|scenarios=benchhealth-table1\|best=max-over-all-rows\|references=4\|version=[^`]+`\n$/
		);
	});

	it('--format latex is the booktabs table of the unit snapshot, with the signature as a comment', () => {
		const { code, stdout } = medpair(
			'scores-table',
			scores,
			'--reference',
			reference,
			'--format',
			'latex'
		);
		expect(code).toBe(0);
		const expected = snapshot('table5.tex').replace('\\end{table}\n', '');
		expect(stdout.startsWith(expected)).toBe(true);
		expect(stdout).toContain('\\cmidrule(lr){4-8} \\cmidrule(lr){9-11} \\cmidrule(lr){12-16}');
		expect(stdout).toMatch(/% signature: scores-table\|/);
	});

	it('without references: no bold from the SOTA row, GPT-4 is not there either', () => {
		const open = file('open.csv', csv(all.rows.filter((r) => !isReference(r.model))));
		const { stdout } = medpair('scores-table', open, '--format', 'md');
		expect(stdout).not.toContain('SOTA');
		expect(stdout).toContain('| Medical LLMs | ChatGLM-Med | 6B |');
		// Best open model on MedQA is LLaMA-2-70B (45.8), on IU-Xray LLaMA-2-13B (9.1).
		expect(stdout).toContain('| General LLMs | ChatGLM | 6B | 25.7 |');
		expect(stdout).toMatch(/\| LLaMA-2-70B \| 70B \| \*\*45\.8\*\* \|/);
	});

	it('refuses a model in both files, and a model with two kinds, with the line', () => {
		const both = medpair('scores-table', scores, '--reference', scores);
		expect(both.code).toBe(1);
		expect(both.stderr).toMatch(/ChatGLM is in both .* and the reference file/);
		const twoKinds = file(
			'kinds.csv',
			'model,dataset,task,score,kind\nm,A,qa,1,general\nm,B,qa,2,medical\n'
		);
		const bad = medpair('scores-table', twoKinds);
		expect(bad.code).toBe(1);
		expect(bad.stderr).toContain('line 3: m has kind "medical" here but "general" on line 2');
	});
});
