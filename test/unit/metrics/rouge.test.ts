import { describe, expect, it } from 'vitest';
import { lcsLength } from '../../../src/lib/domain/metrics/lcs-length.ts';
import { lcsPrf } from '../../../src/lib/domain/metrics/lcs-prf.ts';
import { meanRougeL } from '../../../src/lib/domain/metrics/mean-rouge-l.ts';
import { porterStem } from '../../../src/lib/domain/metrics/porter-stem.ts';
import { rougeL } from '../../../src/lib/domain/metrics/rouge-l.ts';
import { rougeTokenize } from '../../../src/lib/domain/metrics/rouge-tokenize.ts';
import fixture from '../../fixtures/metrics/rouge-l.json' with { type: 'json' };

// google-research/rouge testdata/target.txt and prediction.txt, lines 1–2; the expected values are
// the ROUGE-1.5.5 runs asserted in google-research/rouge rouge_scorer_test.py.
const TARGETS = fixture.cases
	.slice(0, 4)
	.filter((c) => c.stem)
	.map((c) => c.reference);
const PREDICTIONS = fixture.cases
	.slice(0, 4)
	.filter((c) => c.stem)
	.map((c) => c.prediction);

/** ROUGE-1 from our tokens, only to reuse rouge_scorer_test.py's published stemmed values. */
function rouge1(target: string, prediction: string) {
	const t = rougeTokenize(target, porterStem);
	const p = rougeTokenize(prediction, porterStem);
	const counts = new Map<string, number>();
	for (const token of p) counts.set(token, (counts.get(token) ?? 0) + 1);
	let hits = 0;
	for (const token of t) {
		const c = counts.get(token) ?? 0;
		if (c > 0) {
			hits++;
			counts.set(token, c - 1);
		}
	}
	return { precision: hits / p.length, recall: hits / t.length };
}

describe('rougeL against google-research/rouge rouge_scorer_test.py', () => {
	it('testRougeLConsecutive / NonConsecutive: P 1, R 2/3, F 4/5', () => {
		for (const prediction of ['testing one', 'testing two']) {
			const score = rougeL('testing one two', prediction, { stem: false });
			expect(score.precision).toBeCloseTo(1, 12);
			expect(score.recall).toBeCloseTo(2 / 3, 12);
			expect(score.f1).toBeCloseTo(4 / 5, 12);
		}
	});

	it('testRougeEmpty: an empty prediction scores 0', () => {
		expect(rougeL('testing one two', '')).toEqual({ precision: 0, recall: 0, f1: 0 });
		expect(rougeL('', 'testing')).toEqual({ precision: 0, recall: 0, f1: 0 });
	});

	it('testRougeLAgainstRouge155 (no stemming), to 5 places', () => {
		const first = rougeL(TARGETS[0], PREDICTIONS[0], { stem: false });
		expect(first.recall).toBeCloseTo(0.40741, 5);
		expect(first.precision).toBeCloseTo(0.6875, 5);
		expect(first.f1).toBeCloseTo(0.51163, 5);
		const second = rougeL(TARGETS[1], PREDICTIONS[1], { stem: false });
		expect(second.recall).toBeCloseTo(0.40476, 5);
		expect(second.precision).toBeCloseTo(0.65385, 5);
		expect(second.f1).toBeCloseTo(0.5, 5);
	});

	it('testRouge1AgainstRouge155WithStemming: the stemmed tokens give the published overlap', () => {
		const second = rouge1(TARGETS[1], PREDICTIONS[1]);
		expect(second.recall).toBeCloseTo(0.42857, 5);
		expect(second.precision).toBeCloseTo(0.69231, 5);
		const first = rouge1(TARGETS[0], PREDICTIONS[0]);
		expect(first.recall).toBeCloseTo(0.40741, 5);
		expect(first.precision).toBeCloseTo(0.6875, 5);
	});

	it('testLcsTable: LCS of [1,2,3,4,5] and [2,5,3,4] is 3; none with [8,9]', () => {
		expect(lcsLength([1, 2, 3, 4, 5], [2, 5, 3, 4])).toBe(3);
		expect(lcsLength([1, 2, 3, 4, 5], [8, 9])).toBe(0);
		expect(lcsLength([], [1])).toBe(0);
	});
});

describe('rouge-score tokenisation', () => {
	it('lower-cases, splits on non-alphanumerics, stems only tokens longer than 3 characters', () => {
		expect(rougeTokenize('The Patients were RUNNING; x-rays: none!', porterStem)).toEqual([
			'the',
			'patient',
			'were',
			'run',
			'x',
			'ray',
			'none'
		]);
		expect(rougeTokenize('dies ties lies', porterStem)).toEqual(['die', 'tie', 'lie']);
		expect(rougeTokenize('ties', undefined)).toEqual(['ties']);
		expect(rougeTokenize('naïve café İstanbul', undefined)).toEqual([
			'na',
			've',
			'caf',
			'i',
			'stanbul'
		]);
	});
});

describe(`rougeL against the rouge-score port with NLTK ${fixture.nltk} (${fixture.cases.length} cases)`, () => {
	it('gives the same tokens and the same P / R / F1 to 1e-12', () => {
		for (const c of fixture.cases) {
			const stem = c.stem ? porterStem : undefined;
			expect(rougeTokenize(c.reference, stem)).toEqual(c.referenceTokens);
			expect(rougeTokenize(c.prediction, stem)).toEqual(c.predictionTokens);
			const score = rougeL(c.reference, c.prediction, { stem: c.stem });
			expect(score.precision).toBeCloseTo(c.precision, 12);
			expect(score.recall).toBeCloseTo(c.recall, 12);
			expect(score.f1).toBeCloseTo(c.f1, 12);
		}
	});

	it('meanRougeL is the mean of the per-pair scores, with and without stemming', () => {
		for (const stem of [true, false]) {
			const cases = fixture.cases.filter((c) => c.stem === stem);
			const mean = meanRougeL(cases, { stem });
			expect(mean.n).toBe(cases.length);
			const avg = (key: 'precision' | 'recall' | 'f1') =>
				cases.reduce((sum, c) => sum + c[key], 0) / cases.length;
			expect(mean.precision).toBeCloseTo(avg('precision'), 12);
			expect(mean.recall).toBeCloseTo(avg('recall'), 12);
			expect(mean.f1).toBeCloseTo(avg('f1'), 12);
		}
	});

	it('stems by default', () => {
		expect(rougeL('patients', 'patient').f1).toBe(1);
		expect(rougeL('patients', 'patient', { stem: false }).f1).toBe(0);
		expect(meanRougeL([{ reference: 'patients', prediction: 'patient' }]).f1).toBe(1);
	});

	it('scores no pairs as zeros rather than NaN', () => {
		expect(meanRougeL([])).toEqual({ precision: 0, recall: 0, f1: 0, n: 0 });
	});

	it('lcsPrf: intermediate quantities P = LCS/|pred|, R = LCS/|ref|', () => {
		expect(lcsPrf(3, 5, 4)).toEqual({ precision: 0.75, recall: 0.6, f1: (2 * 0.75 * 0.6) / 1.35 });
		expect(lcsPrf(0, 5, 4)).toEqual({ precision: 0, recall: 0, f1: 0 });
	});
});
