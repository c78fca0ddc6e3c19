import type { Random } from '../random.ts';
import { createLoadHeap } from './load-heap.ts';
import { shapeOf, splitShape, type Edge, type Shape } from './matchings.ts';
import type { PairIndex } from './pair-index.ts';

/**
 * Gives each pair to `ratersPerPair` distinct juniors so that, per prompt, each junior's pairs
 * repeat a response as rarely as the number of juniors allows (ARCHITECTURE.md §3 flow 2).
 *
 * Each prompt's pairs are split into K matchings (`matchings`, relabelled per prompt with the
 * seed); every matching is needed `ratersPerPair` times, so the prompt has U = K × ratersPerPair
 * units. The t = min(U, juniors) least-loaded juniors (seeded ties) are taken in load order and
 * unit u — units listed matching by matching — goes to the (u mod t)-th of them. Hence
 * - the copies of one matching are consecutive units, so they go to distinct juniors (t ≥ rpp);
 * - a junior holds at most ⌈U / juniors⌉ matchings of a prompt, all different, so sees each
 *   response at most that often — once when juniors ≥ U, the least any assignment can do for
 *   K_{p,q} and for K_M with M even (`planBlinding` states the exact figures);
 * - loads, counted in units, stay within 1 of each other (the U mod t extra units go to the
 *   least loaded), i.e. within one matching's size in pairs.
 * Returns each junior's pair indices in pair order. Requires 1 ≤ ratersPerPair ≤ juniorCount.
 */
export function chooseRaters(
	index: PairIndex,
	juniorCount: number,
	ratersPerPair: number,
	random: Random
): number[][] {
	const heap = createLoadHeap(juniorCount, random, new Float64Array(juniorCount));
	const loads = new Float64Array(juniorCount);
	const owned: number[][] = Array.from({ length: juniorCount }, () => []);
	const picked = new Int32Array(juniorCount);
	const edgeOf = comboEdges(index);
	// Prompts with the same combinations as the previous one (all of them, for a generated
	// design) reuse its shape.
	let shape: Shape | null = null;
	let shapeCombos: number[] = [];
	for (const prompt of pairsByPrompt(index.promptOf)) {
		const combos = prompt.map((pair) => index.comboOf[pair]);
		if (
			!shape ||
			combos.length !== shapeCombos.length ||
			combos.some((c, i) => c !== shapeCombos[i])
		) {
			shape = shapeOf(combos.map((c) => edgeOf[c]));
			shapeCombos = combos;
		}
		const sets = splitShape(shape, random);
		const units = sets.length * ratersPerPair;
		const t = Math.min(units, juniorCount);
		for (let i = 0; i < t; i++) picked[i] = heap.pop();
		for (let u = 0; u < units; u++) {
			const junior = picked[u % t];
			const set = sets[Math.floor(u / ratersPerPair)];
			for (const offset of set) owned[junior].push(prompt[offset]);
			loads[junior] += set.length;
		}
		for (let i = 0; i < t; i++) heap.push(picked[i], loads[picked[i]]);
	}
	for (const list of owned) list.sort((a, b) => a - b);
	return owned;
}

/** Each combination as an edge between vertex ids of its two models. */
export function comboEdges(index: PairIndex): Edge[] {
	const ids = new Map<string, number>();
	const id = (key: string) => ids.get(key) ?? (ids.set(key, ids.size), ids.size - 1);
	return index.combos.map(({ model, opponent }) => ({ a: id(model), b: id(opponent) }));
}

/** Pair indices grouped by prompt id (ids run from 0 in order of first appearance). */
export function pairsByPrompt(promptOf: Int32Array): number[][] {
	const groups: number[][] = [];
	for (let pair = 0; pair < promptOf.length; pair++) (groups[promptOf[pair]] ??= []).push(pair);
	return groups;
}
