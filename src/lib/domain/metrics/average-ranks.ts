/**
 * Ranks 1..n with ties given the mean of the ranks they span, as scipy.stats.rankdata(method='average').
 * Reference: Kendall & Gibbons (1990), "Rank Correlation Methods", §3.
 */
export function averageRanks(values: readonly number[]): number[] {
	const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
	const ranks = new Array<number>(values.length);
	for (let start = 0; start < order.length;) {
		let end = start + 1;
		while (end < order.length && values[order[end]] === values[order[start]]) end++;
		const rank = (start + 1 + end) / 2;
		for (let k = start; k < end; k++) ranks[order[k]] = rank;
		start = end;
	}
	return ranks;
}
