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
 * Models keep their first-appearance order; with settings, one entry per (model, setting) in
 * first-appearance order, each computed over that setting's scores only. Reference: BenchHealth §3 (Faithfulness,
 * Comprehensiveness, Robustness, Generalizability); ARCHITECTURE.md §6.
 */
export function aggregateModels(
	scores: readonly UsefulnessInput[],
	options: UsefulnessOptions = {}
): ModelUsefulness[] {
	// One group per (model, setting): a model's 0-shot and 5-shot scores are separate runs.
	const byModel = new Map<string, UsefulnessInput[]>();
	for (const score of scores) {
		const key = JSON.stringify([score.model, score.setting ?? null]);
		const list = byModel.get(key);
		if (list) list.push(score);
		else byModel.set(key, [score]);
	}
	return [...byModel.values()].map((rows) => {
		const { model, setting } = rows[0];
		const [faithfulness, faithfulnessMean] = sumAndMean(rows.map((row) => row.precision));
		const [comprehensiveness, comprehensivenessMean] = sumAndMean(rows.map((row) => row.recall));
		const robust = robustness(rows, options);
		return {
			model,
			...(setting === undefined ? {} : { setting }),
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
