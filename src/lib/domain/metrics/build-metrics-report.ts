import { aggregateModels } from './aggregate-models.ts';
import { metricsSignature } from './metrics-signature.ts';
import { scoreDataset } from './score-dataset.ts';
import type { DatasetScore, MetricsOptions, MetricsReport, Prediction } from './types.ts';

/**
 * The metrics report of a predictions file (the `medpair metrics --json` shape): one score per
 * (model, setting, dataset) — each in first-appearance order; `setting` only when the file has
 * one — and the four usefulness
 * figures per model, with the signature. Reference: ARCHITECTURE.md §6, issue 6.
 */
export function buildMetricsReport(
	predictions: readonly Prediction[],
	options: MetricsOptions = {}
): MetricsReport {
	const settings = new Set<string | null>();
	const models = new Set<string>();
	const datasets = new Set<string>();
	const groups = new Map<string, Prediction[]>();
	for (const p of predictions) {
		settings.add(p.setting ?? null);
		models.add(p.model);
		datasets.add(p.dataset);
		const key = JSON.stringify([p.model, p.dataset, p.setting ?? null]);
		const group = groups.get(key);
		if (group) group.push(p);
		else groups.set(key, [p]);
	}
	const scores: DatasetScore[] = [];
	for (const model of models) {
		for (const setting of settings) {
			for (const dataset of datasets) {
				const group = groups.get(JSON.stringify([model, dataset, setting]));
				if (!group) continue;
				const task = group[0].task;
				if (group.some((p) => p.task !== task)) {
					throw new Error(`buildMetricsReport: dataset ${dataset} mixes tasks`);
				}
				const score = scoreDataset(task, group, options);
				scores.push({ model, dataset, task, ...score, ...(setting === null ? {} : { setting }) });
			}
		}
	}
	return { signature: metricsSignature(options), scores, models: aggregateModels(scores, options) };
}
