import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMedpair } from '../../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'medpair-metrics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, lines: (object | string)[]): string {
	const path = join(dir, name);
	writeFileSync(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
	return path;
}

const medpair = (...args: string[]) => runMedpair(args);

const good = file('good.jsonl', [
	{ dataset: 'MedQA', task: 'qa', model: 'gpt-4', id: 1, prediction: 'A', reference: 'a' },
	{ dataset: 'MedQA', task: 'qa', model: 'alpaca', id: 1, prediction: 'B', reference: 'a' },
	{
		dataset: 'IU-Xray',
		task: 'summarization',
		model: 'gpt-4',
		id: 1,
		prediction: 'patient',
		reference: 'patients'
	},
	{
		dataset: 'MIMIC-III',
		task: 'generation',
		model: 'gpt-4',
		id: 1,
		prediction: 'am I am a character sequence',
		reference: 'I am a symbol string sequence a a'
	}
]);

describe('medpair metrics', () => {
	it('--json prints the report shape of issue 6', () => {
		const { code, stdout } = medpair('metrics', good, '--json');
		expect(code).toBe(0);
		const report = JSON.parse(stdout);
		expect(Object.keys(report)).toEqual(['signature', 'scores', 'models']);
		expect(report.signature).toMatch(/^rougeL:stem=1,.*bleu:.*tok=13a,smooth=exp.*version=/);
		expect(report.scores[0]).toEqual({
			model: 'gpt-4',
			dataset: 'MedQA',
			task: 'qa',
			n: 1,
			score: 100,
			precision: 100,
			recall: 100
		});
		expect(report.scores[1]).toMatchObject({ dataset: 'IU-Xray', score: 100 });
		// sacreBLEU's statistics example (test_bleu.py): p = 4/6, 2/5, 1/4, exp-smoothed 1/6; BP e^(1 − 8/6).
		const p = [4 / 6, 2 / 5, 1 / 4, 1 / 6];
		const bleu = 100 * Math.exp(1 - 8 / 6 + p.reduce((s, x) => s + Math.log(x), 0) / 4);
		expect(report.scores[2].score).toBeCloseTo(bleu, 10);
		expect(Object.keys(report.models[0])).toEqual(
			expect.arrayContaining([
				'model',
				'faithfulness',
				'comprehensiveness',
				'generalizability',
				'robustness'
			])
		);
		expect(report.models.map((m: { model: string }) => m.model)).toEqual(['gpt-4', 'alpaca']);
	});

	it('--no-stem turns Porter stemming off and says so in the signature', () => {
		const report = JSON.parse(medpair('metrics', good, '--json', '--no-stem').stdout);
		expect(report.signature).toMatch(/^rougeL:stem=0,/);
		expect(report.scores[1]).toMatchObject({ dataset: 'IU-Xray', score: 0 });
	});

	it('--robustness and --robustness-tasks reach the usefulness figures and the signature', () => {
		const two = file('two-qa.jsonl', [
			{ dataset: 'MedQA', task: 'qa', model: 'm', id: 1, prediction: 'A', reference: 'A' },
			{ dataset: 'PubMedQA', task: 'qa', model: 'm', id: 1, prediction: 'no', reference: 'yes' }
		]);
		const sd = JSON.parse(medpair('metrics', two, '--json').stdout);
		expect(sd.signature).toContain('|robustness=sd,tasks=qa+summarization+ner|');
		expect(sd.models[0].robustness).toBeCloseTo(Math.sqrt(5000), 10); // sample SD of 100 and 0
		const variance = JSON.parse(
			medpair('metrics', two, '--json', '--robustness', 'variance', '--robustness-tasks', 'qa')
				.stdout
		);
		expect(variance.signature).toContain('|robustness=variance,tasks=qa|');
		expect(variance.models[0].robustness).toBeCloseTo(5000, 10);
		expect(medpair('metrics', two, '--robustness', 'range').code).not.toBe(0);
	});

	it('prints the Table 5 layout by default and in csv / md / latex', () => {
		const text = medpair('metrics', good);
		expect(text.code).toBe(0);
		expect(text.stdout).toContain('QA/MedQA');
		expect(text.stdout).toContain('signature: rougeL:stem=1');
		const csv = medpair('metrics', good, '--format', 'csv').stdout.split('\n');
		expect(csv[0]).toBe(
			'model,MedQA,IU-Xray,MIMIC-III,faithfulness,comprehensiveness,generalizability,robustness'
		);
		expect(csv[2]).toBe('alpaca,0,,,0,0,0,');
		expect(medpair('metrics', good, '--format', 'md').stdout).toContain('| **100** |');
		expect(medpair('metrics', good, '--format', 'latex').stdout).toContain('\\begin{tabular}');
	});

	it('names every bad line on stderr, prints nothing on stdout and exits non-zero', () => {
		const bad = file('bad.jsonl', [
			{ dataset: 'MedQA', task: 'qa', model: 'm', id: 1, prediction: 'A', reference: 'A' },
			'{not json',
			{ dataset: 'MedQA', task: 'qa', model: 'm', id: 1, prediction: 'A', reference: 'A' },
			{ dataset: 'X', task: 'poetry', model: 'm', id: 1, prediction: 'A', reference: 'A' }
		]);
		const { code, stdout, stderr } = medpair('metrics', bad, '--json');
		expect(code).toBe(1);
		expect(stdout).toBe('');
		expect(stderr).toContain('bad.jsonl: 3 errors, nothing computed');
		expect(stderr).toMatch(/line 2: invalid JSON/);
		expect(stderr).toContain(
			'line 3: duplicate (dataset, model, id) = ("MedQA", "m", "1"); first on line 1'
		);
		expect(stderr).toContain('line 4: unknown task "poetry"');
	});

	it('says what to fix for a missing file and conflicting options', () => {
		expect(medpair('metrics', join(dir, 'missing.jsonl'))).toMatchObject({
			code: 1,
			stderr: expect.stringContaining('cannot read'),
			stdout: ''
		});
		expect(medpair('metrics', good, '--json', '--format', 'md').stderr).toContain(
			'use either --json or --format, not both'
		);
		expect(medpair('metrics', good, '--format', 'xls').code).not.toBe(0);
	});

	it('--qa-extract reads option letters from free text and says so in the signature', () => {
		const free = file('free.jsonl', [
			{
				dataset: 'MedQA',
				task: 'qa',
				model: 'm',
				id: 1,
				prediction: 'The answer is (B).',
				reference: 'B'
			},
			{ dataset: 'MedQA', task: 'qa', model: 'm', id: 2, prediction: 'Answer: b', reference: 'B' },
			{ dataset: 'MedQA', task: 'qa', model: 'm', id: 3, prediction: 'C) Aspirin', reference: 'D' }
		]);
		const exact = JSON.parse(medpair('metrics', free, '--json').stdout);
		expect(exact.scores[0].score).toBe(0);
		const letter = JSON.parse(medpair('metrics', free, '--json', '--qa-extract', 'letter').stdout);
		expect(letter.scores[0].score).toBeCloseTo(200 / 3, 12);
		expect(letter.signature).toContain('|qa:extract=letter,case=insensitive|');
		const bad = medpair('metrics', free, '--qa-extract', 'first-letter');
		expect(bad.code).not.toBe(0);
		expect(bad.stderr).toContain('--qa-extract must be exact, letter or regex:<pattern>');
	});
	it('is listed in --help', () => {
		expect(medpair('--help').stdout).toMatch(/metrics \[options\] <predictions\.jsonl>/);
	});
});
