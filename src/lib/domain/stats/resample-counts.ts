import type { Random } from '../random.ts';

/**
 * How many times each of n clusters is drawn in one bootstrap resample (n draws with
 * replacement, uniform). Efron & Tibshirani (1993), An Introduction to the Bootstrap, ch. 6;
 * resampling whole clusters: Davison & Hinkley (1997), Bootstrap Methods, §3.8.
 * Reuses `out` when given, so a bootstrap loop allocates nothing.
 */
export function resampleCounts(n: number, random: Random, out = new Int32Array(n)): Int32Array {
	out.fill(0);
	for (let draw = 0; draw < n; draw++) out[random.int(n)]++;
	return out;
}
