import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../../src/lib/domain/stats/wilson-interval.ts';
import { reference } from './helpers.ts';

type WilsonCase = { successes: number; n: number; lo: number; hi: number };

describe('Wilson score interval (Wilson 1927)', () => {
	// Newcombe (1998), Stat. Med. 17:857, Table I, method 3 (score, no continuity correction):
	// 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605; 0/20 → 0–0.1611; 1/29 → 0.0061–0.1718.
	it.each([
		[81, 263, 0.2553, 0.3662],
		[15, 148, 0.0624, 0.1605],
		[0, 20, 0, 0.1611],
		[1, 29, 0.0061, 0.1718]
	])('reproduces Newcombe (1998): %i/%i → [%f, %f]', (k, n, lo, hi) => {
		const [a, b] = wilsonInterval(k, n)!;
		expect(a).toBeCloseTo(lo, 4);
		expect(b).toBeCloseTo(hi, 4);
	});

	it.each((reference.proportion_confint_wilson as WilsonCase[]).map((c) => [c.successes, c.n, c]))(
		"equals statsmodels' proportion_confint(method='wilson') for %i/%i",
		(_, __, c) => {
			const [lo, hi] = wilsonInterval(c.successes, c.n)!;
			expect(lo).toBeCloseTo(c.lo, 13);
			expect(hi).toBeCloseTo(c.hi, 13);
		}
	);

	it('is null for n = 0 and stays inside [0, 1]', () => {
		expect(wilsonInterval(0, 0)).toBeNull();
		expect(wilsonInterval(0, 1)![0]).toBe(0);
		expect(wilsonInterval(1, 1)![1]).toBe(1);
	});
});
