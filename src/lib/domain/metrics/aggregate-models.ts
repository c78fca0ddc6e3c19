import { robustness } from './robustness.ts';
import type { ModelUsefulness, UsefulnessInput, UsefulnessOptions } from './types.ts';

/** Σ and mean of a field, or nulls when no row has it (callers ensure all or none do). */
function sumAndMean(
	values: readonly (number | null | undefined)[]
): [number | null, number | null] {
	const present = values.filter((x): x is number => typeof x === 'number');
	if (present.length === 0) return [null, null];
	const sum = present.reduce((total, x) => total + x, 0);
	return [sum, sum / present.length];
}

/**
 * BenchHealth's clinical-usefulness figures per model over the datasets it was scored on:
 * faithfulness = Σ precision, comprehensiveness = Σ recall (means also given; null without
 * precisions / recalls), generalizability = mean matching score, robustness = `robustness()`
 * (Σ over QA, summarization and NER of the sample SD across datasets by default; lower is better).
 * Models keep their first-appearance order. Reference: BenchHealth §3 (Faithfulness,
 * Comprehensiveness, Robustness, Generalizability); ARCHITECTURE.md §6.
 */
export function aggregateModels(
	scores: readonly UsefulnessInput[],
	options: UsefulnessOptions = {}
): ModelUsefulness[] {
	const byModel = new Map<string, UsefulnessInput[]>();
	for (const score of scores) {
		const list = byModel.get(score.model);
		if (list) list.push(score);
		else byModel.set(score.model, [score]);
	}
	return [...byModel].map(([model, rows]) => {
		const [faithfulness, faithfulnessMean] = sumAndMean(rows.map((row) => row.precision));
		const [comprehensiveness, comprehensivenessMean] = sumAndMean(rows.map((row) => row.recall));
		const robust = robustness(rows, options);
		return {
			model,
			faithfulness,
			faithfulnessMean,
			comprehensiveness,
			comprehensivenessMean,
			generalizability: rows.reduce((sum, row) => sum + row.score, 0) / rows.length,
			robustness: robust.value,
			robustnessTasks: robust.tasks,
			robustnessSkipped: robust.skipped,
			datasets: rows.length
		};
	});
}
