/**
 * Few-shot settings (issue 15 §2): per-(model, setting) usefulness figures and BenchHealth
 * Figure 1's scenario averages. The fixture is small and invented; every expected value is
 * worked out by hand in the comments (scenario per BenchHealth Table 1: QA → reasoning,
 * summarization → generation, NER → understanding).
 */
import { describe, expect, it } from 'vitest';
import { aggregateModels } from '../../../src/lib/domain/metrics/aggregate-models.ts';
import { buildMetricsReport } from '../../../src/lib/domain/metrics/build-metrics-report.ts';
import { metricsTable } from '../../../src/lib/domain/metrics/metrics-table.ts';
import { parsePredictions } from '../../../src/lib/domain/metrics/parse-predictions.ts';
import { parseScores } from '../../../src/lib/domain/metrics/parse-scores.ts';
import { settingComparison } from '../../../src/lib/domain/metrics/setting-comparison.ts';
import { settingComparisonTable } from '../../../src/lib/domain/metrics/setting-comparison-table.ts';

const CSV = `model,dataset,task,score,setting
A,MedQA,qa,50,0-shot
A,PubMedQA,qa,70,0-shot
A,MIMIC-CXR,summarization,30,0-shot
A,BC5,ner,80,0-shot
A,NCBI,ner,60,0-shot
A,MedQA,qa,60,3-shot
A,PubMedQA,qa,80,3-shot
A,MIMIC-CXR,summarization,40,3-shot
A,BC5,ner,90,3-shot
B,MedQA,qa,40,0-shot
B,BC5,ner,20,0-shot
`;

function scores() {
	const parsed = parseScores(CSV, { format: 'csv' });
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
	return parsed.value.scores;
}

describe('scores files with a setting column', () => {
	it('keeps the setting on each score and allows one row per (model, dataset, setting)', () => {
		const s = scores();
		expect(s).toHaveLength(11);
		expect(s[5]).toEqual({
			model: 'A',
			dataset: 'MedQA',
			task: 'qa',
			score: 60,
			setting: '3-shot'
		});
	});

	it('still refuses the same (model, dataset) twice in one setting, with both lines', () => {
		const parsed = parseScores(`${CSV}A,MedQA,qa,55,3-shot\n`, { format: 'csv' });
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors).toEqual([
			{ line: 13, message: 'duplicate score: A on MedQA (3-shot) is already on line 7' }
		]);
	});
});

describe('usefulness split by setting (aggregateModels)', () => {
	it('gives one entry per (model, setting), each over its own scores', () => {
		const models = aggregateModels(scores());
		expect(models.map((m) => [m.model, m.setting, m.datasets])).toEqual([
			['A', '0-shot', 5],
			['A', '3-shot', 4],
			['B', '0-shot', 2]
		]);
		const [a0, a3, b0] = models;
		// A 0-shot: (50 + 70 + 30 + 80 + 60) / 5 = 58.
		expect(a0.generalizability).toBe(58);
		// SD(50, 70) = √200 = 14.142…, SD(80, 60) = √200; summarization has one dataset: skipped.
		expect(a0.robustness).toBeCloseTo(2 * Math.sqrt(200), 12);
		expect(a0.robustnessSkipped).toEqual(['summarization']);
		// A 3-shot: (60 + 80 + 40 + 90) / 4 = 67.5; only QA has two datasets: SD(60, 80) = √200.
		expect(a3.generalizability).toBe(67.5);
		expect(a3.robustness).toBeCloseTo(Math.sqrt(200), 12);
		expect(a3.robustnessSkipped).toEqual(['summarization', 'ner']);
		// B 0-shot: (40 + 20) / 2 = 30; no task with two datasets.
		expect(b0.generalizability).toBe(30);
		expect(b0.robustness).toBeNull();
	});

	it('leaves `setting` out when the scores have none (reports unchanged)', () => {
		const plain = scores().map(({ setting: _, ...rest }) => rest);
		const models = aggregateModels(plain.filter((s) => s.model === 'B'));
		expect(models).toHaveLength(1);
		expect('setting' in models[0]).toBe(false);
	});
});

describe('settingComparison (BenchHealth Figure 1)', () => {
	it('averages each scenario per model and setting, leaving out empty scenarios', () => {
		expect(settingComparison(scores())).toEqual([
			// A 0-shot: reasoning (50 + 70) / 2 = 60; generation 30; understanding (80 + 60) / 2 = 70.
			{ model: 'A', setting: '0-shot', scenario: 'reasoning', mean: 60, datasets: 2 },
			{ model: 'A', setting: '0-shot', scenario: 'generation', mean: 30, datasets: 1 },
			{ model: 'A', setting: '0-shot', scenario: 'understanding', mean: 70, datasets: 2 },
			// A 3-shot: reasoning (60 + 80) / 2 = 70; generation 40; understanding 90.
			{ model: 'A', setting: '3-shot', scenario: 'reasoning', mean: 70, datasets: 2 },
			{ model: 'A', setting: '3-shot', scenario: 'generation', mean: 40, datasets: 1 },
			{ model: 'A', setting: '3-shot', scenario: 'understanding', mean: 90, datasets: 1 },
			// B 0-shot: reasoning 40; no generation dataset; understanding 20.
			{ model: 'B', setting: '0-shot', scenario: 'reasoning', mean: 40, datasets: 1 },
			{ model: 'B', setting: '0-shot', scenario: 'understanding', mean: 20, datasets: 1 }
		]);
	});

	it('as a table: one row per (model, setting), a missing scenario is empty', () => {
		const table = settingComparisonTable(settingComparison(scores()));
		expect(table.columns.map((c) => c.key)).toEqual([
			'model',
			'setting',
			'reasoning',
			'reasoning_datasets',
			'generation',
			'generation_datasets',
			'understanding',
			'understanding_datasets'
		]);
		expect(table.rows[2]).toEqual({
			model: 'B',
			setting: '0-shot',
			reasoning: 40,
			reasoning_datasets: 1,
			generation: null,
			generation_datasets: null,
			understanding: 20,
			understanding_datasets: 1
		});
	});
});

describe('predictions with a setting (medpair metrics)', () => {
	const line = (setting: string, id: number, prediction: string) =>
		JSON.stringify({
			dataset: 'MedQA',
			task: 'qa',
			model: 'A',
			id,
			prediction,
			reference: 'A',
			setting
		});

	it('scores each setting separately and adds a Setting column to the table', () => {
		// 0-shot: 1 of 2 right = 50; 3-shot: 2 of 2 right = 100.
		const text = [
			line('0-shot', 1, 'A'),
			line('0-shot', 2, 'B'),
			line('3-shot', 1, 'A'),
			line('3-shot', 2, 'A')
		].join('\n');
		const parsed = parsePredictions(text);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		const report = buildMetricsReport(parsed.value);
		expect(report.scores.map((s) => [s.setting, s.score])).toEqual([
			['0-shot', 50],
			['3-shot', 100]
		]);
		const table = metricsTable(report);
		expect(table.columns.slice(0, 3).map((c) => c.key)).toEqual(['model', 'setting', 'MedQA']);
		expect(table.rows).toHaveLength(2);
		expect(table.rows[1]).toMatchObject({
			model: 'A',
			setting: '3-shot',
			MedQA: { value: 100, bold: true }
		});
	});

	it('refuses an empty setting and a duplicate id within one setting', () => {
		const parsed = parsePredictions(
			[line('', 1, 'A'), line('3-shot', 1, 'A'), line('3-shot', 1, 'B')].join('\n')
		);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors).toEqual([
			{ line: 1, message: '"setting" must be a non-empty string when given (e.g. "0-shot")' },
			{
				line: 3,
				message:
					'duplicate (dataset, model, id) = ("MedQA", "A", "1") in setting "3-shot"; first on line 2'
			}
		]);
	});
});
