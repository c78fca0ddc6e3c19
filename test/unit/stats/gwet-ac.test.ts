import { describe, expect, it } from 'vitest';
import { agreementReport } from '../../../src/lib/domain/stats/agreement-report.ts';
import { FIVE, GWET_4_RATERS, longRatings, reference } from './helpers.ts';

// Expected values: Gwet (2014), Handbook of Inter-Rater Reliability, 4th ed., as reproduced by
// the test-suite of irrCAC (afergadis/irrCAC, test/unit/irrCAC/raw/test_gwet.py and
// test_fleiss.py, 3 decimals), which ports Gwet's own R package.
describe("Gwet's AC1 and AC2 (raw ratings, missing values)", () => {
	it('reproduces the handbook 4-rater example: AC1 .775 (p_a .818, p_e .190)', () => {
		const [r] = agreementReport(longRatings(GWET_4_RATERS), { categories: FIVE }).results;
		expect(r.components.gwet_ac1.observed).toBeCloseTo(0.818, 3);
		expect(r.components.gwet_ac1.expected).toBeCloseTo(0.19, 3);
		expect(r.gwet_ac1).toBeCloseTo(0.77544, 5);
		// p_a is percent agreement: 9 items in full agreement, items 2 and 8 at 3 of 4 (1/2), item 6 at 0.
		expect(r.percent_agreement).toBeCloseTo(9 / 11, 12);
	});

	it('reproduces AC2 with linear (.859; .939/.571) and quadratic (.914; .975/.714) weights', () => {
		const [r] = agreementReport(longRatings(GWET_4_RATERS), { categories: FIVE }).results;
		expect(r.gwet_ac2.linear).toBeCloseTo(0.859, 3);
		expect(r.components.gwet_ac2.linear.observed).toBeCloseTo(0.939, 3);
		expect(r.components.gwet_ac2.linear.expected).toBeCloseTo(0.571, 3);
		expect(r.gwet_ac2.quadratic).toBeCloseTo(0.914, 3);
		expect(r.components.gwet_ac2.quadratic.observed).toBeCloseTo(0.975, 3);
		expect(r.components.gwet_ac2.quadratic.expected).toBeCloseTo(0.714, 3);
	});

	// Handbook, 5 observers × 15 units on a 0–3 scale (irrCAC's raw_5observers): AC1 .497
	// (p_a .616, p_e .236); Fleiss' generalized κ .458 (p_e .291); Krippendorff's α .481.
	it('reproduces the 5-observer example', () => {
		const wide = {
			O1: [1, 1, 2, null, 0, 0, 1, 1, 2, 2, null, 0, 1, 3, 1],
			O2: [1, 1, 3, 0, 0, 0, 0, null, 2, 1, 1, 0, 2, 3, 1],
			O3: [2, 0, 3, 0, 0, 0, 2, 2, 2, 1, 0, 0, 2, 2, 1],
			O4: [null, 1, 3, null, null, null, null, 0, null, 1, 0, 0, 2, 2, null],
			O5: [2, null, null, 0, 0, 0, 1, null, 2, null, null, null, null, 3, 1]
		};
		const [r] = agreementReport(longRatings(wide), { categories: ['0', '1', '2', '3'] }).results;
		expect(r.gwet_ac1).toBeCloseTo(0.497, 3);
		expect(r.components.gwet_ac1.observed).toBeCloseTo(0.616, 3);
		expect(r.components.gwet_ac1.expected).toBeCloseTo(0.236, 3);
		expect(r.fleiss_kappa_generalized).toBeCloseTo(0.458, 3);
		expect(r.components.fleiss_kappa_generalized.expected).toBeCloseTo(0.291, 3);
		expect(r.krippendorff_alpha.nominal).toBeCloseTo(0.481, 3);
		expect(r.fleiss_kappa).toBeNull();
	});

	// irrCAC's raw_gender: 4 raters × 15 units, complete, categories a, b, c. AC1 .208
	// (p_a .456, p_e .312); Fleiss' κ .129 (p_e .375); Krippendorff's α .143.
	it('reproduces the complete 4-rater "gender" example, where classic Fleiss applies', () => {
		const wide = {
			R1: 'a a a a a b b b c a a a a a b'.split(' '),
			R2: 'a a a a b a b c c a a a a b a'.split(' '),
			R3: 'a b b c a a b b c a b b c a a'.split(' '),
			R4: 'c c c c a a b b c c c c c a a'.split(' ')
		};
		const [r] = agreementReport(longRatings(wide), { categories: ['a', 'b', 'c'] }).results;
		expect(r.gwet_ac1).toBeCloseTo(0.208, 3);
		// p_e = 0.3125 exactly, which irrCAC prints rounded to 0.312.
		expect(r.components.gwet_ac1.expected).toBeCloseTo(0.3125, 12);
		expect(r.fleiss_kappa).toBeCloseTo(0.129, 3);
		expect(r.components.fleiss_kappa.expected).toBeCloseTo(0.375, 3);
		expect(r.fleiss_kappa_generalized).toBeCloseTo(r.fleiss_kappa!, 12);
		expect(r.krippendorff_alpha.nominal).toBeCloseTo(0.143, 3);
	});

	it('matches the per-item formula of make_reference.py on random data with gaps', () => {
		const data = reference.random_ratings;
		const ratings = data.ratings.map((r: { item: string; rater: string; label: number }) => ({
			...r,
			label: String(r.label)
		}));
		const [r] = agreementReport(ratings, { categories: ['0', '1', '2', '3'] }).results;
		const pairs = [
			[r.gwet_ac1, r.components.gwet_ac1, data.gwet_ac1],
			[r.gwet_ac2.linear, r.components.gwet_ac2.linear, data.gwet_ac2_linear],
			[r.gwet_ac2.quadratic, r.components.gwet_ac2.quadratic, data.gwet_ac2_quadratic]
		] as const;
		for (const [value, parts, expected] of pairs) {
			expect(value).toBeCloseTo(expected.value, 12);
			expect(parts.observed).toBeCloseTo(expected.observed, 12);
			expect(parts.expected).toBeCloseTo(expected.expected, 12);
		}
	});

	it('stays defined (= 1) when everyone uses one category, where κ and α are undefined', () => {
		const wide = { A: ['tie', 'tie', 'tie'], B: ['tie', 'tie', 'tie'] };
		const [r] = agreementReport(longRatings(wide), { categories: ['loss', 'tie', 'win'] }).results;
		expect(r.gwet_ac1).toBe(1);
		expect(r.components.gwet_ac1.expected).toBe(0);
		expect(r.cohen_kappa).toEqual({ unweighted: null, linear: null, quadratic: null });
		expect(r.krippendorff_alpha.nominal).toBeNull();
	});
});
