import type { EncodedRatings } from './encode-ratings.ts';
import type { StatisticsLayout } from './statistics-layout.ts';

/** Largest number of distinct count vectors for which items are first tallied by pattern. */
const MAX_PATTERNS = 1 << 16;

/**
 * Per-cluster sufficient statistics of all agreement coefficients, one row of `layout.size`
 * numbers per cluster (row-major), from the per-item category counts n_ik computed once.
 * Definitions of the entries: statistics-layout.ts. Each item touches only the categories it
 * uses, so the cost is O(Σ n_i²) whatever q is. With `perCluster` false everything goes into
 * a single row (the point estimate needs no more; only the bootstrap needs cluster rows), and
 * when few count vectors are possible (e.g. 3 raters, 3 categories: 64) items are tallied by
 * count vector first, so each distinct vector is worked out once.
 */
export function clusterStatistics(
	ratings: EncodedRatings,
	layout: StatisticsLayout,
	linear: Float64Array,
	quadratic: Float64Array,
	perCluster = true
): Float64Array {
	const { q, size } = layout;
	const { itemStart, rater, category, clusterOfItem, nItems } = ratings;
	const stats = new Float64Array((perCluster ? ratings.nClusters : 1) * size);
	const count = new Float64Array(q);
	const present = new Int32Array(q);

	/** Adds `weight` items with counts `count` (categories `present[0..used)`) to row `base`. */
	const accumulate = (n: number, used: number, base: number, weight: number) => {
		stats[base + layout.items] += weight;
		for (let u = 0; u < used; u++) {
			const c = present[u];
			stats[base + layout.pi + c] += (weight * count[c]) / n;
		}
		if (n < 2) return;
		const pairs = n * (n - 1);
		const inverse = weight / (n - 1);
		let identity = 0;
		let lin = 0;
		let quad = 0;
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
			stats[base + layout.totals + c] += weight * nc;
		}
		stats[base + layout.pairable] += weight;
		stats[base + layout.pa] += (weight * identity) / pairs;
		stats[base + layout.pa + 1] += (weight * lin) / pairs;
		stats[base + layout.pa + 2] += (weight * quad) / pairs;
	};

	const addCohen = (start: number, base: number) => {
		const first = rater[start] === 0 ? start : start + 1;
		const second = first === start ? start + 1 : start;
		stats[base + layout.cohen + category[first] * q + category[second]] += 1;
	};

	let maxRatings = 0;
	for (let i = 0; i < nItems; i++)
		maxRatings = Math.max(maxRatings, itemStart[i + 1] - itemStart[i]);
	const radix = maxRatings + 1;
	if (!perCluster && radix ** q <= MAX_PATTERNS) {
		const power = Int32Array.from({ length: q }, (_, k) => radix ** k);
		const tally = new Float64Array(radix ** q);
		for (let i = 0; i < nItems; i++) {
			const start = itemStart[i];
			const end = itemStart[i + 1];
			let key = 0;
			for (let at = start; at < end; at++) key += power[category[at]];
			tally[key]++;
			if (layout.withCohen && end - start === 2) addCohen(start, 0);
		}
		for (let key = 0; key < tally.length; key++) {
			if (tally[key] === 0) continue;
			let used = 0;
			let n = 0;
			for (let k = 0, rest = key; k < q; k++, rest = Math.floor(rest / radix)) {
				count[k] = rest % radix;
				n += count[k];
				if (count[k] > 0) present[used++] = k;
			}
			accumulate(n, used, 0, tally[key]);
		}
		return stats;
	}

	for (let i = 0; i < nItems; i++) {
		const start = itemStart[i];
		const n = itemStart[i + 1] - start;
		const base = perCluster ? clusterOfItem[i] * size : 0;
		let used = 0;
		for (let at = start; at < start + n; at++) {
			const c = category[at];
			if (count[c] === 0) present[used++] = c;
			count[c]++;
		}
		accumulate(n, used, base, 1);
		if (layout.withCohen && n === 2) addCohen(start, base);
		for (let u = 0; u < used; u++) count[present[u]] = 0;
	}
	return stats;
}
