import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benjaminiHochbergAdjust } from '../../../src/lib/domain/stats/benjamini-hochberg-adjust.ts';
import { holmAdjust } from '../../../src/lib/domain/stats/holm-adjust.ts';
import { tablesReport } from '../../../src/lib/domain/stats/tables-report.ts';
import type { Outcome } from '../../../src/lib/domain/stats/types.ts';

// Benjamini & Hochberg (1995), JRSS B 57:289, §4.2: the 15 p-values of Neuhaus et al. (1992).
// At level .05 the Bonferroni bound .05/15 rejects three; the FDR procedure rejects four
// (p_(4) = .0095 ≤ 4/15·.05 = .0133, p_(5) = .0201 > 5/15·.05 = .0167).
const NEUHAUS = [
	0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719,
	0.6528, 0.759, 1
];

describe('Holm and Benjamini–Hochberg adjusted p-values', () => {
	it('BH on the Benjamini–Hochberg (1995) example: four rejections at .05, the adjusted values by hand', () => {
		const bh = benjaminiHochbergAdjust(NEUHAUS) as number[];
		expect(bh.filter((p) => p <= 0.05)).toHaveLength(4);
		// m·p_(i)/i, then the running minimum from the largest p down (statsmodels 'fdr_bh').
		const expected = [
			0.0015,
			0.003,
			0.0095,
			0.035625,
			0.0603,
			0.0298 * (15 / 7),
			0.0298 * (15 / 7),
			0.0645,
			0.0765,
			0.486,
			0.4262 * (15 / 11),
			0.5719 * (15 / 12),
			0.6528 * (15 / 13),
			0.759 * (15 / 14),
			1
		];
		bh.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 12));
	});

	it('Holm on the same example: three rejections at .05 (as Bonferroni), the adjusted values by hand', () => {
		const holm = holmAdjust(NEUHAUS) as number[];
		expect(holm.filter((p) => p <= 0.05)).toHaveLength(3);
		// (m − i + 1)·p_(i), then the running maximum (Holm 1979; statsmodels 'holm').
		const expected = [0.0015, 0.0056, 0.0247, 0.114, 0.2211, 0.278, 0.278, 0.278, 0.3213];
		expected.forEach((p, i) => expect(holm[i]).toBeCloseTo(p, 12));
		expect(holm.slice(9)).toEqual([1, 1, 1, 1, 1, 1]);
	});

	it('gives tied p-values equal adjusted values, keeps input order and nulls', () => {
		const input = [0.04, null, 0.01, 0.04, 0.03, null];
		// m = 4, sorted .01, .03, .04, .04. Holm: .04, max(.04, .09) = .09, max(.09, .08), max(.09, .04).
		expect(holmAdjust(input)).toEqual([
			expect.closeTo(0.09, 15),
			null,
			expect.closeTo(0.04, 15),
			expect.closeTo(0.09, 15),
			expect.closeTo(0.09, 15),
			null
		]);
		// BH: 4·.04/4 = .04 (both ties), then min(.04, 4·.03/2 = .06) = .04, 4·.01/1 = .04.
		expect(benjaminiHochbergAdjust(input)).toEqual([
			expect.closeTo(0.04, 15),
			null,
			expect.closeTo(0.04, 15),
			expect.closeTo(0.04, 15),
			expect.closeTo(0.04, 15),
			null
		]);
		expect(holmAdjust([])).toEqual([]);
		expect(benjaminiHochbergAdjust([null])).toEqual([null]);
	});

	it('are monotone in p, at least p, at most 1, BH ≤ Holm, and independent of input order (property)', () => {
		const pValue = fc.oneof(
			fc.double({ min: 0, max: 1, noNaN: true }),
			fc.constantFrom(0.05, 0.5, 1)
		);
		fc.assert(
			fc.property(fc.array(pValue, { minLength: 1, maxLength: 40 }), (ps) => {
				const holm = holmAdjust(ps) as number[];
				const bh = benjaminiHochbergAdjust(ps) as number[];
				ps.forEach((p, i) => {
					expect(holm[i]).toBeGreaterThanOrEqual(p);
					expect(bh[i]).toBeGreaterThanOrEqual(p);
					expect(holm[i]).toBeLessThanOrEqual(1);
					expect(bh[i]).toBeLessThanOrEqual(holm[i] * (1 + 1e-12)); // up to rounding
					ps.forEach((q, j) => {
						if (p <= q) {
							expect(holm[i]).toBeLessThanOrEqual(holm[j]);
							expect(bh[i]).toBeLessThanOrEqual(bh[j]);
						}
					});
				});
				const reversed = [...ps].reverse();
				expect(holmAdjust(reversed)).toEqual([...holm].reverse());
				expect(benjaminiHochbergAdjust(reversed)).toEqual([...bh].reverse());
			}),
			{ numRuns: 300, seed: 15 }
		);
	});
});

describe('adjusted p-values in tablesReport', () => {
	it('adjust over every cell with a win or a loss, all dimensions together; all-tie cells are left out', () => {
		const outcomes: Outcome[] = [];
		const add = (model: string, dimension: string, results: string) =>
			[...results].forEach((r, i) =>
				outcomes.push({
					prompt: `q${i}`,
					model,
					opponent: 'gpt-4',
					dimension,
					outcome: r === 'w' ? 'win' : r === 'l' ? 'loss' : 'tie'
				})
			);
		add('a', 'faithfulness', 'wwwwwwww'); // sign test 8 vs 0: p = 2/256
		add('b', 'faithfulness', 'wwwwwwl'); // 6 vs 1: p = 16/128
		add('a', 'robustness', 'ttttt'); // no test
		add('b', 'robustness', 'wl'); // 1 vs 1: p = 1
		const report = tablesReport(outcomes);
		const cell = (model: string, dimension: string) =>
			report.cells.find((c) => c.model === model && c.dimension === dimension)!;
		expect(cell('a', 'faithfulness').sign_test_p_two_sided).toBeCloseTo(2 / 256, 15);
		expect(cell('b', 'faithfulness').sign_test_p_two_sided).toBeCloseTo(16 / 128, 15);
		// Family of 3: Holm 3·2/256, max(2·.125, ·) = .25, 1; BH 3·(2/256)/1, 3·.125/2 = .1875, 1.
		expect(cell('a', 'faithfulness').p_holm).toBeCloseTo(6 / 256, 15);
		expect(cell('b', 'faithfulness').p_holm).toBeCloseTo(0.25, 15);
		expect(cell('b', 'robustness').p_holm).toBe(1);
		expect(cell('a', 'faithfulness').p_bh).toBeCloseTo(6 / 256, 15);
		expect(cell('b', 'faithfulness').p_bh).toBeCloseTo(0.1875, 15);
		expect(cell('a', 'robustness')).toMatchObject({ p_holm: null, p_bh: null });
		expect(report.signature).toContain('|p-adjust:holm+bh,family=all-cells-with-win-or-loss|');
	});
});
