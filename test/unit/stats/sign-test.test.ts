import { describe, expect, it } from 'vitest';
import { binomialPmf } from '../../../src/lib/domain/stats/binomial-pmf.ts';
import { signTest } from '../../../src/lib/domain/stats/sign-test.ts';
import { reference } from './helpers.ts';

type SignCase = { wins: number; losses: number; p: number; exact: number };
type PmfCase = { k: number; n: number; p: number; pmf: number; exact: number };

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('exact two-sided sign test', () => {
	// Hand-computable: 12 wins, 3 losses → 2 · Σ_{i≤3} C(15, i)/2^15 = 2 · 576/32768 = 0.03515625.
	it('computes 12 vs 3 by hand', () => {
		expect(signTest(12, 3)).toBeCloseTo((2 * (1 + 15 + 105 + 455)) / 32768, 15);
	});

	// make_reference.py: the exact value in integer arithmetic, and SciPy's binomtest (which is
	// itself off by up to 6e-14 relative at n = 201,000).
	it.each((reference.binomtest as SignCase[]).map((c) => [c.wins, c.losses, c]))(
		'W = %i, L = %i: equals the exact p-value (1e-13) and SciPy binomtest (1e-12)',
		(_, __, c) => {
			const p = signTest(c.wins, c.losses)!;
			expect(relative(p, c.exact)).toBeLessThan(1e-13);
			expect(relative(p, c.p)).toBeLessThan(1e-12);
		}
	);

	it('is 1 for W = L and null without any decisive outcome', () => {
		expect(signTest(10, 10)).toBe(1);
		expect(signTest(0, 0)).toBeNull();
	});
});

describe("binomial pmf (Loader's saddle point)", () => {
	it.each((reference.binom_pmf as PmfCase[]).map((c) => [c.k, c.n, c.p, c]))(
		'P(X = %i), n = %i, p = %f: exact to 1e-13 relative, SciPy binom.pmf to 1e-12',
		(_, __, ___, c) => {
			const value = binomialPmf(c.k, c.n, c.p);
			// exp() of a log-probability near −600 (P ≈ 1e-260) cannot beat ~1e-13 in doubles.
			expect(relative(value, c.exact)).toBeLessThan(c.exact > 1e-100 ? 1e-14 : 1e-13);
			expect(relative(value, c.pmf)).toBeLessThan(1e-12);
		}
	);
});
