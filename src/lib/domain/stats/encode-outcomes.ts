import type { Outcome } from './types.ts';

/**
 * Outcomes as small integers. A cell is one (model, opponent, dimension) as oriented in the
 * data; `wins`, `ties`, `losses` are its totals. `promptStart` groups the outcomes by prompt
 * (compressed sparse rows over `entryCell` / `entryOutcome`, 0 loss, 1 tie, 2 win), so a
 * bootstrap resample of prompts re-weights whole groups. Everything in first-seen order.
 */
export type EncodedOutcomes = {
	dimensions: (string | null)[];
	models: string[];
	prompts: string[];
	cellModel: Int32Array;
	cellOpponent: Int32Array;
	cellDimension: Int32Array;
	wins: Float64Array;
	ties: Float64Array;
	losses: Float64Array;
	promptStart: Int32Array;
	entryCell: Int32Array;
	entryOutcome: Uint8Array;
};

const OUTCOME_CODE = new Map<string, number>([
	['loss', 0],
	['tie', 1],
	['win', 2]
]);

/**
 * Encodes outcomes in one pass plus a counting sort by prompt. Throws RangeError on an unknown
 * outcome, a model compared with itself, or a pair judged twice on a dimension for the same
 * prompt (in either orientation); file readers check these first, with line numbers.
 */
export function encodeOutcomes(outcomes: readonly Outcome[]): EncodedOutcomes {
	const n = outcomes.length;
	const index = <T>(map: Map<T, number>, list: T[], key: T): number => {
		let at = map.get(key);
		if (at === undefined) {
			at = list.length;
			list.push(key);
			map.set(key, at);
		}
		return at;
	};
	const dimensionIndex = new Map<string | null, number>();
	const modelIndex = new Map<string, number>();
	const promptIndex = new Map<string, number>();
	const cellIndex = new Map<number, number>();
	const dimensions: (string | null)[] = [];
	const models: string[] = [];
	const prompts: string[] = [];
	const cells: number[] = [];
	const rowCell = new Int32Array(n);
	const rowPrompt = new Int32Array(n);
	const rowOutcome = new Uint8Array(n);

	for (let r = 0; r < n; r++) {
		const row = outcomes[r];
		const code = OUTCOME_CODE.get(row.outcome);
		if (code === undefined) throw new RangeError(`unknown outcome "${row.outcome}"`);
		if (row.model === row.opponent) {
			throw new RangeError(`model "${row.model}" is compared with itself`);
		}
		const d = index(dimensionIndex, dimensions, row.dimension ?? null);
		const m = index(modelIndex, models, row.model);
		const o = index(modelIndex, models, row.opponent);
		if (o >= 65536 || m >= 65536 || d >= 65536) {
			throw new RangeError('at most 65536 models and 65536 dimensions');
		}
		const key = (d * 65536 + m) * 65536 + o;
		rowCell[r] = index(cellIndex, cells, key);
		rowPrompt[r] = index(promptIndex, prompts, row.prompt);
		rowOutcome[r] = code;
	}

	const nCells = cells.length;
	const cellModel = new Int32Array(nCells);
	const cellOpponent = new Int32Array(nCells);
	const cellDimension = new Int32Array(nCells);
	cells.forEach((key, c) => {
		cellOpponent[c] = key % 65536;
		cellModel[c] = Math.floor(key / 65536) % 65536;
		cellDimension[c] = Math.floor(key / 65536 / 65536);
	});
	// The same unordered pair and dimension: a cell and its reverse share this id.
	const pairId = new Int32Array(nCells);
	const pairIndex = new Map<number, number>();
	for (let c = 0; c < nCells; c++) {
		const lo = Math.min(cellModel[c], cellOpponent[c]);
		const hi = Math.max(cellModel[c], cellOpponent[c]);
		const key = (cellDimension[c] * 65536 + lo) * 65536 + hi;
		pairId[c] = pairIndex.get(key) ?? pairIndex.size;
		pairIndex.set(key, pairId[c]);
	}

	const wins = new Float64Array(nCells);
	const ties = new Float64Array(nCells);
	const losses = new Float64Array(nCells);
	const promptStart = new Int32Array(prompts.length + 1);
	for (let r = 0; r < n; r++) {
		promptStart[rowPrompt[r] + 1]++;
		const totals = rowOutcome[r] === 2 ? wins : rowOutcome[r] === 1 ? ties : losses;
		totals[rowCell[r]]++;
	}
	for (let p = 0; p < prompts.length; p++) promptStart[p + 1] += promptStart[p];
	const fill = promptStart.slice(0, prompts.length);
	const entryCell = new Int32Array(n);
	const entryOutcome = new Uint8Array(n);
	for (let r = 0; r < n; r++) {
		const at = fill[rowPrompt[r]]++;
		entryCell[at] = rowCell[r];
		entryOutcome[at] = rowOutcome[r];
	}

	const lastPrompt = new Int32Array(pairIndex.size).fill(-1);
	for (let p = 0; p < prompts.length; p++) {
		for (let at = promptStart[p]; at < promptStart[p + 1]; at++) {
			const c = entryCell[at];
			if (lastPrompt[pairId[c]] === p) {
				throw new RangeError(
					`prompt "${prompts[p]}": ${models[cellModel[c]]} vs ${models[cellOpponent[c]]} is judged more than once on ${dimensions[cellDimension[c]] ?? 'the dimension'}`
				);
			}
			lastPrompt[pairId[c]] = p;
		}
	}

	return {
		dimensions,
		models,
		prompts,
		cellModel,
		cellOpponent,
		cellDimension,
		wins,
		ties,
		losses,
		promptStart,
		entryCell,
		entryOutcome
	};
}
