import { shuffled, type Random } from '../random.ts';

/**
 * A seeded order of `pairIndices` that spaces each prompt's entries evenly and in which no two
 * neighbours share a prompt, whenever that is possible (no prompt holds more than ⌈n/2⌉ of them).
 *
 * Stratified start: the k entries of a prompt get keys (i + u)/k, i = 0..k−1 in seeded order,
 * with one uniform offset u per prompt; sorting by key puts, between two entries of a prompt with
 * k entries, about k′/k entries of every prompt with k′ — so a junior who sees several pairs of a
 * question (and so a response again, when there are too few juniors for matchings) meets them
 * about n/k apart instead of at random distances.
 *
 * Repair pass: scanning forward, a clash at i is swapped with the nearest later entry of another
 * prompt. If none is left, the tail is one prompt p; each surplus p goes into a distinct gap of
 * the clash-free prefix whose both neighbours are not p. Counting runs shows there are enough such
 * gaps exactly when p entries ≤ other entries + 1, so the repair fails only when no arrangement
 * exists; then the surplus stays at the end.
 */
export function spreadPrompts(
	pairIndices: readonly number[],
	promptOf: Int32Array,
	random: Random
): number[] {
	const order = stratified(pairIndices, promptOf, random);
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

/** Entries sorted by the stratified keys (i + u_p)/k_p; ties keep the seeded shuffle's order. */
function stratified(
	pairIndices: readonly number[],
	promptOf: Int32Array,
	random: Random
): number[] {
	const items = shuffled(pairIndices, random);
	const n = items.length;
	// Prompt ids are dense, so per-prompt counters are arrays over the ids met here.
	let top = 0;
	for (const item of items) top = Math.max(top, promptOf[item] + 1);
	const count = new Int32Array(top);
	for (const item of items) count[promptOf[item]]++;
	const offset = new Float64Array(top).fill(-1);
	const rank = new Int32Array(top);
	// Key quantised to 2^−21 and the entry's offset in the low 21 bits: one exact float per entry,
	// so a plain numeric sort orders by key, then by the shuffle (n < 2^21 entries per junior).
	const packed = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const p = promptOf[items[i]];
		if (offset[p] < 0) offset[p] = random.next();
		const key = (rank[p]++ + offset[p]) / count[p];
		packed[i] = Math.floor(key * 2 ** 21) * 2 ** 21 + i;
	}
	packed.sort();
	return Array.from(packed, (v) => items[v % 2 ** 21]);
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
