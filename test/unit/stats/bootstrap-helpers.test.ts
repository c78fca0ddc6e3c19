import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/lib/domain/random.ts';
import { percentileInterval } from '../../../src/lib/domain/stats/percentile-interval.ts';
import { resampleCounts } from '../../../src/lib/domain/stats/resample-counts.ts';

describe('percentileInterval', () => {
	// Hyndman & Fan (1996) definition 7 = numpy.percentile's default "linear":
	// np.percentile(range(1, 11), [2.5, 97.5]) → [1.225, 9.775].
	it('interpolates like numpy.percentile', () => {
		const values = [10, 3, 1, 8, 5, 2, 9, 4, 7, 6];
		const [lo, hi] = percentileInterval(values)!;
		expect(lo).toBeCloseTo(1.225, 12);
		expect(hi).toBeCloseTo(9.775, 12);
		expect(percentileInterval([0.3])).toEqual([0.3, 0.3]);
		expect(percentileInterval([])).toBeNull();
	});
});

describe('resampleCounts', () => {
	it('draws n clusters with replacement, reproducibly from the seed', () => {
		const a = resampleCounts(1000, createRandom(9));
		const b = resampleCounts(1000, createRandom(9));
		expect(a).toEqual(b);
		expect(a.reduce((s, m) => s + m, 0)).toBe(1000);
		// About 1/e of the clusters are left out of a bootstrap resample.
		const missing = a.filter((m) => m === 0).length / 1000;
		expect(missing).toBeGreaterThan(0.33);
		expect(missing).toBeLessThan(0.41);
	});
});
