import type { Column, Row, Table } from '../export/table.ts';
import type { UsefulnessReport } from './usefulness-report.ts';

const round = (x: number | null, digits: number | null) =>
	x === null || digits === null ? x : Number(x.toFixed(digits));

/**
 * The usefulness report as a table: one row per model (per model and setting, with a Setting
 * column, when the scores carry settings) with the four figures (as BenchHealth
 * Figure 2), the means behind faithfulness and comprehensiveness, the dataset count and the
 * robustness tasks skipped. `digits` rounds for reading (the paper prints one decimal); null
 * keeps full precision (CSV). The caption states the input scale and that figures are on 0–100.
 */
export function usefulnessTable(report: UsefulnessReport, digits: number | null = 1): Table {
	const withSettings = report.models.some((m) => m.setting !== undefined);
	const columns: Column[] = [
		{ key: 'model', label: 'Model' },
		...(withSettings ? [{ key: 'setting', label: 'Setting' }] : []),
		{ key: 'faithfulness', label: 'Faithfulness', align: 'right' },
		{ key: 'faithfulness_mean', label: 'Mean precision', align: 'right' },
		{ key: 'comprehensiveness', label: 'Comprehensiveness', align: 'right' },
		{ key: 'comprehensiveness_mean', label: 'Mean recall', align: 'right' },
		{ key: 'generalizability', label: 'Generalizability', align: 'right' },
		{ key: 'robustness', label: 'Robustness', align: 'right' },
		{ key: 'datasets', label: 'Datasets', align: 'right' },
		{ key: 'robustness_skipped', label: 'Robustness tasks skipped' }
	];
	const rows: Row[] = report.models.map((m) => ({
		model: m.model,
		...(withSettings ? { setting: m.setting ?? null } : {}),
		faithfulness: round(m.faithfulness, digits),
		faithfulness_mean: round(m.faithfulnessMean, digits),
		comprehensiveness: round(m.comprehensiveness, digits),
		comprehensiveness_mean: round(m.comprehensivenessMean, digits),
		generalizability: round(m.generalizability, digits),
		robustness: round(m.robustness, digits),
		datasets: m.datasets,
		robustness_skipped: m.robustnessSkipped.join(' ')
	}));
	const scale =
		report.scale.input === '0-1'
			? 'Input scores on the 0–1 scale, multiplied by 100: every figure is on 0–100.'
			: 'Input scores on the 0–100 scale: every figure is on 0–100.';
	return {
		columns,
		rows,
		caption: `Clinical usefulness per model (BenchHealth §3, Figure 2); robustness: lower is better. ${scale}`,
		signature: report.signature
	};
}
