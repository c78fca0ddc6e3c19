/**
 * What the tables leave out while a study runs (issue #15 §3 "Interim tables"): per
 * (model, opponent, dimension) cell, the pairs waiting for a senior (`pending`: escalated, not
 * yet decided; they have no final label on any dimension) and the dimensions the juniors differ
 * on in complete pairs the study's escalation rule keeps from the senior (`unresolved`: no final
 * label). Pairs whose juniors have not all submitted are in neither count.
 */
export type InterimCell = {
	model: string;
	opponent: string;
	dimension: string;
	pending: number;
	unresolved: number;
};

export type Interim = {
	/** Pairs waiting for a senior. */
	pending_pairs: number;
	/** (pair, dimension) labels missing because the juniors differ and the pair is not escalated. */
	unresolved_labels: number;
	/** Cells with something left out, in pair then dimension order. */
	cells: InterimCell[];
};

export function interimCounts(input: {
	pairs: readonly { id: number; model: string; opponent: string }[];
	dimensions: readonly string[];
	/** Escalated, not withdrawn, not decided. */
	pending: ReadonlySet<number>;
	/** Every junior has submitted. */
	complete: ReadonlySet<number>;
	/** Escalated and not withdrawn (decided or not). */
	escalated: ReadonlySet<number>;
	/** `${pairId}:${dimension}` of every final label. */
	labelled: ReadonlySet<string>;
}): Interim {
	const cells = new Map<string, InterimCell>();
	const cellOf = (model: string, opponent: string, dimension: string) => {
		const key = `${model}\u0000${opponent}\u0000${dimension}`;
		let cell = cells.get(key);
		if (!cell) cells.set(key, (cell = { model, opponent, dimension, pending: 0, unresolved: 0 }));
		return cell;
	};
	let pendingPairs = 0;
	let unresolved = 0;
	for (const pair of input.pairs) {
		if (input.pending.has(pair.id)) {
			pendingPairs++;
			for (const dimension of input.dimensions)
				cellOf(pair.model, pair.opponent, dimension).pending++;
		} else if (input.complete.has(pair.id) && !input.escalated.has(pair.id)) {
			for (const dimension of input.dimensions)
				if (!input.labelled.has(`${pair.id}:${dimension}`)) {
					unresolved++;
					cellOf(pair.model, pair.opponent, dimension).unresolved++;
				}
		}
	}
	return { pending_pairs: pendingPairs, unresolved_labels: unresolved, cells: [...cells.values()] };
}

/** e.g. `interim:pending=3,unresolved=0` (every export's signature carries it). */
export function interimSignature(interim: Interim): string {
	return `interim:pending=${interim.pending_pairs},unresolved=${interim.unresolved_labels}`;
}
