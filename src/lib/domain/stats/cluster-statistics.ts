import type { EncodedRatings } from './encode-ratings.ts';
import type { StatisticsLayout } from './statistics-layout.ts';

/**
 * Per-cluster sufficient statistics of all agreement coefficients, one row of `layout.size`
 * numbers per cluster (row-major), from the per-item category counts n_ik computed once.
 * Definitions of the entries: statistics-layout.ts. Each item touches only the categories it
 * uses, so the cost is O(Σ n_i²) whatever q is. With `perCluster` false everything goes into
 * a single row (the point estimate needs no more; only the bootstrap needs cluster rows).
 */
export function clusterStatistics(
	ratings: EncodedRatings,
	layout: StatisticsLayout,
	linear: Float64Array,
	quadratic: Float64Array,
	perCluster = true
): Float64Array {
	const { q, size } = layout;
	const { itemStart, rater, category, clusterOfItem } = ratings;
	const stats = new Float64Array((perCluster ? ratings.clusters.length : 1) * size);
	const count = new Float64Array(q);
	const present = new Int32Array(q);

	for (let i = 0; i < ratings.items.length; i++) {
		const start = itemStart[i];
		const n = itemStart[i + 1] - start;
		const base = perCluster ? clusterOfItem[i] * size : 0;
		let used = 0;
		for (let at = start; at < start + n; at++) {
			const c = category[at];
			if (count[c] === 0) present[used++] = c;
			count[c]++;
		}
		stats[base + layout.items] += 1;
		for (let u = 0; u < used; u++) {
			const c = present[u];
			stats[base + layout.pi + c] += count[c] / n;
		}
		if (n >= 2) {
			const pairs = n * (n - 1);
			let identity = 0;
			let lin = 0;
			let quad = 0;
			const inverse = 1 / (n - 1);
			for (let u = 0; u < used; u++) {
				const c = present[u];
				const nc = count[c];
				let linearSum = 0;
				let quadraticSum = 0;
				for (let v = 0; v < used; v++) {
					const k = present[v];
					const nk = count[k];
					linearSum += linear[c * q + k] * nk;
					quadraticSum += quadratic[c * q + k] * nk;
					stats[base + layout.coincidence + c * q + k] += nc * (c === k ? nk - 1 : nk) * inverse;
				}
				identity += nc * (nc - 1);
				lin += nc * (linearSum - 1);
				quad += nc * (quadraticSum - 1);
				stats[base + layout.totals + c] += nc;
			}
			stats[base + layout.pairable] += 1;
			stats[base + layout.pa] += identity / pairs;
			stats[base + layout.pa + 1] += lin / pairs;
			stats[base + layout.pa + 2] += quad / pairs;
			if (layout.withCohen && n === 2) {
				const first = rater[start] === 0 ? start : start + 1;
				const second = first === start ? start + 1 : start;
				stats[base + layout.cohen + category[first] * q + category[second]] += 1;
			}
		}
		for (let u = 0; u < used; u++) count[present[u]] = 0;
	}
	return stats;
}
