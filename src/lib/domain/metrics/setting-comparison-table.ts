import type { Cell, Column, Table } from '../export/table.ts';
import { SCENARIO_LABELS, SCENARIOS } from './scenarios.ts';
import type { ScenarioAverage } from './setting-comparison.ts';

/**
 * The Figure 1 comparison as a table: one row per (model, setting), one column per scenario with
 * the mean score (0–100) and one with its dataset count. `digits` rounds for reading; null keeps
 * full precision (CSV). Reference: BenchHealth Figure 1; `settingComparison`.
 */
export function settingComparisonTable(
	averages: readonly ScenarioAverage[],
	digits: number | null = 1
): Table {
	const columns: Column[] = [
		{ key: 'model', label: 'Model' },
		{ key: 'setting', label: 'Setting' },
		...SCENARIOS.flatMap((s) => [
			{ key: s, label: SCENARIO_LABELS[s], align: 'right' as const },
			{ key: `${s}_datasets`, label: `${SCENARIO_LABELS[s]} datasets`, align: 'right' as const }
		])
	];
	const rows = new Map<string, Record<string, Cell>>();
	for (const a of averages) {
		const key = JSON.stringify([a.model, a.setting]);
		let row = rows.get(key);
		if (!row) {
			row = { model: a.model, setting: a.setting };
			for (const s of SCENARIOS) row[s] = row[`${s}_datasets`] = null;
			rows.set(key, row);
		}
		row[a.scenario] = digits === null ? a.mean : Number(a.mean.toFixed(digits));
		row[`${a.scenario}_datasets`] = a.datasets;
	}
	return {
		columns,
		rows: [...rows.values()],
		caption:
			'Mean matching score (0–100) per scenario, model and prompting setting, as BenchHealth Figure 1 (scenarios as Table 1 groups the tasks).'
	};
}
