/** `medpair usefulness` as users run it: a child process on score files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import table5 from '../fixtures/metrics/benchhealth-table5.json';
import { runMedpair } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'medpair-usefulness-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
	const path = join(dir, name);
	writeFileSync(path, text);
	return path;
}

const medpair = (...args: string[]) => runMedpair(args);

// BenchHealth Table 5 rows for ChatGLM, ChatGLM-Med, DoctorGLM (source in the fixture).
const rows = table5.rows;
const csv = (list: typeof rows, scale = 1) =>
	[
		'model,dataset,task,score',
		...list.map((r) => `${r.model},${r.dataset},${r.task},${r.score * scale}`)
	].join('\n') + '\n';
const table5Csv = file('table5.csv', csv(rows));
const table5Jsonl = file('table5.jsonl', rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

describe('medpair usefulness on BenchHealth Table 5', () => {
	it('--json: robustness 21.09 / 22.39 / 21.29, the paper’s 21.1 / 22.4 / 21.3 (§5.5 d)', () => {
		for (const input of [table5Csv, table5Jsonl]) {
			const { code, stdout, stderr } = medpair('usefulness', input, '--json');
			expect(stderr).toBe('');
			expect(code).toBe(0);
			const report = JSON.parse(stdout);
			expect(Object.keys(report)).toEqual(['signature', 'scale', 'models']);
			expect(report.signature).toMatch(
				/^usefulness\|scale=0-100\|robustness=sd,tasks=qa\+summarization\+ner\|version=/
			);
			expect(report.scale).toEqual({ input: '0-100', output: '0-100' });
			const byModel = report.models.map((m: { model: string; robustness: number }) => [
				m.model,
				m.robustness
			]);
			expect(byModel.map(([m]: [string]) => m)).toEqual(['ChatGLM', 'ChatGLM-Med', 'DoctorGLM']);
			expect(byModel[0][1]).toBeCloseTo(21.091996688, 8);
			expect(byModel[1][1]).toBeCloseTo(22.389729172, 8);
			expect(byModel[2][1]).toBeCloseTo(21.293125202, 8);
			expect(byModel.map(([, r]: [string, number]) => r.toFixed(1))).toEqual([
				'21.1',
				'22.4',
				'21.3'
			]);
			expect(report.models[0]).toMatchObject({
				faithfulness: null,
				comprehensiveness: null,
				generalizability: expect.closeTo(366 / 13, 10),
				robustnessSkipped: [],
				datasets: 13
			});
		}
	});

	it('prints the figures to the paper’s precision, the scale and the signature', () => {
		const { code, stdout } = medpair('usefulness', table5Csv);
		expect(code).toBe(0);
		expect(stdout).toContain('Input scores on the 0–100 scale: every figure is on 0–100.');
		expect(stdout).toMatch(/ChatGLM .* 21\.1 /);
		expect(stdout).toMatch(/ChatGLM-Med .* 22\.4 /);
		expect(stdout).toMatch(/DoctorGLM .* 21\.3 /);
		expect(stdout).toContain(
			'signature: usefulness|scale=0-100|robustness=sd,tasks=qa+summarization+ner|'
		);
	});

	it('--robustness variance sums sample variances and says so in the signature', () => {
		const report = JSON.parse(
			medpair('usefulness', table5Csv, '--robustness', 'variance', '--json').stdout
		);
		expect(report.models[0].robustness).toBeCloseTo(206.245, 9);
		expect(report.signature).toContain('|robustness=variance,tasks=qa+summarization+ner|');
	});

	it('--robustness-tasks picks the tasks; tasks with fewer than two datasets are listed', () => {
		const report = JSON.parse(
			medpair('usefulness', table5Csv, '--robustness-tasks', 'relation,treatment', '--json').stdout
		);
		expect(report.models[0].robustness).toBeCloseTo(2.5 / Math.SQRT2, 10);
		expect(report.models[0].robustnessSkipped).toEqual(['treatment']);
		expect(report.signature).toContain('robustness=sd,tasks=relation+treatment');
		const bad = medpair('usefulness', table5Csv, '--robustness-tasks', 'qa,radiology');
		expect(bad.code).toBe(1);
		expect(bad.stderr).toMatch(/--robustness-tasks needs distinct tasks of qa, /);
	});

	it('detects the 0–1 scale, says so, and reports on 0–100', () => {
		const fractions = file('fractions.csv', csv(rows, 0.01));
		const report = JSON.parse(medpair('usefulness', fractions, '--json').stdout);
		expect(report.scale).toEqual({ input: '0-1', output: '0-100' });
		expect(report.signature).toContain('|scale=0-1,x100|');
		expect(report.models[0].robustness).toBeCloseTo(21.091996688, 8);
		expect(medpair('usefulness', fractions).stdout).toContain(
			'Input scores on the 0–1 scale, multiplied by 100: every figure is on 0–100.'
		);
	});

	it('sums precisions and recalls when given; CSV at full precision, notes on stderr', () => {
		const path = file(
			'prf.csv',
			'model,dataset,task,score,precision,recall\nm,A,qa,50,40,60\nm,B,qa,70,80,20\n'
		);
		const report = JSON.parse(medpair('usefulness', path, '--json').stdout);
		expect(report.models[0]).toMatchObject({
			faithfulness: 120,
			faithfulnessMean: 60,
			comprehensiveness: 80,
			comprehensivenessMean: 40,
			generalizability: 60,
			robustness: expect.closeTo(Math.sqrt(200), 12),
			robustnessSkipped: ['summarization', 'ner']
		});
		const out = medpair('usefulness', path, '--format', 'csv');
		expect(out.stdout.split('\n')[0]).toBe(
			'model,faithfulness,faithfulness_mean,comprehensiveness,comprehensiveness_mean,generalizability,robustness,datasets,robustness_skipped'
		);
		expect(out.stdout.split('\n')[1]).toBe(
			`m,120,60,80,40,60,${Math.sqrt(200)},2,summarization ner`
		);
		expect(out.stderr).toContain('signature: usefulness|scale=0-100|');
	});
});

describe('medpair usefulness input errors', () => {
	it('lists every problem with its line, exit code 1, nothing on stdout', () => {
		const path = file(
			'bad.csv',
			[
				'model,dataset,task,score,precision',
				'a,MedQA,qa,50,40',
				'a,MedQA,qa,60,40', // duplicate
				'a,IU,radiology,10,5', // unknown task
				'a,MMLU,qa,abc,5', // not a number
				'a,MedMCQA,ner,30,2', // first sight of MedMCQA: its task is ner
				'b,MedMCQA,qa,30,', // dataset task clash
				'b,X,qa,130,1', // out of range
				',Y,qa,1,1' // missing model
			].join('\n')
		);
		const { code, stdout, stderr } = medpair('usefulness', path);
		expect(code).toBe(1);
		expect(stdout).toBe('');
		expect(stderr).toContain(`${path}: 6 errors, nothing computed`);
		expect(stderr).toContain('line 3: duplicate score: a on MedQA is already on line 2');
		expect(stderr).toContain('line 4: unknown task "radiology" (expected one of qa, ');
		expect(stderr).toContain('line 5: score must be a number from 0 to 100, not "abc"');
		expect(stderr).toContain('line 7: dataset MedMCQA has task "qa" here but "ner" on line 6');
		expect(stderr).toContain('line 8: score must be a number from 0 to 100, not "130"');
		expect(stderr).toContain('line 9: missing model');
	});

	it('refuses mixed scales, naming the model and its line', () => {
		const path = file(
			'mixed.csv',
			'model,dataset,task,score\na,MedQA,qa,50\na,PubMedQA,qa,70\nb,MedQA,qa,0.4\nb,PubMedQA,qa,0.6\n'
		);
		const { code, stderr } = medpair('usefulness', path);
		expect(code).toBe(1);
		expect(stderr).toContain('line 4: b: every value is at most 1 while other rows go up to 70');
		// The user can say the scale when such values are right.
		expect(medpair('usefulness', path, '--scale', '0-100').code).toBe(0);
	});

	it('refuses precisions on some of a model’s rows only, and a missing column', () => {
		const partial = file(
			'partial.csv',
			'model,dataset,task,score,precision\na,MedQA,qa,50,40\na,PubMedQA,qa,70,\n'
		);
		expect(medpair('usefulness', partial).stderr).toContain(
			"line 3: missing precision: a has one on line 2; give it on all of a's rows or none"
		);
		const noScore = file('noscore.csv', 'model,dataset,task\na,MedQA,qa\n');
		expect(medpair('usefulness', noScore).stderr).toContain('line 1: missing column "score"');
	});

	it('is listed in --help', () => {
		expect(medpair('--help').stdout).toContain('usefulness');
	});
});

describe('medpair usefulness with few-shot settings', () => {
	// Invented scores; hand-computed: A 0-shot reasoning (50 + 70) / 2 = 60, understanding 80;
	// A 3-shot reasoning (60 + 80) / 2 = 70, understanding 90.
	const settings = file(
		'settings.csv',
		[
			'model,dataset,task,score,setting',
			'A,MedQA,qa,50,0-shot',
			'A,PubMedQA,qa,70,0-shot',
			'A,BC5,ner,80,0-shot',
			'A,MedQA,qa,60,3-shot',
			'A,PubMedQA,qa,80,3-shot',
			'A,BC5,ner,90,3-shot'
		].join('\n') + '\n'
	);

	it('splits the figures by setting (JSON carries the setting)', () => {
		const { code, stdout } = medpair('usefulness', settings, '--json');
		expect(code).toBe(0);
		const report = JSON.parse(stdout);
		expect(
			report.models.map((m: { setting: string; generalizability: number }) => [
				m.setting,
				m.generalizability
			])
		).toEqual([
			['0-shot', (50 + 70 + 80) / 3],
			['3-shot', (60 + 80 + 90) / 3]
		]);
	});

	it('--scenarios prints the Figure 1 comparison as CSV', () => {
		const { code, stdout } = medpair('usefulness', settings, '--scenarios', '--format', 'csv');
		expect(code).toBe(0);
		expect(stdout.trim().split(/\r?\n/)).toEqual([
			'model,setting,reasoning,reasoning_datasets,generation,generation_datasets,understanding,understanding_datasets',
			'A,0-shot,60,2,,,80,1',
			'A,3-shot,70,2,,,90,1'
		]);
	});
});
