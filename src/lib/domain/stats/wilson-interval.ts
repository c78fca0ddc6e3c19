import type { Interval } from './types.ts';

/** z_{0.975}, the standard normal quantile of a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a binomial proportion, no continuity correction:
 * (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n). Wilson (1927), JASA 22:209;
 * method 3 of Newcombe (1998), Stat. Med. 17:857. Null when n = 0.
 */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval | null {
	if (n === 0) return null;
	const p = successes / n;
	const z2 = z * z;
	const denominator = 1 + z2 / n;
	const centre = (p + z2 / (2 * n)) / denominator;
	const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
	return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
