import { describe, expect, it } from 'vitest';
import { agreementReport } from '../../../src/lib/domain/stats/agreement-report.ts';
import type { Rating } from '../../../src/lib/domain/stats/types.ts';
import { longRatings, numbersIn } from './helpers.ts';

const LTW = ['loss', 'tie', 'win'];

/** No NaN, no infinity anywhere in a report: undefined values must be null with a reason. */
function expectFinite(value: unknown) {
	for (const [path, n] of numbersIn(value)) expect(Number.isFinite(n), path).toBe(true);
}

describe('agreementReport', () => {
	it('gives one result per dimension, in order of appearance, with counts', () => {
		const ratings: Rating[] = [
			...longRatings({ a: ['win', 'tie'], b: ['win', 'loss'] }, { dimension: 'faithfulness' }),
			...longRatings(
				{ a: ['tie', null], b: ['tie', 'win'], c: ['loss', null] },
				{
					dimension: 'robustness'
				}
			)
		];
		const report = agreementReport(ratings, { categories: LTW });
		expect(report.results.map((r) => r.dimension)).toEqual(['faithfulness', 'robustness']);
		const [f, r] = report.results;
		expect([f.n_items, f.n_raters, f.n_ratings, f.n_items_pairable]).toEqual([2, 2, 4, 2]);
		expect([r.n_items, r.n_raters, r.n_ratings, r.n_items_pairable]).toEqual([2, 3, 4, 1]);
		expect(report.signature).toBe(
			'agreement|categories:loss,tie,win|values:positions|weights:linear,quadratic(positions)|bootstrap:none|medpair:0.1.0'
		);
	});

	it('perfect agreement over several categories: every coefficient is 1', () => {
		const ratings = longRatings({
			a: ['win', 'tie', 'loss', 'win'],
			b: ['win', 'tie', 'loss', 'win']
		});
		const [r] = agreementReport(ratings, { categories: LTW, values: [0, 1, 2] }).results;
		expect(r.percent_agreement).toBe(1);
		expect(r.cohen_kappa).toEqual({ unweighted: 1, linear: 1, quadratic: 1 });
		expect(r.scott_pi).toBe(1);
		expect(r.fleiss_kappa).toBe(1);
		expect(r.fleiss_kappa_generalized).toBe(1);
		expect(r.krippendorff_alpha).toEqual({ nominal: 1, ordinal: 1, interval: 1, ratio: 1 });
		expect(r.gwet_ac1).toBe(1);
		expect(r.gwet_ac2).toEqual({ linear: 1, quadratic: 1 });
		expect(r.notes).toEqual([]);
	});

	it('one category only: chance-corrected coefficients are null with reasons, never NaN or 0', () => {
		const ratings = longRatings({
			a: ['tie', 'tie', 'tie'],
			b: ['tie', 'tie', 'tie'],
			c: ['tie', 'tie', null]
		});
		const [r] = agreementReport(ratings, { categories: LTW }).results;
		expect(r.percent_agreement).toBe(1);
		expect(r.fleiss_kappa).toBeNull();
		expect(r.fleiss_kappa_generalized).toBeNull();
		expect(r.krippendorff_alpha).toEqual({
			nominal: null,
			ordinal: null,
			interval: null,
			ratio: null
		});
		expect(r.gwet_ac1).toBe(1);
		expect(r.notes).toEqual([
			'cohen_kappa, scott_pi: defined for exactly two raters; this dimension has 3 (see pairwise)',
			'fleiss_kappa: items have different numbers of ratings; see fleiss_kappa_generalized (Gwet) or krippendorff_alpha',
			'fleiss_kappa_generalized: chance agreement is 1 (every rating is in one category)',
			'krippendorff_alpha.nominal, krippendorff_alpha.ordinal, krippendorff_alpha.interval: expected disagreement is 0: all pairable values are equal',
			'krippendorff_alpha.ratio: the ratio level needs numeric category values'
		]);
		expectFinite(r);
	});

	it('a single item: defined where the formulas allow, null with reasons elsewhere', () => {
		const [agree] = agreementReport(longRatings({ a: ['win'], b: ['win'] }), {
			categories: LTW
		}).results;
		expect(agree.percent_agreement).toBe(1);
		expect(agree.cohen_kappa).toEqual({ unweighted: null, linear: null, quadratic: null });
		expect(agree.krippendorff_alpha.nominal).toBeNull();
		expectFinite(agree);
		const [differ] = agreementReport(longRatings({ a: ['win'], b: ['loss'] }), {
			categories: LTW
		}).results;
		expect(differ.percent_agreement).toBe(0);
		// p_o = 0 and p_e = 0 (a always says win, b always loss): κ = 0.
		expect(differ.cohen_kappa!.unweighted).toBe(0);
		// Two pairable values, n = 2: D_o = D_e = 1 → α = 0 (Krippendorff 2011's formula).
		expect(differ.krippendorff_alpha.nominal).toBe(0);
		expectFinite(differ);
	});

	it('raters who never overlap: nothing is pairable, everything is null with a reason', () => {
		const ratings = longRatings({ a: ['win', 'tie', null, null], b: [null, null, 'loss', 'win'] });
		const [r] = agreementReport(ratings, { categories: LTW }).results;
		expect(r.n_items_pairable).toBe(0);
		expect(r.percent_agreement).toBeNull();
		expect(r.cohen_kappa).toEqual({ unweighted: null, linear: null, quadratic: null });
		expect(r.fleiss_kappa).toBeNull();
		expect(r.gwet_ac1).toBeNull();
		expect(r.krippendorff_alpha.nominal).toBeNull();
		expect(r.pairwise).toEqual([]);
		expect(r.notes).toContain('cohen_kappa, scott_pi: the raters share no item');
		expect(r.notes.some((n) => n.startsWith('percent_agreement, fleiss_kappa'))).toBe(true);
		expectFinite(r);
	});

	it('rejects unknown labels, duplicate ratings and bad options', () => {
		expect(() => agreementReport(longRatings({ a: ['winn'] }), { categories: LTW })).toThrow(
			/unknown label "winn"/
		);
		const twice: Rating[] = [
			{ item: 'q', rater: 'a', label: 'win' },
			{ item: 'q', rater: 'a', label: 'tie' }
		];
		expect(() => agreementReport(twice, { categories: LTW })).toThrow(/more than once/);
		expect(() => agreementReport([], { categories: ['x'] })).toThrow(/two distinct/);
		expect(() => agreementReport([], { categories: LTW, values: [1, 2] })).toThrow(/values/);
		expect(() => agreementReport([], { categories: LTW, bootstrap: { B: 0, seed: 1 } })).toThrow(
			/B/
		);
	});

	it('takes interval α on the given values and leaves ratio null without values', () => {
		const ratings = longRatings({
			a: ['loss', 'tie', 'win', 'win'],
			b: ['tie', 'tie', 'win', 'loss']
		});
		const [positions] = agreementReport(ratings, { categories: LTW }).results;
		const [spread] = agreementReport(ratings, { categories: LTW, values: [0, 1, 10] }).results;
		expect(positions.krippendorff_alpha.ratio).toBeNull();
		expect(spread.krippendorff_alpha.interval).not.toBeCloseTo(
			positions.krippendorff_alpha.interval!,
			3
		);
		expect(spread.krippendorff_alpha.ordinal).toBe(positions.krippendorff_alpha.ordinal);
	});
});

describe('agreementReport bootstrap', () => {
	const ratings: Rating[] = [];
	for (let i = 0; i < 60; i++) {
		const truth = LTW[(i * 7) % 3];
		const other = i % 4 === 0 ? LTW[(i * 7 + 1) % 3] : truth;
		ratings.push({ item: `i${i}`, rater: 'a', label: truth, prompt: `p${Math.floor(i / 3)}` });
		ratings.push({ item: `i${i}`, rater: 'b', label: other, prompt: `p${Math.floor(i / 3)}` });
	}

	it('is reproducible for a seed, differs across seeds, and brackets the estimate', () => {
		const options = { categories: LTW, bootstrap: { B: 200, seed: 42 } };
		const one = agreementReport(ratings, options);
		const two = agreementReport(ratings, options);
		const other = agreementReport(ratings, { ...options, bootstrap: { B: 200, seed: 43 } });
		expect(one).toEqual(two);
		const [r] = one.results;
		const ci = r.bootstrap!.ci95;
		expect(ci.cohen_kappa!.unweighted).not.toEqual(
			other.results[0].bootstrap!.ci95.cohen_kappa!.unweighted
		);
		for (const [lo, hi, value] of [
			[...ci.cohen_kappa!.unweighted!, r.cohen_kappa!.unweighted!],
			[...ci.krippendorff_alpha.nominal!, r.krippendorff_alpha.nominal!],
			[...ci.gwet_ac1!, r.gwet_ac1!]
		]) {
			expect(lo).toBeLessThanOrEqual(value);
			expect(hi).toBeGreaterThanOrEqual(value);
			expect(hi - lo).toBeGreaterThan(0);
		}
		expect(one.signature).toContain('bootstrap:B=200,seed=42,cluster=prompt,ci=percentile95');
		expect(r.bootstrap).toMatchObject({ B: 200, seed: 42, cluster: 'prompt', n_clusters: 20 });
		expectFinite(one);
	});

	it('resamples items when there are no prompts, or clusters given by clusterOf', () => {
		const bare = ratings.map(({ prompt: _prompt, ...rest }) => rest);
		const [byItem] = agreementReport(bare, {
			categories: LTW,
			bootstrap: { B: 50, seed: 1 }
		}).results;
		expect(byItem.bootstrap).toMatchObject({ cluster: 'item', n_clusters: 60 });
		const [custom] = agreementReport(bare, {
			categories: LTW,
			bootstrap: { B: 50, seed: 1 },
			clusterOf: (item) => String(Number(item.slice(1)) % 5)
		}).results;
		expect(custom.bootstrap).toMatchObject({ cluster: 'prompt', n_clusters: 5 });
	});

	it('leaves undefined resamples out of the interval and says how many', () => {
		// Only one item disagrees: most resamples still have variation, some have none.
		const few = longRatings({ a: ['win', 'win', 'win', 'loss'], b: ['win', 'win', 'win', 'win'] });
		const [r] = agreementReport(few, { categories: LTW, bootstrap: { B: 300, seed: 5 } }).results;
		expect(r.notes.some((n) => /^cohen_kappa\.unweighted: undefined in \d+ of 300/.test(n))).toBe(
			true
		);
		expectFinite(r);
	});
});
