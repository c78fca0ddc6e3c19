import {
	ROBUSTNESS_TASKS,
	type Robustness,
	type Task,
	type UsefulnessInput,
	type UsefulnessOptions
} from './types.ts';

/** Sample variance (n − 1 denominator), by the two-pass formula; n ≥ 2. */
function sampleVariance(values: readonly number[]): number {
	const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
	return values.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (values.length - 1);
}

/**
 * BenchHealth's robustness of one model: Σ over the representative tasks (default QA, radiology
 * report summarization, NER) of the sample standard deviation (n − 1) of the model's matching
 * score across that task's datasets; `variance` sums sample variances instead (the text's literal
 * "variance"). Tasks with fewer than two datasets are skipped and listed; null when none counts.
 * The SD reading reproduces the paper's printed figures (ChatGLM 21.1, ChatGLM-Med 22.4,
 * DoctorGLM 21.3 from its Table 5). Reference: BenchHealth §3 "Robustness", §5.5 (d); ARCHITECTURE §6.
 */
export function robustness(
	rows: readonly Pick<UsefulnessInput, 'task' | 'score'>[],
	options: UsefulnessOptions = {}
): Robustness {
	const spread = options.robustness ?? 'sd';
	const byTask = new Map<Task, number[]>();
	for (const row of rows) {
		const list = byTask.get(row.task);
		if (list) list.push(row.score);
		else byTask.set(row.task, [row.score]);
	}
	const tasks: Robustness['tasks'] = [];
	const skipped: Task[] = [];
	for (const task of options.robustnessTasks ?? ROBUSTNESS_TASKS) {
		const scores = byTask.get(task) ?? [];
		if (scores.length < 2) {
			skipped.push(task);
			continue;
		}
		const variance = sampleVariance(scores);
		tasks.push({
			task,
			datasets: scores.length,
			spread: spread === 'sd' ? Math.sqrt(variance) : variance
		});
	}
	const value = tasks.length === 0 ? null : tasks.reduce((sum, t) => sum + t.spread, 0);
	return { value, tasks, skipped };
}
