import { shuffled, type Random } from '../random.ts';

/**
 * One junior's not-yet-started originals, bucketed by (combination, side), with the junior's
 * left − right balance per combination over all their originals (started or not).
 */
export type MovableWork = {
	/** buckets[2c] holds pairs of combination c with model on the left, buckets[2c + 1] on the right. */
	buckets: number[][];
	/** left − right per combination. */
	balance: Int32Array;
};

/** Buckets `movable` (pair indices, in queue order) for a junior whose originals are `owned`. */
export function collectMovable(
	owned: readonly { pairIndex: number; modelOnLeft: boolean }[],
	movable: readonly { pairIndex: number; modelOnLeft: boolean }[],
	comboOf: Int32Array,
	comboCount: number,
	random: Random
): MovableWork {
	const balance = new Int32Array(comboCount);
	for (const a of owned) balance[comboOf[a.pairIndex]] += a.modelOnLeft ? 1 : -1;
	const buckets: number[][] = Array.from({ length: 2 * comboCount }, () => []);
	for (const a of movable)
		buckets[2 * comboOf[a.pairIndex] + (a.modelOnLeft ? 0 : 1)].push(a.pairIndex);
	return { balance, buckets: buckets.map((bucket) => shuffled(bucket, random)) };
}

/**
 * Removes and returns one movable pair that `taken` does not mark, or −1. Prefers the side in
 * surplus for its combination, then a balanced combination, so that the donor's remaining
 * placements stay within 1 of even (ARCHITECTURE.md §3: counterbalanced per junior and model pair).
 * Combinations are scanned from a random start so the work moved mixes combinations.
 */
export function takeMovable(work: MovableWork, taken: Uint8Array, random: Random): number {
	const comboCount = work.balance.length;
	const start = random.int(comboCount);
	let bestBucket = -1;
	let bestTier = 3;
	for (let t = 0; t < comboCount && bestTier > 0; t++) {
		const c = (start + t) % comboCount;
		const firstSide = random.int(2);
		for (let s = 0; s < 2; s++) {
			const side = firstSide ^ s;
			const bucket = work.buckets[2 * c + side];
			while (bucket.length > 0 && taken[bucket[bucket.length - 1]] === 1) bucket.pop();
			if (bucket.length === 0) continue;
			const surplus = side === 0 ? work.balance[c] : -work.balance[c];
			const tier = surplus > 0 ? 0 : surplus === 0 ? 1 : 2;
			if (tier < bestTier) {
				bestTier = tier;
				bestBucket = 2 * c + side;
			}
		}
	}
	if (bestBucket < 0) return -1;
	const pair = work.buckets[bestBucket].pop()!;
	work.balance[bestBucket >> 1] += bestBucket % 2 === 0 ? -1 : 1;
	return pair;
}
