/**
 * Strongly connected components of a directed graph on nodes 0..m−1 given by an edge test,
 * in reverse topological order (a component comes before every component that reaches it).
 * Tarjan (1972), "Depth-first search and linear graph algorithms", SIAM J. Comput. 1:146.
 */
export function stronglyConnectedComponents(
	m: number,
	hasEdge: (from: number, to: number) => boolean
): number[][] {
	const index = new Int32Array(m).fill(-1);
	const low = new Int32Array(m);
	const onStack = new Uint8Array(m);
	const stack: number[] = [];
	const components: number[][] = [];
	let counter = 0;

	const visit = (v: number): void => {
		index[v] = low[v] = counter++;
		stack.push(v);
		onStack[v] = 1;
		for (let w = 0; w < m; w++) {
			if (w === v || !hasEdge(v, w)) continue;
			if (index[w] === -1) {
				visit(w);
				low[v] = Math.min(low[v], low[w]);
			} else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
		}
		if (low[v] === index[v]) {
			const component: number[] = [];
			let w: number;
			do {
				w = stack.pop()!;
				onStack[w] = 0;
				component.push(w);
			} while (w !== v);
			components.push(component.sort((a, b) => a - b));
		}
	};
	for (let v = 0; v < m; v++) if (index[v] === -1) visit(v);
	return components;
}
