import { SCENARIO_OF_TASK, SCENARIOS, type Scenario } from './scenarios.ts';
import type { UsefulnessInput } from './types.ts';

/** One bar of BenchHealth's Figure 1: a model's mean score in one scenario under one setting. */
export type ScenarioAverage = {
	model: string;
	/** The prompting setting (e.g. `3-shot`); null for scores without one. */
	setting: string | null;
	scenario: Scenario;
	/** Mean matching score (0–100) over the model's datasets of this scenario in this setting. */
	mean: number;
	datasets: number;
};

/**
 * BenchHealth Figure 1's comparison: per model and prompting setting, the unweighted mean of the
 * matching scores over the datasets of each scenario (Table 1's mapping: reasoning = QA and
 * treatment, generation = summarization and generation, understanding = NER, relation extraction
 * and classification). Models and settings in first-appearance order, scenarios in Table 1's
 * order; a scenario with no dataset for a (model, setting) is left out, not zero.
 * Reference: BenchHealth §5 Figure 1, Table 1; docs/methods.md §9.
 */
export function settingComparison(
	scores: readonly Pick<UsefulnessInput, 'model' | 'setting' | 'task' | 'score'>[]
): ScenarioAverage[] {
	const groups = new Map<
		string,
		{ model: string; setting: string | null; sums: Map<Scenario, number[]> }
	>();
	for (const s of scores) {
		const setting = s.setting ?? null;
		const key = JSON.stringify([s.model, setting]);
		let group = groups.get(key);
		if (!group) groups.set(key, (group = { model: s.model, setting, sums: new Map() }));
		const scenario = SCENARIO_OF_TASK[s.task];
		const list = group.sums.get(scenario);
		if (list) list.push(s.score);
		else group.sums.set(scenario, [s.score]);
	}
	const models = [...new Set([...groups.values()].map((g) => g.model))];
	return models.flatMap((model) =>
		[...groups.values()]
			.filter((g) => g.model === model)
			.flatMap((g) =>
				SCENARIOS.flatMap((scenario) => {
					const list = g.sums.get(scenario);
					if (!list) return [];
					const mean = list.reduce((sum, x) => sum + x, 0) / list.length;
					return [{ model, setting: g.setting, scenario, mean, datasets: list.length }];
				})
			)
	);
}
