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
	let tail = 0;
	if (n <= 1000) {
		// Upwards from P(X = 0) = 2^−n: exact while C(n, i) < 2^53, else within a few ulps.
		let term = 2 ** -n;
		for (let i = 0; i <= k; i++) {
			tail += term;
			term = (term * (n - i)) / (i + 1);
		}
	} else {
		// Downwards from P(X = k) (Loader 2000); terms fall off geometrically below the mode.
		let term = binomialPmf(k, n, 0.5);
		tail = term;
		for (let i = k; i > 0 && term > tail * 1e-17; i--) {
			term *= i / (n - i + 1);
			tail += term;
		}
	}
	return Math.min(1, 2 * tail);
}
