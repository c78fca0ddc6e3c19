import type { Interval } from './types.ts';

/**
 * Percentile bootstrap interval: the (1 − level)/2 and (1 + level)/2 sample quantiles of the
 * replicate values, quantiles by linear interpolation between order statistics (Hyndman & Fan
 * 1996, definition 7; numpy's default). Efron & Tibshirani (1993), §13.3. Null for no values.
 */
export function percentileInterval(values: ArrayLike<number>, level = 0.95): Interval | null {
	const n = values.length;
	if (n === 0) return null;
	const sorted = Float64Array.from(values).sort();
	const quantile = (p: number) => {
		const h = (n - 1) * p;
		const lo = Math.floor(h);
		const hi = Math.min(lo + 1, n - 1);
		return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
	};
	return [quantile((1 - level) / 2), quantile((1 + level) / 2)];
}
