import { describe, expect, it } from 'vitest';
import { aggregateModels } from '../../../src/lib/domain/metrics/aggregate-models.ts';
import type { DatasetScore, Task } from '../../../src/lib/domain/metrics/types.ts';

const row = (
	model: string,
	dataset: string,
	task: Task,
	score: number,
	precision: number,
	recall: number
): DatasetScore => ({
	model,
	dataset,
	task,
	n: 10,
	score,
	precision,
	recall
});

describe('aggregateModels (BenchHealth §3 usefulness figures)', () => {
	// GPT-4's matching scores in BenchHealth Table 5 on the four QA datasets and the two radiology
	// summarization datasets; precision / recall are invented to check the sums.
	const scores = [
		row('gpt-4', 'MedQA', 'qa', 81.2, 81.2, 81.2),
		row('gpt-4', 'MedMCQA', 'qa', 74.6, 74.6, 74.6),
		row('gpt-4', 'MMLU', 'qa', 90.8, 90.8, 90.8),
		row('gpt-4', 'PubMedQA', 'qa', 76.6, 76.6, 76.6),
		row('gpt-4', 'MIMIC-CXR', 'summarization', 15.2, 20, 12),
		row('gpt-4', 'IU-Xray', 'summarization', 11.4, 14, 10),
		row('gpt-4', 'ChatDoctor', 'treatment', 13.7, 30, 9),
		row('alpaca', 'MedQA', 'qa', 34.2, 34.2, 34.2)
	];
	const [gpt4, alpaca] = aggregateModels(scores);

	it('faithfulness and comprehensiveness are sums of precisions and recalls, with means', () => {
		expect(gpt4.faithfulness).toBeCloseTo(81.2 + 74.6 + 90.8 + 76.6 + 20 + 14 + 30, 10);
		expect(gpt4.comprehensiveness).toBeCloseTo(81.2 + 74.6 + 90.8 + 76.6 + 12 + 10 + 9, 10);
		expect(gpt4.faithfulnessMean).toBeCloseTo(gpt4.faithfulness! / 7, 10);
		expect(gpt4.comprehensivenessMean).toBeCloseTo(gpt4.comprehensiveness! / 7, 10);
		expect(gpt4.datasets).toBe(7);
	});

	it('generalizability is the mean matching score', () => {
		expect(gpt4.generalizability).toBeCloseTo(
			(81.2 + 74.6 + 90.8 + 76.6 + 15.2 + 11.4 + 13.7) / 7,
			10
		);
	});

	// Contract change (ARCHITECTURE §6, issue #15): robustness was the Σ of population variances
	// over every task with ≥ 2 datasets (39.06 + 3.61 here); it is now the Σ of sample SDs over the
	// paper's QA, summarization and NER.
	it('robustness sums sample SDs over QA, summarization and NER with two or more datasets', () => {
		// QA: mean 80.8, squared deviations 0.16, 38.44, 100, 17.64 → 156.24 / 3 = 52.08 → SD 7.2167.
		// Summarization: mean 13.3, deviations ±1.9 → 7.22 / 1 → SD 2.6870. Treatment is not a
		// robustness task; NER has no dataset: skipped and listed.
		expect(gpt4.robustness).toBeCloseTo(Math.sqrt(52.08) + Math.sqrt(7.22), 10);
		expect(gpt4.robustnessSkipped).toEqual(['ner']);
	});

	it('robustness is null when no task has two datasets', () => {
		expect(alpaca).toMatchObject({
			model: 'alpaca',
			robustness: null,
			generalizability: 34.2,
			datasets: 1
		});
	});
});
