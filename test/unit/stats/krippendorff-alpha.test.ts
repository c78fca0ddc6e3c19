import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { agreementReport } from '../../../src/lib/domain/stats/agreement-report.ts';
import { clusterStatistics } from '../../../src/lib/domain/stats/cluster-statistics.ts';
import { encodeRatings } from '../../../src/lib/domain/stats/encode-ratings.ts';
import { agreementWeights } from '../../../src/lib/domain/stats/agreement-weights.ts';
import { krippendorffAlpha } from '../../../src/lib/domain/stats/krippendorff-alpha.ts';
import { statisticsLayout } from '../../../src/lib/domain/stats/statistics-layout.ts';
import { FIVE, KRIPPENDORFF_2011, longRatings, reference } from './helpers.ts';

function coincidenceOf(wide: Record<string, (number | null)[]>, categories: string[]) {
	const encoded = encodeRatings(longRatings(wide), categories);
	const q = categories.length;
	const layout = statisticsLayout(q, false);
	const rows = clusterStatistics(
		encoded,
		layout,
		agreementWeights(q, 'linear'),
		agreementWeights(q, 'quadratic')
	);
	const total = new Float64Array(q * q);
	for (let at = 0; at < rows.length; at += layout.size) {
		for (let j = 0; j < q * q; j++) total[j] += rows[at + layout.coincidence + j];
	}
	return total;
}

describe("Krippendorff's alpha", () => {
	// Krippendorff (2011), 4 observers × 12 units with missing values. Its coincidence matrix,
	// by hand (unit by unit, each pair weighted 1/(m_u − 1)): diagonal 7, 10, 8, 4, 3;
	// o_12 = 1 (unit 8) + 1/3 (unit 6) = 4/3; o_23 = 1 (unit 2) + 1/3 = 4/3; o_13 = o_14 = o_24 =
	// o_34 = 1/3 (unit 6 only); value 5 only with itself. Marginals n_c = 9, 13, 10, 5, 3; n = 40.
	it('builds the coincidence matrix of Krippendorff (2011)', () => {
		const o = coincidenceOf(KRIPPENDORFF_2011, FIVE);
		const at = (c: number, k: number) => o[(c - 1) * 5 + (k - 1)];
		expect([1, 2, 3, 4, 5].map((c) => at(c, c))).toEqual([7, 10, 8, 4, 3]);
		expect(at(1, 2)).toBeCloseTo(4 / 3, 12);
		expect(at(2, 1)).toBeCloseTo(4 / 3, 12);
		expect(at(2, 3)).toBeCloseTo(4 / 3, 12);
		for (const [c, k] of [
			[1, 3],
			[1, 4],
			[2, 4],
			[3, 4]
		]) {
			expect(at(c, k)).toBeCloseTo(1 / 3, 12);
			expect(at(k, c)).toBeCloseTo(1 / 3, 12);
		}
		expect(at(5, 1) + at(5, 2) + at(5, 3) + at(5, 4)).toBe(0);
		const marginals = [0, 1, 2, 3, 4].map((c) => o.slice(c * 5, c * 5 + 5).reduce((a, b) => a + b));
		marginals.forEach((n, c) => expect(n).toBeCloseTo([9, 13, 10, 5, 3][c], 12));
	});

	it('gives the published nominal, ordinal, interval and ratio values (.743, .815, .849, .797)', () => {
		const [result] = agreementReport(longRatings(KRIPPENDORFF_2011), {
			categories: FIVE,
			values: [1, 2, 3, 4, 5]
		}).results;
		// Nominal: α = 1 − (n − 1) Σ_{c≠k} o_ck / (n² − Σ n_c²) = 1 − 39·8/1216 = 904/1216.
		expect(result.krippendorff_alpha.nominal).toBeCloseTo(904 / 1216, 12);
		expect(result.components.krippendorff_alpha.nominal.observed).toBeCloseTo(8 / 40, 12);
		expect(result.components.krippendorff_alpha.nominal.expected).toBeCloseTo(1216 / (40 * 39), 12);
		expect(result.krippendorff_alpha.ordinal).toBeCloseTo(0.815, 3);
		expect(result.krippendorff_alpha.interval).toBeCloseTo(0.849, 3);
		expect(result.krippendorff_alpha.ratio).toBeCloseTo(0.797, 3);
		// Unit 12 has a single value and is not pairable; 41 ratings, 11 pairable units.
		expect(result.n_ratings).toBe(41);
		expect(result.n_items_pairable).toBe(11);
	});

	// The 3-coder, 15-unit example of Wikipedia's "Krippendorff's alpha" article; values as
	// asserted by pln-fing-udelar/fast-krippendorff's tests (nominal 0.691358, interval 0.810845).
	it('matches the 3-coder, 15-unit example (nominal .691358, interval .810845)', () => {
		const wide = {
			A: [null, null, null, null, null, 3, 4, 1, 2, 1, 1, 3, 3, null, 3],
			B: [1, null, 2, 1, 3, 3, 4, 3, null, null, null, null, null, null, null],
			C: [null, null, 2, 1, 3, 4, 4, null, 2, 1, 1, 3, 3, null, 4]
		};
		const [result] = agreementReport(longRatings(wide), {
			categories: ['1', '2', '3', '4']
		}).results;
		expect(result.krippendorff_alpha.nominal).toBeCloseTo(0.691358, 6);
		expect(result.krippendorff_alpha.interval).toBeCloseTo(0.810845, 6);
	});

	// make_reference.py enumerates value pairs directly (no coincidence matrix).
	it('matches an independent pair-enumeration computation on random data with gaps', () => {
		const data = reference.random_ratings;
		const categories = ['0', '1', '2', '3'];
		const ratings = data.ratings.map((r: { item: string; rater: string; label: number }) => ({
			...r,
			label: String(r.label)
		}));
		const [result] = agreementReport(ratings, { categories, values: data.values }).results;
		for (const level of ['nominal', 'ordinal', 'interval', 'ratio'] as const) {
			const expected = data.krippendorff_alpha[level];
			expect(result.krippendorff_alpha[level]).toBeCloseTo(expected.alpha, 12);
			expect(result.components.krippendorff_alpha[level].observed).toBeCloseTo(
				expected.observed,
				10
			);
			expect(result.components.krippendorff_alpha[level].expected).toBeCloseTo(
				expected.expected,
				10
			);
		}
	});

	it('is null with a reason when nothing is pairable or every value is the same', () => {
		const empty = krippendorffAlpha(new Float64Array(4), 'nominal', [0, 1]);
		expect(empty).toMatchObject({ value: null, reason: 'no unit has two or more ratings' });
		const same = krippendorffAlpha(Float64Array.from([6, 0, 0, 0]), 'interval', [0, 1]);
		expect(same.value).toBeNull();
		expect(same.observed).toBe(0);
		expect(same.reason).toMatch(/expected disagreement is 0/);
	});

	it('is 1 under perfect agreement at every level', () => {
		const wide = { A: [1, 2, 3, 4], B: [1, 2, 3, 4], C: [1, 2, 3, 4] };
		const [result] = agreementReport(longRatings(wide), {
			categories: ['1', '2', '3', '4'],
			values: [1, 2, 3, 4]
		}).results;
		expect(result.krippendorff_alpha).toEqual({ nominal: 1, ordinal: 1, interval: 1, ratio: 1 });
	});
});

describe("Krippendorff's alpha under rescaling (issue #15, differential testing)", () => {
	const alphaOf = (
		values: number[],
		wide: Record<string, (number | null)[]> = KRIPPENDORFF_2011,
		categories = FIVE
	) => agreementReport(longRatings(wide), { categories, values }).results[0].krippendorff_alpha;

	// Interval α depends on the values only through (v_c − v_k)², a common factor of D_o and D_e.
	// Before the fix, values 1e-7..5e-7 gave null ("all pairable values are equal").
	it('keeps the published interval .849 and ratio .797 with values 1e-7 … 5e-7', () => {
		const tiny = alphaOf([1e-7, 2e-7, 3e-7, 4e-7, 5e-7]);
		expect(tiny.interval).toBeCloseTo(0.849, 3);
		expect(tiny.interval).toBeCloseTo(alphaOf([1, 2, 3, 4, 5]).interval!, 12);
		expect(tiny.ratio).toBeCloseTo(0.797, 3);
	});

	it('gives interval α for --values 1e-7,2e-7,3e-7 equal to 1,2,3', () => {
		const wide = { A: [1, 2, 3, 1, 2, 3, 3], B: [1, 2, 3, 2, 2, 3, 2] };
		const categories = ['1', '2', '3'];
		const base = alphaOf([1, 2, 3], wide, categories).interval!;
		// By hand: coincidences o_11 = 2, o_22 = 4, o_33 = 4, o_12 = o_21 = 1, o_23 = o_32 = 1;
		// n = (3, 6, 5), 14 values; D_o = 4/14; D_e = 2(3·6·1 + 3·5·4 + 6·5·1)/(14·13) = 216/182;
		// α = 1 − (4/14)/(216/182) = 1 − 52/216.
		expect(base).toBeCloseTo(1 - 52 / 216, 12);
		expect(alphaOf([1e-7, 2e-7, 3e-7], wide, categories).interval).toBeCloseTo(base, 12);
	});

	it('ratio α with values near 10⁶ is defined (≈ interval α on 1, 2, 3)', () => {
		const wide = { A: [1, 2, 3, 1, 2, 3, 3], B: [1, 2, 3, 2, 2, 3, 2] };
		const categories = ['1', '2', '3'];
		// ((a − b)/(a + b))² ≈ (a − b)²/(4·10¹²): proportional to the interval distance up to ~1e-6.
		const near = alphaOf([1e6 + 1, 1e6 + 2, 1e6 + 3], wide, categories).ratio;
		expect(near).not.toBeNull();
		expect(near).toBeCloseTo(1 - 52 / 216, 5);
	});

	it('stays exact where the squared values under- or overflow (1e-170, 1e170, ratio near 1e308)', () => {
		const wide = { A: [1, 2, 3, 1, 2, 3, 3], B: [1, 2, 3, 2, 2, 3, 2] };
		const categories = ['1', '2', '3'];
		const base = 1 - 52 / 216; // by hand, the test above
		for (const a of [1e-170, 1e170, 1e-300, 1e300]) {
			const alpha = alphaOf([a, 2 * a, 3 * a], wide, categories);
			expect(alpha.interval).toBeCloseTo(base, 12);
		}
		const ratio = alphaOf([1, 2, 3], wide, categories).ratio!;
		expect(alphaOf([1e307, 2e307, 3e307], wide, categories).ratio).toBeCloseTo(ratio, 12);
		expect(alphaOf([4e307, 8e307, 12e307], wide, categories).ratio).toBeCloseTo(ratio, 12);
	});

	it('is still null when every pairable value is equal, at any scale', () => {
		const same = { A: [2, 2, 2], B: [2, 2, 2] };
		for (const values of [
			[1, 2, 3],
			[1e-7, 2e-7, 3e-7]
		]) {
			const alpha = alphaOf(values, same, ['1', '2', '3']);
			expect(alpha.interval).toBeNull();
			expect(alpha.ratio).toBeNull();
		}
	});

	it('interval α is invariant under v → a·v + b and ratio α under v → a·v (property)', () => {
		const categories = ['0', '1', '2', '3'];
		fc.assert(
			fc.property(
				fc.array(
					fc.array(fc.option(fc.integer({ min: 0, max: 3 })), { minLength: 6, maxLength: 6 }),
					{
						minLength: 2,
						maxLength: 4
					}
				),
				fc.array(fc.double({ min: 0.5, max: 10, noNaN: true }), { minLength: 4, maxLength: 4 }),
				fc.integer({ min: -12, max: 12 }),
				fc.double({ min: -1e3, max: 1e3, noNaN: true }),
				(raters, values, exponent, shift) => {
					const wide = Object.fromEntries(raters.map((column, r) => [`R${r}`, column]));
					if (longRatings(wide).length === 0) return;
					const a = 10 ** exponent;
					const base = alphaOf(values, wide, categories);
					const scaled = alphaOf(
						values.map((v) => v * a),
						wide,
						categories
					);
					const shifted = alphaOf(
						values.map((v) => v * a + shift * a),
						wide,
						categories
					);
					for (const [x, y] of [
						[base.interval, scaled.interval],
						[base.interval, shifted.interval],
						[base.ratio, scaled.ratio]
					]) {
						if (x === null) expect(y).toBeNull();
						else expect(y).toBeCloseTo(x, 9);
					}
				}
			),
			{ numRuns: 200, seed: 15 }
		);
	});
});
