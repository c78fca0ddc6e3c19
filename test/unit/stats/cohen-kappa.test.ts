import { describe, expect, it } from 'vitest';
import { agreementReport } from '../../../src/lib/domain/stats/agreement-report.ts';
import { agreementWeights } from '../../../src/lib/domain/stats/agreement-weights.ts';
import { cohenKappa } from '../../../src/lib/domain/stats/cohen-kappa.ts';
import { scottPi } from '../../../src/lib/domain/stats/scott-pi.ts';
import type { Rating } from '../../../src/lib/domain/stats/types.ts';
import { reference } from './helpers.ts';

type CohenCase = {
	name: string;
	q: number;
	rater_a: number[];
	rater_b: number[];
	unweighted: number;
	linear: number;
	quadratic: number;
};
const cases: CohenCase[] = reference.cohen_kappa_score;

const twoRaters = (a: number[], b: number[]): Rating[] =>
	a.flatMap((label, i) => [
		{ item: `i${i}`, rater: 'a', label: String(label) },
		{ item: `i${i}`, rater: 'b', label: String(b[i]) }
	]);

describe("Cohen's kappa", () => {
	// Wikipedia, "Cohen's kappa", worked example: 50 grant proposals read by A and B,
	// yes/yes 20, yes/no 5, no/yes 10, no/no 15. Published: p_o = 0.7, p_e = 0.5, κ = 0.4.
	it('reproduces the 2×2 textbook example: p_o .7, p_e .5, κ .4', () => {
		const table = [20, 5, 10, 15];
		const k = cohenKappa(table, 2, agreementWeights(2, 'identity'));
		expect(k.observed).toBeCloseTo(0.7, 15);
		expect(k.expected).toBeCloseTo(0.5, 15);
		expect(k.value).toBeCloseTo(0.4, 15);
		// Scott (1955): pooled marginals (.5 + .6)/2 = .55 and .45 → p_e = .505; π = .195/.495.
		const pi = scottPi(table, 2);
		expect(pi.expected).toBeCloseTo(0.505, 15);
		expect(pi.value).toBeCloseTo(0.195 / 0.495, 15);
	});

	it.each(cases.map((c) => [c.name, c] as const))(
		"equals scikit-learn's cohen_kappa_score (None, linear, quadratic) on %s",
		(_, c) => {
			const categories = Array.from({ length: c.q }, (_, k) => String(k));
			const [r] = agreementReport(twoRaters(c.rater_a, c.rater_b), { categories }).results;
			expect(r.cohen_kappa!.unweighted).toBeCloseTo(c.unweighted, 12);
			expect(r.cohen_kappa!.linear).toBeCloseTo(c.linear, 12);
			expect(r.cohen_kappa!.quadratic).toBeCloseTo(c.quadratic, 12);
			expect(r.pairwise).toHaveLength(1);
			expect(r.pairwise[0].cohen_kappa.linear).toBeCloseTo(c.linear, 12);
			// Two raters on every item: Fleiss' κ is Scott's π (Fleiss 1971, p. 379).
			expect(r.scott_pi).toBeCloseTo(r.fleiss_kappa!, 12);
		}
	);

	it('uses only the items both raters rated', () => {
		const ratings = [
			...twoRaters([0, 1, 2, 2], [0, 1, 2, 1]),
			{ item: 'extra', rater: 'a', label: '0' }
		];
		const [r] = agreementReport(ratings, { categories: ['0', '1', '2'] }).results;
		const [only] = agreementReport(twoRaters([0, 1, 2, 2], [0, 1, 2, 1]), {
			categories: ['0', '1', '2']
		}).results;
		expect(r.cohen_kappa).toEqual(only.cohen_kappa);
		expect(r.pairwise[0].n_common).toBe(4);
	});

	it('is null (not 0) when both raters use one and the same category throughout', () => {
		const k = cohenKappa([0, 0, 0, 9], 2, agreementWeights(2, 'identity'));
		expect(k).toMatchObject({ value: null, observed: 1, expected: 1 });
		expect(k.reason).toMatch(/chance agreement is 1/);
	});

	it('is 0 when agreement is exactly at chance', () => {
		// One item, raters disagree (loss vs win): p_o = 0, p_e = 0 → κ = 0, not undefined.
		const k = cohenKappa([0, 1, 0, 0], 2, agreementWeights(2, 'identity'));
		expect(k.value).toBe(0);
	});

	it('is null with a note for more than two raters; pairwise tables carry the pairs', () => {
		const ratings = [
			...twoRaters([0, 1, 1], [0, 1, 0]),
			...[0, 1, 1].map((label, i) => ({ item: `i${i}`, rater: 'c', label: String(label) }))
		];
		const [r] = agreementReport(ratings, { categories: ['0', '1'] }).results;
		expect(r.cohen_kappa).toBeNull();
		expect(r.scott_pi).toBeNull();
		expect(r.notes).toContain(
			'cohen_kappa, scott_pi: defined for exactly two raters; this dimension has 3 (see pairwise)'
		);
		expect(r.pairwise.map((p) => `${p.rater_a}-${p.rater_b}`)).toEqual(['a-b', 'a-c', 'b-c']);
		expect(r.pairwise[1].percent_agreement).toBe(1);
		expect(r.pairwise[1].cohen_kappa.unweighted).toBe(1);
	});
});
