import { binomialPmf } from './binomial-pmf.ts';

/**
 * Exact two-sided sign test of wins against losses (ties dropped): with n = W + L and
 * X ~ Bin(n, ½), p = min(1, 2 P(X ≤ min(W, L))); equals SciPy's `binomtest(W, n, 0.5)`.
 * Dixon & Mood (1946), JASA 41:557. Null when there is no win and no loss.
 */
export function signTest(wins: number, losses: number): number | null {
	const n = wins + losses;
	if (n === 0) return null;
	const k = Math.min(wins, losses);
	if (2 * k >= n) return 1;
	// Sum the lower tail downwards from k; terms fall off geometrically below the mode.
	let term = binomialPmf(k, n, 0.5);
	let tail = term;
	for (let i = k; i > 0 && term > tail * 1e-17; i--) {
		term *= i / (n - i + 1);
		tail += term;
	}
	return Math.min(1, 2 * tail);
}
