import { describe, expect, it } from 'vitest';
import { accuracy } from '../../../src/lib/domain/metrics/accuracy.ts';
import { microPrf } from '../../../src/lib/domain/metrics/micro-prf.ts';
import { scoreDataset } from '../../../src/lib/domain/metrics/score-dataset.ts';

describe('accuracy', () => {
	it('compares trimmed, case-insensitive strings', () => {
		const pairs = [
			{ prediction: ' D ', reference: 'd' },
			{ prediction: 'Yes', reference: 'yes' },
			{ prediction: 'maybe', reference: 'no' },
			{ prediction: 'A)', reference: 'A' }
		];
		expect(accuracy(pairs)).toBe(0.5);
	});
	it('refuses no examples', () => {
		expect(() => accuracy([])).toThrow('accuracy: no examples, accuracy is undefined');
	});
});

describe('microPrf', () => {
	// The paper's §3 example: reference [A, B], prediction [A, C] → P = R = 1/2.
	it('BenchHealth §3: ground truth [Content_A, Content_B], model [Content_A, Content_C]', () => {
		const prf = microPrf([
			{ prediction: ['Content_A', 'Content_C'], reference: ['Content_A', 'Content_B'] }
		]);
		expect(prf).toMatchObject({ tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
	});
	it('sums counts over examples before dividing (micro), on sets of trimmed lower-cased labels', () => {
		const prf = microPrf([
			{ prediction: ['Diabetes', ' diabetes ', 'asthma'], reference: ['diabetes'] },
			{ prediction: [], reference: ['cancer', 'CANCER', 'stroke'] },
			{ prediction: 'effect', reference: 'Effect' },
			{ prediction: ['', '  '], reference: [] }
		]);
		expect(prf).toMatchObject({ tp: 2, fp: 1, fn: 2 });
		expect(prf.precision).toBeCloseTo(2 / 3, 15);
		expect(prf.recall).toBeCloseTo(2 / 4, 15);
		expect(prf.f1).toBeCloseTo((2 * 2) / (2 * 2 + 1 + 2), 15);
	});
	it('gives 0, not NaN, when nothing is predicted or nothing is expected', () => {
		expect(microPrf([{ prediction: [], reference: ['a'] }])).toEqual({
			precision: 0,
			recall: 0,
			f1: 0,
			tp: 0,
			fp: 0,
			fn: 1
		});
		expect(microPrf([])).toMatchObject({ precision: 0, recall: 0, f1: 0 });
	});
});

describe('scoreDataset', () => {
	it('qa: accuracy 0–100 for score, precision and recall', () => {
		const s = scoreDataset('qa', [
			{ prediction: 'A', reference: 'a' },
			{ prediction: 'B', reference: 'c' }
		]);
		expect(s).toEqual({ n: 2, score: 50, precision: 50, recall: 50 });
	});
	it('summarization: mean ROUGE-L F1 with its P / R', () => {
		const s = scoreDataset('summarization', [
			{ prediction: 'testing one', reference: 'testing one two' },
			{ prediction: 'patient', reference: 'patients' }
		]);
		expect(s.score).toBeCloseTo(100 * ((4 / 5 + 1) / 2), 12);
		expect(s.precision).toBeCloseTo(100, 12);
		expect(s.recall).toBeCloseTo(100 * ((2 / 3 + 1) / 2), 12);
		const noStem = scoreDataset(
			'summarization',
			[{ prediction: 'patient', reference: 'patients' }],
			{ stem: false }
		);
		expect(noStem.score).toBe(0);
	});
	it('generation: corpus BLEU with ROUGE-L P / R', () => {
		const s = scoreDataset('generation', [
			{ prediction: 'am I am a character sequence', reference: 'I am a symbol string sequence a a' }
		]);
		const p = [4 / 6, 2 / 5, 1 / 4, 1 / 6];
		const bleu =
			100 * Math.exp(1 - 8 / 6) * Math.exp(p.reduce((sum, x) => sum + Math.log(x), 0) / 4);
		expect(s.score).toBeCloseTo(bleu, 10);
		// ROUGE-L: LCS("am i am a character sequence", "i am a symbol string sequence a a") = 4.
		expect(s.precision).toBeCloseTo((100 * 4) / 6, 12);
		expect(s.recall).toBeCloseTo((100 * 4) / 8, 12);
	});
	it('set tasks: micro F1 / P / R', () => {
		const s = scoreDataset('ner', [{ prediction: ['a', 'c'], reference: ['a', 'b'] }]);
		expect(s).toEqual({ n: 1, score: 50, precision: 50, recall: 50 });
	});
	it('refuses label sets for text tasks and empty datasets', () => {
		expect(() => scoreDataset('qa', [{ prediction: ['a'], reference: 'a' }])).toThrow(
			'task qa takes text, not label sets'
		);
		expect(() => scoreDataset('ner', [])).toThrow('no examples to score');
	});
});
