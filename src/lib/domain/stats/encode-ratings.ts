import type { Rating } from './types.ts';

/**
 * Ratings of one dimension as small integers, grouped by item (compressed sparse rows):
 * the ratings of item i are positions `itemStart[i] .. itemStart[i + 1] - 1` of `rater` and
 * `category`. Raters are numbered in name order so reports do not depend on file order.
 */
export type EncodedRatings = {
	q: number;
	nItems: number;
	raters: string[];
	nClusters: number;
	/** True when clusters came from prompts (or `clusterOf`), false when each item is its own. */
	clustered: boolean;
	itemStart: Int32Array;
	rater: Int32Array;
	category: Uint16Array;
	clusterOfItem: Int32Array;
};

/**
 * Encodes long-format ratings against an ordered category list; one pass plus a counting sort.
 * Throws RangeError on an unknown label, a duplicate (item, rater) pair, or an item whose
 * ratings name different prompts (callers that read files validate first, with line numbers).
 */
export function encodeRatings(
	ratings: readonly Rating[],
	categories: readonly string[],
	clusterOf?: (item: string) => string
): EncodedRatings {
	const n = ratings.length;
	const categoryIndex = new Map(categories.map((label, index) => [label, index]));
	const itemIndex = new Map<string, number>();
	const raterIndex = new Map<string, number>();
	const items: string[] = [];
	const raterNames: string[] = [];
	const itemOf = new Int32Array(n);
	const raterOf = new Int32Array(n);
	const categoryOf = new Uint16Array(n);
	const promptOf: (string | null)[] = [];
	let anyPrompt = false;

	let lastName: string | undefined;
	let lastItem = -1;
	for (let r = 0; r < n; r++) {
		const rating = ratings[r];
		// Ratings usually come grouped by item: skip the map lookup for a repeated item.
		let item = rating.item === lastName ? lastItem : itemIndex.get(rating.item);
		lastName = rating.item;
		if (item === undefined) {
			item = items.length;
			items.push(rating.item);
			itemIndex.set(rating.item, item);
			promptOf.push(rating.prompt ?? null);
		} else if ((rating.prompt ?? null) !== promptOf[item]) {
			throw new RangeError(`item "${rating.item}" is given more than one prompt`);
		}
		lastItem = item;
		if (rating.prompt != null) anyPrompt = true;
		let rater = raterIndex.get(rating.rater);
		if (rater === undefined) {
			rater = raterNames.length;
			raterNames.push(rating.rater);
			raterIndex.set(rating.rater, rater);
		}
		const category = categoryIndex.get(rating.label);
		if (category === undefined) {
			throw new RangeError(
				`unknown label "${rating.label}" (categories: ${categories.join(', ')})`
			);
		}
		itemOf[r] = item;
		raterOf[r] = rater;
		categoryOf[r] = category;
	}

	// Raters in name order: renumber.
	const order = raterNames.map((_, index) => index);
	order.sort((a, b) =>
		raterNames[a] < raterNames[b] ? -1 : raterNames[a] > raterNames[b] ? 1 : 0
	);
	const renumber = new Int32Array(order.length);
	order.forEach((old, index) => (renumber[old] = index));
	const raters = order.map((old) => raterNames[old]);

	// Counting sort by item.
	const nItems = items.length;
	const itemStart = new Int32Array(nItems + 1);
	for (let r = 0; r < n; r++) itemStart[itemOf[r] + 1]++;
	for (let i = 0; i < nItems; i++) itemStart[i + 1] += itemStart[i];
	const fill = itemStart.slice(0, nItems);
	const rater = new Int32Array(n);
	const category = new Uint16Array(n);
	for (let r = 0; r < n; r++) {
		const at = fill[itemOf[r]]++;
		rater[at] = renumber[raterOf[r]];
		category[at] = categoryOf[r];
	}

	const seenIn = new Int32Array(raters.length).fill(-1);
	for (let i = 0; i < nItems; i++) {
		for (let at = itemStart[i]; at < itemStart[i + 1]; at++) {
			if (seenIn[rater[at]] === i) {
				throw new RangeError(
					`rater "${raters[rater[at]]}" rated item "${items[i]}" more than once`
				);
			}
			seenIn[rater[at]] = i;
		}
	}

	const clustered = clusterOf !== undefined || anyPrompt;
	const clusterName = clusterOf
		? (i: number) => clusterOf(items[i])
		: (i: number) => promptOf[i] ?? items[i];
	const clusterIndex = new Map<string, number>();
	const clusters: string[] = clustered ? [] : items;
	const clusterOfItem = new Int32Array(nItems);
	if (!clustered) for (let i = 0; i < nItems; i++) clusterOfItem[i] = i;
	for (let i = 0; clustered && i < nItems; i++) {
		const name = clusterName(i);
		let cluster = clusterIndex.get(name);
		if (cluster === undefined) {
			cluster = clusters.length;
			clusters.push(name);
			clusterIndex.set(name, cluster);
		}
		clusterOfItem[i] = cluster;
	}

	return {
		q: categories.length,
		nItems,
		raters,
		nClusters: clusters.length,
		clustered,
		itemStart,
		rater,
		category,
		clusterOfItem
	};
}
