import { describe, expect, it } from 'vitest';
import { agreementFromCodes } from '../../../src/lib/domain/stats/agreement-from-codes.ts';
import { agreementReport } from '../../../src/lib/domain/stats/agreement-report.ts';
import { FIVE, KRIPPENDORFF_2011, longRatings } from './helpers.ts';

describe('agreementFromCodes', () => {
	const ratings = longRatings(KRIPPENDORFF_2011);
	// Sparse, database-like ids: items 1000+unit, raters 7, 70, 700, 7000.
	const raterId: Record<string, number> = { A: 7, B: 70, C: 700, D: 7000 };
	const codes = {
		item: ratings.map((r) => 1000 + Number(r.item.slice(1))),
		rater: ratings.map((r) => raterId[r.rater]),
		category: ratings.map((r) => FIVE.indexOf(r.label))
	};

	it('gives the same numbers as agreementReport on Krippendorff (2011)', () => {
		const names: string[] = [];
		for (const [name, id] of Object.entries(raterId)) names[id] = name;
		const fromCodes = agreementFromCodes(codes, {
			categories: FIVE,
			values: [1, 2, 3, 4, 5],
			raterNames: names
		});
		const fromStrings = agreementReport(ratings, { categories: FIVE, values: [1, 2, 3, 4, 5] });
		expect(fromCodes).toEqual(fromStrings);
		expect(fromCodes.results[0].krippendorff_alpha.nominal).toBeCloseTo(0.743, 3);
	});

	it('bootstraps over the given clusters', () => {
		const cluster = codes.item.map((item) => Math.floor(item / 3));
		const [r] = agreementFromCodes(
			{ ...codes, cluster },
			{ categories: FIVE, bootstrap: { B: 100, seed: 3 } }
		).results;
		expect(r.bootstrap).toMatchObject({ cluster: 'prompt', n_clusters: 5 });
		expect(r.pairwise[0]).toMatchObject({ rater_a: '7', rater_b: '70' });
	});

	it('rejects out-of-range categories, duplicates and items in two clusters', () => {
		expect(() =>
			agreementFromCodes({ item: [1], rater: [1], category: [5] }, { categories: FIVE })
		).toThrow(/category codes/);
		expect(() =>
			agreementFromCodes({ item: [1, 1], rater: [2, 2], category: [0, 1] }, { categories: FIVE })
		).toThrow(/more than once/);
		expect(() =>
			agreementFromCodes(
				{ item: [1, 1], rater: [2, 3], category: [0, 1], cluster: [0, 1] },
				{ categories: FIVE }
			)
		).toThrow(/more than one cluster/);
	});
});
