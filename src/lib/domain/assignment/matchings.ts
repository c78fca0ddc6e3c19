import { shuffled, type Random } from '../random.ts';

/** One pair of a prompt as two vertex ids (its model and its opponent). */
export type Edge = { a: number; b: number };

/**
 * Splits one prompt's pairs into matchings (sets of pairs in which no response appears twice),
 * as a proper edge colouring of the prompt's graph. Returns the edges' offsets per matching.
 *
 * Complete bipartite K_{p,q} (candidate-vs-reference): max(p, q) matchings of min(p, q) pairs,
 * colour (i + j) mod max(p, q) — optimal by König's edge-colouring theorem. Complete K_M
 * (all-pairs): the round-robin ("circle method") schedule, M − 1 perfect matchings for even M,
 * M matchings of (M − 1)/2 pairs for odd M (each leaves one vertex out) — optimal (Soifer, "The
 * Mathematical Coloring Book", §1). Any other graph: first-fit greedy, ≤ 2Δ − 1 matchings.
 *
 * With `random`, vertices are relabelled at random within each side first, so which responses
 * share a matching changes from prompt to prompt while the sizes and counts stay the same.
 */
export function matchings(edges: readonly Edge[], random: Random | null): number[][] {
	return splitShape(shapeOf(edges), random);
}

/** `matchings` for a graph already classified by `shapeOf` (prompts of a study share one). */
export function splitShape(shape: Shape, random: Random | null): number[][] {
	const { edges } = shape;
	if (shape.kind === 'other') return greedy(edges, random);
	const label = new Int32Array(shape.vertexCount);
	const relabel = (ids: readonly number[]) =>
		(random ? shuffled(ids, random) : ids).forEach((id, i) => (label[id] = i));
	let colourOf: (e: Edge) => number;
	let count: number;
	if (shape.kind === 'bipartite') {
		relabel(shape.left);
		relabel(shape.right);
		const n = (count = Math.max(shape.left.length, shape.right.length));
		colourOf = (e) => (label[e.a] + label[e.b]) % n;
	} else {
		relabel(shape.vertices);
		const m = shape.vertices.length;
		const n = (count = m % 2 === 1 ? m : m - 1);
		colourOf = (e) => {
			const [i, j] = [label[e.a], label[e.b]];
			if (m % 2 === 1) return (i + j) % m;
			// Even M: vertex M − 1 plays, in round c, the vertex i with 2i ≡ c (mod M − 1).
			if (i === n) return (2 * j) % n;
			if (j === n) return (2 * i) % n;
			return (i + j) % n;
		};
	}
	const out: number[][] = Array.from({ length: count }, () => []);
	edges.forEach((e, offset) => out[colourOf(e)].push(offset));
	return out;
}

/** A prompt's graph: complete bipartite, complete, or other; vertex ids run below vertexCount. */
export type Shape = { edges: readonly Edge[]; vertexCount: number } & (
	| { kind: 'bipartite'; left: number[]; right: number[] }
	| { kind: 'complete'; vertices: number[] }
	| { kind: 'other' }
);

/** Classifies the edges: exactly a complete bipartite or a complete graph (no repeats), or other. */
export function shapeOf(edges: readonly Edge[]): Shape {
	const left = new Set<number>();
	const right = new Set<number>();
	const seen = new Set<string>();
	let vertexCount = 0;
	for (const { a, b } of edges) vertexCount = Math.max(vertexCount, a + 1, b + 1);
	const other: Shape = { kind: 'other', edges, vertexCount };
	for (const { a, b } of edges) {
		if (a === b) return other;
		const key = a < b ? `${a}:${b}` : `${b}:${a}`;
		if (seen.has(key)) return other;
		seen.add(key);
		left.add(a);
		right.add(b);
	}
	const disjoint = [...left].every((v) => !right.has(v));
	if (disjoint && edges.length === left.size * right.size)
		return { kind: 'bipartite', left: [...left], right: [...right], edges, vertexCount };
	const vertices = [...new Set([...left, ...right])];
	if (edges.length === (vertices.length * (vertices.length - 1)) / 2)
		return { kind: 'complete', vertices, edges, vertexCount };
	return other;
}

/** First-fit: each edge (in a seeded order) takes the lowest colour free at both its ends. */
function greedy(edges: readonly Edge[], random: Random | null): number[][] {
	const offsets = edges.map((_, i) => i);
	const used = new Map<number, Set<number>>();
	const at = (v: number) => used.get(v) ?? (used.set(v, new Set()), used.get(v)!);
	const out: number[][] = [];
	for (const offset of random ? shuffled(offsets, random) : offsets) {
		const { a, b } = edges[offset];
		let colour = 0;
		while (at(a).has(colour) || at(b).has(colour)) colour++;
		at(a).add(colour);
		at(b).add(colour);
		(out[colour] ??= []).push(offset);
	}
	for (const m of out) m.sort((x, y) => x - y);
	return out;
}
