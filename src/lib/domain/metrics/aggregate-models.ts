import type { DatasetScore, ModelUsefulness } from './types.ts';

function populationVariance(values: readonly number[]): number {
	const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
	return values.reduce((sum, x) => sum + (x - mean) ** 2, 0) / values.length;
}

/**
 * BenchHealth's clinical-usefulness figures per model over the datasets it was scored on:
 * faithfulness = Σ precision, comprehensiveness = Σ recall (means also given), generalizability =
 * mean matching score, robustness = Σ over tasks with ≥ 2 datasets of the population variance of
 * the matching score across those datasets (lower is better; null when no task has two datasets).
 * Models keep their first-appearance order. Reference: BenchHealth §3 (Faithfulness,
 * Comprehensiveness, Robustness, Generalizability); ARCHITECTURE.md §6.
 */
export function aggregateModels(scores: readonly DatasetScore[]): ModelUsefulness[] {
	const byModel = new Map<string, DatasetScore[]>();
	for (const score of scores) {
		const list = byModel.get(score.model);
		if (list) list.push(score);
		else byModel.set(score.model, [score]);
	}
	return [...byModel].map(([model, rows]) => {
		const k = rows.length;
		const faithfulness = rows.reduce((sum, row) => sum + row.precision, 0);
		const comprehensiveness = rows.reduce((sum, row) => sum + row.recall, 0);
		const generalizability = rows.reduce((sum, row) => sum + row.score, 0) / k;
		const byTask = new Map<string, number[]>();
		for (const row of rows) byTask.set(row.task, [...(byTask.get(row.task) ?? []), row.score]);
		const variances = [...byTask.values()].filter((v) => v.length >= 2).map(populationVariance);
		const robustness = variances.length === 0 ? null : variances.reduce((sum, v) => sum + v, 0);
		return {
			model,
			faithfulness,
			faithfulnessMean: faithfulness / k,
			comprehensiveness,
			comprehensivenessMean: comprehensiveness / k,
			generalizability,
			robustness,
			datasets: k
		};
	});
}
