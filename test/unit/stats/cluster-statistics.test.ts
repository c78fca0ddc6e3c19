import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/lib/domain/random.ts';
import { agreementWeights } from '../../../src/lib/domain/stats/agreement-weights.ts';
import { clusterStatistics } from '../../../src/lib/domain/stats/cluster-statistics.ts';
import { encodeRatings } from '../../../src/lib/domain/stats/encode-ratings.ts';
import { statisticsLayout } from '../../../src/lib/domain/stats/statistics-layout.ts';
import type { Rating } from '../../../src/lib/domain/stats/types.ts';

function randomRatings(seed: number, raters: number, q: number): Rating[] {
	const random = createRandom(seed);
	const ratings: Rating[] = [];
	for (let i = 0; i < 400; i++) {
		for (let r = 0; r < raters; r++) {
			if (random.next() < 0.3) continue;
			ratings.push({
				item: `i${i}`,
				rater: `r${r}`,
				label: String(random.int(q)),
				prompt: `p${i % 37}`
			});
		}
	}
	return ratings;
}

describe('clusterStatistics', () => {
	// The point estimate tallies items by count vector; the bootstrap keeps one row per cluster.
	// Both must give the same sums (up to rounding).
	it.each([
		[2, 3],
		[3, 3],
		[5, 4],
		[12, 6]
	])('per-cluster rows add up to the single row (%i raters, %i categories)', (raters, q) => {
		const categories = Array.from({ length: q }, (_, k) => String(k));
		const encoded = encodeRatings(randomRatings(raters * 10 + q, raters, q), categories);
		const layout = statisticsLayout(q, raters === 2);
		const linear = agreementWeights(q, 'linear');
		const quadratic = agreementWeights(q, 'quadratic');
		const single = clusterStatistics(encoded, layout, linear, quadratic, false);
		const rows = clusterStatistics(encoded, layout, linear, quadratic, true);
		expect(rows.length).toBe(37 * layout.size);
		const summed = new Float64Array(layout.size);
		for (let at = 0; at < rows.length; at += layout.size) {
			for (let j = 0; j < layout.size; j++) summed[j] += rows[at + j];
		}
		for (let j = 0; j < layout.size; j++) expect(single[j]).toBeCloseTo(summed[j], 9);
	});
});
