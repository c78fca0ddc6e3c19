import { shuffled, type Random } from '../random.ts';

/** A repeat comes at least this many queue positions after its original, when the queue allows. */
export const REPEAT_MIN_GAP = 10;

/**
 * Interleaves repeats into a junior's queue of originals (`order`, clash-free by prompt).
 * round(repeatRate × n) originals are drawn, half from each placement, among those early enough to
 * be followed by REPEAT_MIN_GAP others; each repeat goes to a random gap in the second half of the
 * queue and at least REPEAT_MIN_GAP after its original, moving to a nearby gap if its neighbours
 * there share its prompt. Returns the merged sequence: o ≥ 0 is original `order[o]`, −(o + 1) is
 * the repeat of original o.
 */
export function insertRepeats(
	order: readonly number[],
	left: Uint8Array,
	promptOf: Int32Array,
	repeatRate: number,
	random: Random
): number[] {
	const n = order.length;
	const originals = chooseOriginals(left, Math.round(repeatRate * n), random);
	if (originals.length === 0) return Array.from(order, (_, o) => o);

	const chains: number[][] = Array.from({ length: n + 1 }, () => []);
	const promptAt = (entry: number): number => promptOf[order[entry < 0 ? -entry - 1 : entry]];
	const fits = (gap: number, prompt: number): boolean => {
		const chain = chains[gap];
		const before = chain.length > 0 ? chain[chain.length - 1] : gap > 0 ? gap - 1 : null;
		if (before !== null && promptAt(before) === prompt) return false;
		return gap === n || promptOf[order[gap]] !== prompt;
	};
	for (const o of originals) {
		const lowest = Math.min(n, Math.max(o + REPEAT_MIN_GAP, Math.ceil(n / 2)));
		const target = lowest + random.int(n - lowest + 1);
		const prompt = promptOf[order[o]];
		let gap = target;
		while (gap <= n && !fits(gap, prompt)) gap++;
		if (gap > n) for (gap = target - 1; gap >= lowest && !fits(gap, prompt); gap--);
		chains[gap < lowest ? target : gap].push(-o - 1);
	}

	const sequence: number[] = [];
	for (let gap = 0; gap <= n; gap++) {
		for (const repeat of chains[gap]) sequence.push(repeat);
		if (gap < n) sequence.push(gap);
	}
	return sequence;
}

/**
 * `count` queue positions to repeat, ascending: drawn among the first max(count, n − gap + 1)
 * positions, half with the model on the left and half on the right (the odd one at random), so the
 * swapped repeats stay counterbalanced too.
 */
function chooseOriginals(left: Uint8Array, count: number, random: Random): number[] {
	if (count <= 0) return [];
	const eligible = Math.min(left.length, Math.max(count, left.length - REPEAT_MIN_GAP + 1));
	const lefts: number[] = [];
	const rights: number[] = [];
	for (let o = 0; o < eligible; o++) (left[o] ? lefts : rights).push(o);
	const wantLeft = (count >> 1) + (count % 2 === 1 ? random.int(2) : 0);
	const fromLeft = Math.min(lefts.length, Math.max(wantLeft, count - rights.length));
	return [
		...shuffled(lefts, random).slice(0, fromLeft),
		...shuffled(rights, random).slice(0, count - fromLeft)
	].sort((a, b) => a - b);
}
