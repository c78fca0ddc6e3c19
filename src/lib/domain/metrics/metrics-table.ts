import type { Cell, Column, Row, Table } from '../export/table.ts';
import type { MetricsReport, ModelUsefulness, Task } from './types.ts';

const TASK_LABELS: Record<Task, string> = {
	qa: 'QA',
	summarization: 'Summarization',
	generation: 'Generation',
	ner: 'NER',
	classification: 'Classification',
	relation: 'Relation extraction',
	treatment: 'Treatment'
};

const USEFULNESS = [
	{ key: 'faithfulness', label: 'Faithfulness', lowerIsBetter: false },
	{ key: 'comprehensiveness', label: 'Comprehensiveness', lowerIsBetter: false },
	{ key: 'generalizability', label: 'Generalizability', lowerIsBetter: false },
	{ key: 'robustness', label: 'Robustness', lowerIsBetter: true }
] as const satisfies readonly {
	key: keyof ModelUsefulness;
	label: string;
	lowerIsBetter: boolean;
}[];

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The report as one table in the layout of BenchHealth's Table 5 (models × datasets, datasets
 * grouped by task, matching scores 0–100 to one decimal, best per column in bold) followed by the
 * four clinical-usefulness figures of Figure 2 (robustness: lower is better). Reference:
 * BenchHealth Table 5 and Figure 2; `src/lib/domain/export/` renders it.
 */
export function metricsTable(report: MetricsReport): Table {
	const datasets = new Map<string, Task>();
	for (const s of report.scores) if (!datasets.has(s.dataset)) datasets.set(s.dataset, s.task);
	// Datasets grouped by task, tasks in first-appearance order.
	const tasks = [...new Set(datasets.values())];
	const ordered = tasks.flatMap((task) => [...datasets].filter(([, t]) => t === task));
	const reserved = new Set<string>(['model', 'setting', ...USEFULNESS.map((u) => u.key)]);
	// With settings (0-shot, 3-shot, …) each row is one (model, setting).
	const withSettings = report.models.some((m) => m.setting !== undefined);
	const rowOf = (x: { model: string; setting?: string }) =>
		JSON.stringify([x.model, x.setting ?? null]);
	const keyOf = (dataset: string) => (reserved.has(dataset) ? `dataset:${dataset}` : dataset);

	const columns: Column[] = [
		{ key: 'model', label: 'Model' },
		...(withSettings ? [{ key: 'setting', label: 'Setting' }] : []),
		...ordered.map(([dataset, task]) => ({
			key: keyOf(dataset),
			label: dataset,
			align: 'right' as const,
			group: TASK_LABELS[task]
		})),
		...USEFULNESS.map((u) => ({
			key: u.key,
			label: u.label,
			align: 'right' as const,
			group: 'Usefulness'
		}))
	];

	const values = new Map<string, Map<string, number | null>>();
	for (const m of report.models) {
		const row = new Map<string, number | null>();
		for (const u of USEFULNESS) {
			const value = m[u.key];
			row.set(u.key, value === null ? null : round1(value));
		}
		values.set(rowOf(m), row);
	}
	for (const s of report.scores) values.get(rowOf(s))?.set(keyOf(s.dataset), round1(s.score));

	const firstValue = withSettings ? 2 : 1;
	const best = new Map<string, number>();
	for (const column of columns.slice(firstValue)) {
		const lower = USEFULNESS.some((u) => u.key === column.key && u.lowerIsBetter);
		const present = [...values.values()]
			.map((row) => row.get(column.key))
			.filter((x): x is number => typeof x === 'number');
		if (present.length > 1)
			best.set(column.key, lower ? Math.min(...present) : Math.max(...present));
	}

	const rows: Row[] = report.models.map((m) => {
		const row: Record<string, Cell> = { model: m.model };
		if (withSettings) row.setting = m.setting ?? null;
		for (const column of columns.slice(firstValue)) {
			const value = values.get(rowOf(m))?.get(column.key) ?? null;
			row[column.key] =
				value !== null && best.get(column.key) === value ? { value, bold: true } : value;
		}
		return row;
	});

	return {
		columns,
		rows,
		caption:
			'Matching scores (0–100) per dataset and clinical usefulness per model, as BenchHealth Table 5 and Figure 2; robustness: lower is better.',
		signature: report.signature
	};
}
