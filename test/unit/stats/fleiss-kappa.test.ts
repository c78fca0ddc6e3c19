import { describe, expect, it } from 'vitest';
import { agreementReport } from '../../../src/lib/domain/stats/agreement-report.ts';
import { fleissKappa } from '../../../src/lib/domain/stats/fleiss-kappa.ts';
import { FIVE, GWET_4_RATERS, longRatings, ratingsFromCounts, reference } from './helpers.ts';

type FleissCase = { name: string; table: number[][]; kappa: number };
const cases: FleissCase[] = reference.fleiss_kappa;
const byName = (name: string) => cases.find((c) => c.name === name)!;
const categoriesFor = (table: number[][]) => table[0].map((_, k) => `c${k}`);

describe("Fleiss' kappa", () => {
	// Fleiss (1971), Psychol. Bull. 76:378, Table 1: 30 patients × 6 psychiatrists, 5 diagnoses.
	// Published: p_j = .144, .144, .167, .306, .239; P̄ = .556; P̄_e = .220; κ = .430.
	it('reproduces Fleiss (1971): P̄ .556, P̄_e .220, κ .430', () => {
		const { table } = byName('fleiss1971');
		const [r] = agreementReport(ratingsFromCounts(table, categoriesFor(table)), {
			categories: categoriesFor(table)
		}).results;
		expect(r.components.fleiss_kappa.observed).toBeCloseTo(0.5556, 4);
		expect(r.components.fleiss_kappa.expected).toBeCloseTo(0.2199, 4);
		expect(r.fleiss_kappa).toBeCloseTo(0.43, 3);
		// Complete data: Gwet's generalized form reduces to the classic one.
		expect(r.fleiss_kappa_generalized).toBeCloseTo(r.fleiss_kappa!, 12);
	});

	// Wikipedia, "Fleiss' kappa", worked example: 10 subjects × 14 raters, 5 categories.
	// Published: P̄ = 0.378, P̄_e = 0.213, κ = 0.210.
	it("reproduces Wikipedia's worked example: P̄ .378, P̄_e .213, κ .210", () => {
		const { table } = byName('wikipedia-14-raters');
		const [r] = agreementReport(ratingsFromCounts(table, categoriesFor(table)), {
			categories: categoriesFor(table)
		}).results;
		expect(r.components.fleiss_kappa.observed).toBeCloseTo(0.378, 3);
		expect(r.components.fleiss_kappa.expected).toBeCloseTo(0.213, 3);
		expect(r.fleiss_kappa).toBeCloseTo(0.21, 3);
	});

	it.each(cases.map((c) => [c.name, c] as const))(
		"equals statsmodels' fleiss_kappa on %s",
		(_, { table, kappa }) => {
			const categories = categoriesFor(table);
			const [r] = agreementReport(ratingsFromCounts(table, categories), { categories }).results;
			expect(r.fleiss_kappa).toBeCloseTo(kappa, 12);
		}
	);

	it('is null, pointing to the generalized form, when items have different numbers of ratings', () => {
		const [r] = agreementReport(longRatings(GWET_4_RATERS), { categories: FIVE }).results;
		expect(r.fleiss_kappa).toBeNull();
		expect(r.notes.join('\n')).toMatch(/fleiss_kappa: items have different numbers of ratings/);
		// Gwet (2014) p. 120 example, Fleiss' generalized κ .761 (p_a .818, p_e .239; irrCAC tests).
		expect(r.fleiss_kappa_generalized).toBeCloseTo(0.76117, 5);
		expect(r.components.fleiss_kappa_generalized.expected).toBeCloseTo(0.23872, 5);
	});

	it('ignores items with a single rating when checking the common number of ratings', () => {
		const ratings = longRatings({
			A: ['win', 'tie', 'loss', 'win'],
			B: ['win', 'tie', 'win', null],
			C: ['win', 'loss', 'loss', null]
		});
		const [r] = agreementReport(ratings, { categories: ['loss', 'tie', 'win'] }).results;
		expect(r.n_items_pairable).toBe(3);
		expect(r.fleiss_kappa).not.toBeNull();
	});

	it('is null with a reason when nothing is pairable or chance agreement is 1', () => {
		expect(fleissKappa(0, 0, [0, 0], null).reason).toBe('no item has two or more ratings');
		const one = fleissKappa(3, 3, [6, 0], 2);
		expect(one).toMatchObject({ value: null, observed: 1, expected: 1 });
		expect(one.reason).toMatch(/chance agreement is 1/);
	});
});
