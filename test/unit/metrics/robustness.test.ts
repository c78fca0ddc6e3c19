import { describe, expect, it } from 'vitest';
import { aggregateModels } from '../../../src/lib/domain/metrics/aggregate-models.ts';
import { robustness } from '../../../src/lib/domain/metrics/robustness.ts';
import type { UsefulnessInput } from '../../../src/lib/domain/metrics/types.ts';
import { usefulnessSignature } from '../../../src/lib/domain/metrics/usefulness-signature.ts';
import table5 from '../../fixtures/metrics/benchhealth-table5.json';

// BenchHealth Table 5 (zero-shot scores) for ChatGLM, ChatGLM-Med and DoctorGLM, tasks from its
// Table 1: see the fixture's "source". §5.5 (d) prints robustness 21.1 / 22.4 / 21.3.
const rows = table5.rows as UsefulnessInput[];
const of = (model: string) => rows.filter((r) => r.model === model);

describe('robustness (BenchHealth §3, §5.5 d)', () => {
	it('reproduces the printed 21.1 / 22.4 / 21.3 from Table 5 (Σ of sample SDs over QA, summarization, NER)', () => {
		const printed = table5.printed.robustness as Record<string, number>;
		for (const [model, value] of Object.entries(printed)) {
			expect(robustness(of(model)).value!.toFixed(1)).toBe(value.toFixed(1));
		}
	});

	it('gives the unrounded 21.09 / 22.39 / 21.29, with each task’s SD', () => {
		// By hand: ChatGLM QA 25.7, 24.2, 33.5, 53.0 → mean 34.1, Σ(x − x̄)² = 526.14, /3 → SD 13.2431;
		// summarization 13.3, 7.5 → SD 4.1012; NER 37.2, 31.9 → SD 3.7477. Sum 21.0920.
		const chatglm = robustness(of('ChatGLM'));
		expect(chatglm.value).toBeCloseTo(21.091996688, 8);
		expect(chatglm.tasks.map((t) => [t.task, t.datasets])).toEqual([
			['qa', 4],
			['summarization', 2],
			['ner', 2]
		]);
		expect(chatglm.tasks[0].spread).toBeCloseTo(Math.sqrt(526.14 / 3), 10);
		expect(chatglm.tasks[1].spread).toBeCloseTo(5.8 / Math.SQRT2, 10);
		expect(chatglm.skipped).toEqual([]);
		expect(robustness(of('ChatGLM-Med')).value).toBeCloseTo(22.389729172, 8);
		expect(robustness(of('DoctorGLM')).value).toBeCloseTo(21.293125202, 8);
	});

	it('the variance reading sums sample variances (n − 1): 206.245 for ChatGLM', () => {
		// 526.14 / 3 + 5.8² / 2 + 5.3² / 2 = 175.38 + 16.82 + 14.045.
		expect(robustness(of('ChatGLM'), { robustness: 'variance' }).value).toBeCloseTo(206.245, 9);
	});

	it('is not the old definition: population variances over every task with two datasets gave 148.5', () => {
		// Issue #15: medpair printed 148.5 / 190.8 / 190.7 (QA, summarization, NER and relation).
		const value = robustness(of('ChatGLM'), { robustness: 'variance' }).value!;
		expect(value).not.toBeCloseTo(148.5, 1);
	});

	it('skips and lists robustness tasks with fewer than two datasets; null when none counts', () => {
		const some = robustness([
			{ task: 'qa', score: 10 },
			{ task: 'qa', score: 20 },
			{ task: 'ner', score: 5 },
			{ task: 'relation', score: 1 },
			{ task: 'relation', score: 99 }
		]);
		expect(some.value).toBeCloseTo(Math.sqrt(50), 12);
		expect(some.skipped).toEqual(['summarization', 'ner']);
		expect(robustness([{ task: 'qa', score: 10 }])).toEqual({
			value: null,
			tasks: [],
			skipped: ['qa', 'summarization', 'ner']
		});
	});

	it('other task sets are an option, recorded in the signature', () => {
		const value = robustness(of('ChatGLM'), { robustnessTasks: ['relation'] }).value;
		expect(value).toBeCloseTo(2.5 / Math.SQRT2, 12); // DDI 34.1, GAD 36.6
		expect(usefulnessSignature()).toBe('robustness=sd,tasks=qa+summarization+ner');
		expect(usefulnessSignature({ robustness: 'variance', robustnessTasks: ['qa', 'ner'] })).toBe(
			'robustness=variance,tasks=qa+ner'
		);
	});
});

describe('aggregateModels on BenchHealth Table 5', () => {
	const models = aggregateModels(rows);

	it('keeps first-appearance order and uses robustness()', () => {
		expect(models.map((m) => m.model)).toEqual(['ChatGLM', 'ChatGLM-Med', 'DoctorGLM']);
		expect(models.map((m) => Number(m.robustness!.toFixed(1)))).toEqual([21.1, 22.4, 21.3]);
	});

	it('generalizability is the mean of all matching scores (13 datasets; 12 for ChatGLM-Med)', () => {
		// ChatGLM: Σ of its 13 Table 5 scores = 366.0 → 28.1538…
		expect(models[0].generalizability).toBeCloseTo(366 / 13, 10);
		expect(models[0].datasets).toBe(13);
		expect(models[1].datasets).toBe(12);
	});

	it('faithfulness and comprehensiveness are null without precisions and recalls', () => {
		expect(models[0]).toMatchObject({
			faithfulness: null,
			faithfulnessMean: null,
			comprehensiveness: null,
			comprehensivenessMean: null
		});
	});
});
