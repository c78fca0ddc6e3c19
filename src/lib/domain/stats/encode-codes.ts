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

/** The ids as an Int32Array (the input itself when it is one) and their maximum; ids ≥ 0. */
function int32(ids: ArrayLike<number>, what: string): { values: Int32Array; max: number } {
	let values: Int32Array;
	if (ids instanceof Int32Array) values = ids;
	else {
		values = new Int32Array(ids.length);
		values.set(ids);
		if (!(ids instanceof Uint8Array || ids instanceof Uint16Array)) {
			for (let r = 0; r < values.length; r++) {
				if (values[r] !== ids[r]) {
					throw new RangeError(`${what} must be integers from 0 to 2^31 − 1, got ${ids[r]}`);
				}
			}
		}
	}
	let max = -1;
	let min = 0;
	for (let r = 0; r < values.length; r++) {
		const v = values[r];
		if (v > max) max = v;
		if (v < min) min = v;
	}
	if (min < 0) throw new RangeError(`${what} must be non-negative integers, got ${min}`);
	return { values, max };
}

/**
 * Dense 0-based numbering of non-negative integer ids, in order of first appearance, with the
 * number of entries per code and whether equal ids are already consecutive-ascending.
 */
function densify(
	ids: ArrayLike<number>,
	what: string
): {
	code: Int32Array;
	count: number;
	original: Int32Array;
	sizes: Int32Array;
	ascending: boolean;
} {
	const { values, max } = int32(ids, what);
	const n = values.length;
	const code = new Int32Array(n);
	const original = new Int32Array(n);
	let count = 0;
	let ascending = true;
	const sizes = new Int32Array(n + 1);
	if (max <= 8 * n + 1024) {
		const slot = new Int32Array(max + 1).fill(-1);
		let previous = -1;
		for (let r = 0; r < n; r++) {
			const id = values[r];
			if (id < previous) ascending = false;
			previous = id;
			let at = slot[id];
			if (at === -1) {
				at = slot[id] = count;
				original[count++] = id;
			}
			code[r] = at;
			sizes[at]++;
		}
	} else {
		const slot = new Map<number, number>();
		for (let r = 0; r < n; r++) {
			const id = values[r];
			if (r > 0 && id < values[r - 1]) ascending = false;
			let at = slot.get(id);
			if (at === undefined) {
				at = count;
				original[count++] = id;
				slot.set(id, at);
			}
			code[r] = at;
			sizes[at]++;
		}
	}
	return { code, count, original: original.subarray(0, count), sizes, ascending };
}

/**
 * Encodes integer-coded ratings for the agreement engine without touching strings: ids are
 * renumbered densely, ratings grouped by item (a counting sort unless they already are). Raters keep the order of
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
	const items = densify(codes.item, 'item ids');
	const raterIds = densify(codes.rater, 'rater ids');
	const { values: categories, max: maxCategory } = int32(codes.category, 'category codes');
	if (maxCategory >= q) {
		throw new RangeError(`category codes must be integers in 0..${q - 1}, got ${maxCategory}`);
	}
	// Raters in id order.
	const order = Array.from(raterIds.original, (_, index) => index);
	order.sort((a, b) => raterIds.original[a] - raterIds.original[b]);
	const renumber = new Int32Array(order.length);
	order.forEach((old, index) => (renumber[old] = index));
	const raters = order.map((old) => {
		const id = raterIds.original[old];
		return raterNames?.[id] ?? String(id);
	});

	const nItems = items.count;
	const itemCode = items.code;
	const raterCode = raterIds.code;
	const itemStart = new Int32Array(nItems + 1);
	for (let i = 0; i < nItems; i++) itemStart[i + 1] = itemStart[i] + items.sizes[i];
	const rater = new Int32Array(n);
	const category = new Uint16Array(n);
	// Ratings already grouped by item (as a query ordered by item returns them) keep their
	// order; otherwise a counting sort groups them.
	const grouped = items.ascending;
	const fill = itemStart.slice(0, nItems);
	for (let r = 0; r < n; r++) {
		const at = grouped ? r : fill[itemCode[r]]++;
		rater[at] = renumber[raterCode[r]];
		category[at] = categories[r];
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
	let nClusters = nItems;
	if (codes.cluster) {
		const dense = densify(codes.cluster, 'cluster ids');
		clusterOfItem = new Int32Array(nItems).fill(-1);
		for (let r = 0; r < n; r++) {
			const i = items.code[r];
			if (clusterOfItem[i] === -1) clusterOfItem[i] = dense.code[r];
			else if (clusterOfItem[i] !== dense.code[r]) {
				throw new RangeError(`item ${items.original[i]} is in more than one cluster`);
			}
		}
		nClusters = dense.count;
	} else {
		clusterOfItem = new Int32Array(nItems);
		for (let i = 0; i < nItems; i++) clusterOfItem[i] = i;
	}
	return {
		q,
		nItems,
		raters,
		nClusters,
		clustered: codes.cluster !== undefined,
		itemStart,
		rater,
		category,
		clusterOfItem
	};
}
