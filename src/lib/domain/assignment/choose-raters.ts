import type { Random } from '../random.ts';
import { createLoadHeap } from './load-heap.ts';

/**
 * Gives each of `pairCount` pairs to `ratersPerPair` distinct juniors, least-loaded first with
 * seeded random tiebreaks; returns each junior's pair indices in pair order. Loads end within 1
 * of each other because every pair adds one to the `ratersPerPair` smallest loads.
 * Requires 1 ≤ ratersPerPair ≤ juniorCount (checked by the caller).
 */
export function chooseRaters(
	pairCount: number,
	juniorCount: number,
	ratersPerPair: number,
	random: Random
): number[][] {
	const heap = createLoadHeap(juniorCount, random, new Float64Array(juniorCount));
	const loads = new Float64Array(juniorCount);
	const picked = new Int32Array(ratersPerPair);
	const owned: number[][] = Array.from({ length: juniorCount }, () => []);
	for (let pair = 0; pair < pairCount; pair++) {
		// Popping before pushing back is what keeps the raters of one pair distinct.
		for (let r = 0; r < ratersPerPair; r++) picked[r] = heap.pop();
		for (let r = 0; r < ratersPerPair; r++) {
			const junior = picked[r];
			owned[junior].push(pair);
			heap.push(junior, ++loads[junior]);
		}
	}
	return owned;
}
