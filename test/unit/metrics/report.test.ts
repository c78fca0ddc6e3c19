import { describe, expect, it } from 'vitest';
import { formatTable } from '../../../src/lib/domain/export/format.ts';
import { buildMetricsReport } from '../../../src/lib/domain/metrics/build-metrics-report.ts';
import { metricsSignature } from '../../../src/lib/domain/metrics/metrics-signature.ts';
import { metricsTable } from '../../../src/lib/domain/metrics/metrics-table.ts';
import { parsePredictions } from '../../../src/lib/domain/metrics/parse-predictions.ts';
import type { Prediction } from '../../../src/lib/domain/metrics/types.ts';
import { MEDPAIR_VERSION } from '../../../src/lib/domain/version.ts';

const records = [
	{ dataset: 'MedQA', task: 'qa', model: 'gpt-4', id: 1, prediction: 'A', reference: 'a' },
	{ dataset: 'MedQA', task: 'qa', model: 'gpt-4', id: 2, prediction: 'B', reference: 'B' },
	{ dataset: 'PubMedQA', task: 'qa', model: 'gpt-4', id: 1, prediction: 'yes', reference: 'no' },
	{ dataset: 'MedQA', task: 'qa', model: 'alpaca', id: 1, prediction: 'C', reference: 'a' },
	{ dataset: 'MedQA', task: 'qa', model: 'alpaca', id: 2, prediction: 'B', reference: 'B' },
	{
		dataset: 'BC5',
		task: 'ner',
		model: 'gpt-4',
		id: 1,
		prediction: ['a', 'c'],
		reference: ['a', 'b']
	},
	{
		dataset: 'IU-Xray',
		task: 'summarization',
		model: 'alpaca',
		id: 1,
		prediction: 'testing one',
		reference: 'testing one two'
	}
];

function predictions(): Prediction[] {
	const parsed = parsePredictions(records.map((r) => JSON.stringify(r)).join('\n'));
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
	return parsed.value;
}

describe('buildMetricsReport', () => {
	const report = buildMetricsReport(predictions());

	it('scores every (model, dataset) in first-appearance order with n, score, precision, recall', () => {
		expect(report.scores).toEqual([
			{
				model: 'gpt-4',
				dataset: 'MedQA',
				task: 'qa',
				n: 2,
				score: 100,
				precision: 100,
				recall: 100
			},
			{ model: 'gpt-4', dataset: 'PubMedQA', task: 'qa', n: 1, score: 0, precision: 0, recall: 0 },
			{ model: 'gpt-4', dataset: 'BC5', task: 'ner', n: 1, score: 50, precision: 50, recall: 50 },
			{ model: 'alpaca', dataset: 'MedQA', task: 'qa', n: 2, score: 50, precision: 50, recall: 50 },
			{
				model: 'alpaca',
				dataset: 'IU-Xray',
				task: 'summarization',
				n: 1,
				score: expect.closeTo(80, 10),
				precision: expect.closeTo(100, 10),
				recall: expect.closeTo(200 / 3, 10)
			}
		]);
	});

	it('adds the usefulness figures per model and the signature', () => {
		expect(report.models[0]).toEqual({
			model: 'gpt-4',
			faithfulness: 150,
			faithfulnessMean: 50,
			comprehensiveness: 150,
			comprehensivenessMean: 50,
			generalizability: 50,
			// Contract change (ARCHITECTURE §6, issue #15): QA scores 100 and 0 → sample SD √5000
			// (was the population variance 2500); BC5 is the only NER dataset, summarization has none.
			robustness: expect.closeTo(Math.sqrt(5000), 10),
			robustnessTasks: [{ task: 'qa', datasets: 2, spread: expect.closeTo(Math.sqrt(5000), 10) }],
			robustnessSkipped: ['summarization', 'ner'],
			datasets: 3
		});
		expect(report.models[1]).toMatchObject({ model: 'alpaca', robustness: null, datasets: 2 });
		expect(report.signature).toBe(metricsSignature());
	});

	it('has a signature that names stemming, BLEU settings and the version', () => {
		expect(metricsSignature()).toBe(
			// Contract change (issue #15): the robustness reading joins the signature.
			`rougeL:stem=1,tok=rouge-score|bleu:nrefs=1,case=mixed,tok=13a,smooth=exp|qa:extract=exact,case=insensitive|f1:micro,case=insensitive|robustness=sd,tasks=qa+summarization+ner|version=${MEDPAIR_VERSION}`
		);
		expect(metricsSignature({ stem: false })).toMatch(/^rougeL:stem=0,/);
		expect(buildMetricsReport(predictions(), { stem: false }).signature).toMatch(/^rougeL:stem=0,/);
	});
});

describe('metricsTable (BenchHealth Table 5 layout)', () => {
	const table = metricsTable(buildMetricsReport(predictions()));

	it('has a model column, datasets grouped by task, then the usefulness figures', () => {
		expect(table.columns.map((c) => [c.key, c.group ?? ''])).toEqual([
			['model', ''],
			['MedQA', 'QA'],
			['PubMedQA', 'QA'],
			['BC5', 'NER'],
			['IU-Xray', 'Summarization'],
			['faithfulness', 'Usefulness'],
			['comprehensiveness', 'Usefulness'],
			['generalizability', 'Usefulness'],
			['robustness', 'Usefulness']
		]);
	});

	it('rounds to one decimal, bolds the best per column (lowest robustness), leaves gaps empty', () => {
		expect(table.rows).toEqual([
			{
				model: 'gpt-4',
				MedQA: { value: 100, bold: true },
				PubMedQA: 0,
				BC5: 50,
				'IU-Xray': null,
				faithfulness: { value: 150, bold: true }, // a tie: both are bold
				comprehensiveness: { value: 150, bold: true },
				generalizability: 50,
				robustness: 70.7 // sample SD of 100 and 0 (was the population variance 2500)
			},
			{
				model: 'alpaca',
				MedQA: 50,
				PubMedQA: null,
				BC5: null,
				'IU-Xray': 80,
				faithfulness: { value: 150, bold: true },
				comprehensiveness: 116.7,
				generalizability: { value: 65, bold: true },
				robustness: null
			}
		]);
		expect(table.signature).toBe(metricsSignature());
	});

	it('renders through the export formatters', () => {
		const csv = formatTable(table, 'csv');
		expect(csv.split('\n')[0]).toBe(
			'model,MedQA,PubMedQA,BC5,IU-Xray,faithfulness,comprehensiveness,generalizability,robustness'
		);
		expect(csv.split('\n')[1]).toBe('gpt-4,100,0,50,,150,150,50,70.7');
		expect(formatTable(table, 'md')).toContain('**100**');
	});

	it('keeps dataset columns apart from reserved keys', () => {
		const clash = metricsTable(
			buildMetricsReport([
				{
					line: 1,
					dataset: 'model',
					task: 'qa',
					model: 'm',
					id: '1',
					prediction: 'a',
					reference: 'a'
				}
			])
		);
		expect(clash.columns.map((c) => c.key).slice(0, 2)).toEqual(['model', 'dataset:model']);
	});
});
