import type { EncodedRatings } from './encode-ratings.ts';

/** Ratings already as integers, one entry per rating (e.g. database ids). */
export type RatingCodes = {
	/** Item id of each rating (any non-negative integers). */
	item: ArrayLike<number>;
	/** Rater id of each rating (any non-negative integers). */
	rater: ArrayLike<number>;
	/** Category position 0..q−1 of each rating. */
	category: ArrayLike<number>;
	/** Optional cluster id (e.g. prompt id) of each rating, the same for all ratings of an item. */
	cluster?: ArrayLike<number>;
};

/** Dense 0-based numbering of non-negative integer ids, in order of first appearance. */
function densify(ids: ArrayLike<number>): { code: Int32Array; count: number; original: number[] } {
	const n = ids.length;
	const code = new Int32Array(n);
	const original: number[] = [];
	let max = -1;
	for (let r = 0; r < n; r++) {
		const id = ids[r];
		if (!Number.isInteger(id) || id < 0)
			throw new RangeError(`ids must be non-negative integers, got ${id}`);
		if (id > max) max = id;
	}
	if (max <= 8 * n + 1024) {
		const slot = new Int32Array(max + 1).fill(-1);
		for (let r = 0; r < n; r++) {
			const id = ids[r];
			if (slot[id] === -1) {
				slot[id] = original.length;
				original.push(id);
			}
			code[r] = slot[id];
		}
	} else {
		const slot = new Map<number, number>();
		for (let r = 0; r < n; r++) {
			let at = slot.get(ids[r]);
			if (at === undefined) {
				at = original.length;
				original.push(ids[r]);
				slot.set(ids[r], at);
			}
			code[r] = at;
		}
	}
	return { code, count: original.length, original };
}

/**
 * Encodes integer-coded ratings for the agreement engine without touching strings: ids are
 * renumbered densely, ratings grouped by item with a counting sort. Raters keep the order of
 * their ids; `raterNames[id]` names them in reports (default the id). Throws RangeError on a
 * category outside 0..q−1, a duplicate (item, rater) pair, or an item in two clusters.
 */
export function encodeCodes(
	codes: RatingCodes,
	q: number,
	raterNames?: readonly string[]
): EncodedRatings {
	const n = codes.item.length;
	if (codes.rater.length !== n || codes.category.length !== n) {
		throw new RangeError('item, rater and category must have one entry per rating');
	}
	const items = densify(codes.item);
	const raterIds = densify(codes.rater);
	// Raters in id order.
	const order = raterIds.original.map((_, index) => index);
	order.sort((a, b) => raterIds.original[a] - raterIds.original[b]);
	const renumber = new Int32Array(order.length);
	order.forEach((old, index) => (renumber[old] = index));
	const raters = order.map((old) => {
		const id = raterIds.original[old];
		return raterNames?.[id] ?? String(id);
	});

	const nItems = items.count;
	const itemStart = new Int32Array(nItems + 1);
	for (let r = 0; r < n; r++) itemStart[items.code[r] + 1]++;
	for (let i = 0; i < nItems; i++) itemStart[i + 1] += itemStart[i];
	const fill = itemStart.slice(0, nItems);
	const rater = new Int32Array(n);
	const category = new Uint16Array(n);
	for (let r = 0; r < n; r++) {
		const c = codes.category[r];
		if (!(Number.isInteger(c) && c >= 0 && c < q)) {
			throw new RangeError(`category codes must be integers in 0..${q - 1}, got ${c}`);
		}
		const at = fill[items.code[r]]++;
		rater[at] = renumber[raterIds.code[r]];
		category[at] = c;
	}
	const seenIn = new Int32Array(raters.length).fill(-1);
	for (let i = 0; i < nItems; i++) {
		for (let at = itemStart[i]; at < itemStart[i + 1]; at++) {
			if (seenIn[rater[at]] === i) {
				throw new RangeError(
					`rater ${raters[rater[at]]} rated item ${items.original[i]} more than once`
				);
			}
			seenIn[rater[at]] = i;
		}
	}

	let clusterOfItem: Int32Array;
	let clusters: string[];
	if (codes.cluster) {
		const dense = densify(codes.cluster);
		clusterOfItem = new Int32Array(nItems).fill(-1);
		for (let r = 0; r < n; r++) {
			const i = items.code[r];
			if (clusterOfItem[i] === -1) clusterOfItem[i] = dense.code[r];
			else if (clusterOfItem[i] !== dense.code[r]) {
				throw new RangeError(`item ${items.original[i]} is in more than one cluster`);
			}
		}
		clusters = dense.original.map(String);
	} else {
		clusterOfItem = Int32Array.from({ length: nItems }, (_, i) => i);
		clusters = items.original.map(String);
	}
	return {
		q,
		items: items.original.map(String),
		raters,
		clusters,
		clustered: codes.cluster !== undefined,
		itemStart,
		rater,
		category,
		clusterOfItem
	};
}
