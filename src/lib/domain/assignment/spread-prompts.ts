import { shuffled, type Random } from '../random.ts';

/**
 * A seeded shuffle of `pairIndices` in which no two neighbours share a prompt, whenever that is
 * possible (no prompt holds more than ⌈n/2⌉ of the entries).
 *
 * Repair pass after a Fisher–Yates shuffle: scanning forward, a clash at i is swapped with the
 * nearest later entry of another prompt. If none is left, the tail is one prompt p; each surplus
 * p goes into a distinct gap of the clash-free prefix whose both neighbours are not p. Counting
 * runs shows there are enough such gaps exactly when p entries ≤ other entries + 1, so the repair
 * fails only when no arrangement exists; then the surplus stays at the end.
 */
export function spreadPrompts(
	pairIndices: readonly number[],
	promptOf: Int32Array,
	random: Random
): number[] {
	const order = shuffled(pairIndices, random);
	const n = order.length;
	for (let i = 1; i < n; i++) {
		const p = promptOf[order[i - 1]];
		if (promptOf[order[i]] !== p) continue;
		let j = i + 1;
		while (j < n && promptOf[order[j]] === p) j++;
		if (j === n) return spreadTail(order, i, promptOf, random);
		const swap = order[i];
		order[i] = order[j];
		order[j] = swap;
	}
	return order;
}

/**
 * `order[0..start−1]` is clash-free and `order[start−1..]` all share one prompt: moves the
 * surplus `order[start..]` into random distinct good gaps of the prefix.
 */
function spreadTail(
	order: number[],
	start: number,
	promptOf: Int32Array,
	random: Random
): number[] {
	const p = promptOf[order[start - 1]];
	// Gap g sits before order[g]; gap start−1 touches the tail, so it is never good.
	const good: number[] = [];
	for (let g = 0; g < start - 1; g++) {
		if ((g === 0 || promptOf[order[g - 1]] !== p) && promptOf[order[g]] !== p) good.push(g);
	}
	const surplus = order.length - start;
	const chosen = shuffled(good, random)
		.slice(0, surplus)
		.sort((a, b) => a - b);
	const out: number[] = [];
	let next = start;
	let c = 0;
	for (let g = 0; g < start; g++) {
		if (c < chosen.length && chosen[c] === g) {
			out.push(order[next++]);
			c++;
		}
		out.push(order[g]);
	}
	while (next < order.length) out.push(order[next++]);
	return out;
}
