import type { EncodedOutcomes } from './encode-outcomes.ts';

export type DimensionPoints = {
	/** Global model indices taking part in this dimension, in first-seen order. */
	models: number[];
	/** points[i·m + j]: points of local model i against j, a win 1 and a tie ½ to each side. */
	points: Float64Array;
};

/**
 * The Bradley–Terry points matrix of every dimension from per-cell win/tie/loss counts (the
 * data's, or a bootstrap resample's): a tie counts as half a win each way (ARCHITECTURE §5).
 * `layout` (from a first call) fixes each dimension's model order so resamples line up.
 */
export function dimensionPoints(
	outcomes: EncodedOutcomes,
	wins: Float64Array,
	ties: Float64Array,
	losses: Float64Array,
	layout?: DimensionPoints[]
): DimensionPoints[] {
	const { cellModel, cellOpponent, cellDimension } = outcomes;
	const local = new Int32Array(outcomes.models.length).fill(-1);
	let modelLists = layout?.map((dimension) => dimension.models);
	if (!modelLists) {
		const lists: number[][] = outcomes.dimensions.map(() => []);
		const seen = outcomes.dimensions.map(() => new Set<number>());
		for (let c = 0; c < cellModel.length; c++) {
			const d = cellDimension[c];
			for (const model of [cellModel[c], cellOpponent[c]]) {
				if (!seen[d].has(model)) {
					seen[d].add(model);
					lists[d].push(model);
				}
			}
		}
		modelLists = lists;
	}
	const result = modelLists.map((models) => ({
		models,
		points: new Float64Array(models.length * models.length)
	}));
	for (let d = 0; d < result.length; d++) {
		const { models, points } = result[d];
		const m = models.length;
		models.forEach((model, i) => (local[model] = i));
		for (let c = 0; c < cellModel.length; c++) {
			if (cellDimension[c] !== d) continue;
			const i = local[cellModel[c]];
			const j = local[cellOpponent[c]];
			points[i * m + j] += wins[c] + ties[c] / 2;
			points[j * m + i] += losses[c] + ties[c] / 2;
		}
	}
	return result;
}
