import type { Cell, Column, Row, Table } from '../export/table.ts';
import { SCENARIOS, SCENARIO_LABELS, SCENARIO_OF_TASK } from './scenarios.ts';
import type { Task } from './types.ts';

/** A row of the table: a model, or a reference row (task-specific SOTA, commercial upper bounds). */
export type ScoresTableModel = {
	model: string;
	/** Shown instead of `model` when given. */
	name?: string | null;
	/** `general`, `medical` or another kind; a row without one goes above every group. */
	kind?: string | null;
	params?: string | null;
	reference?: boolean;
};

export type ScoresTableScore = { model: string; dataset: string; task: Task; score: number };

const KIND_ORDER = ['general', 'medical'];

function typeLabel(kind: string): string {
	const lower = kind.toLowerCase();
	if (KIND_ORDER.includes(lower)) return `${kind[0].toUpperCase()}${lower.slice(1)} LLMs`;
	return kind[0].toUpperCase() + kind.slice(1);
}

/**
 * Per-dataset matching scores in the layout of BenchHealth's Table 5: columns Types, Methods,
 * # Params, then one column per dataset grouped by scenario (Table 1's mapping of tasks;
 * datasets in order of first appearance, reference rows last); rows grouped by kind (general, medical, others), a
 * group's reference rows first, rows without a kind (e.g. task-specific SOTA) on top; scores to
 * one decimal, "-" where a model has none; the best of each column in bold over every row,
 * reference rows included, as the paper prints it. Reference: BenchHealth §5, Table 5.
 */
export function paperScoresTable(
	scores: readonly ScoresTableScore[],
	models: readonly ScoresTableModel[],
	options: { caption?: string; signature?: string } = {}
): Table {
	// Dataset order: first appearance among the models' own scores, then among reference rows.
	const isReference = new Set(models.filter((m) => m.reference).map((m) => m.model));
	const datasets = new Map<string, Task>();
	for (const pass of [false, true])
		for (const s of scores)
			if (isReference.has(s.model) === pass && !datasets.has(s.dataset))
				datasets.set(s.dataset, s.task);
	const columns: Column[] = [
		{ key: 'type', label: 'Types' },
		{ key: 'model', label: 'Methods' },
		{ key: 'params', label: '# Params' }
	];
	for (const scenario of SCENARIOS) {
		for (const [dataset, task] of datasets) {
			if (SCENARIO_OF_TASK[task] !== scenario) continue;
			columns.push({
				key: `dataset:${dataset}`,
				label: dataset,
				group: SCENARIO_LABELS[scenario],
				align: 'right'
			});
		}
	}

	const scored = new Set(scores.map((s) => s.model));
	const known = new Map(models.map((m) => [m.model, m]));
	const ordered = models.filter((m) => scored.has(m.model));
	for (const s of scores) {
		if (!known.has(s.model)) {
			const added = { model: s.model };
			known.set(s.model, added);
			ordered.push(added);
		}
	}
	const score = new Map(scores.map((s) => [`${s.model}\u0000${s.dataset}`, s.score]));
	const shown = (model: string, dataset: string): number | null => {
		const value = score.get(`${model}\u0000${dataset}`);
		return value === undefined ? null : Number(value.toFixed(1));
	};
	const best = new Map<string, number>();
	for (const [dataset] of datasets) {
		const values = ordered
			.map((m) => shown(m.model, dataset))
			.filter((v): v is number => v !== null);
		if (values.length > 1) best.set(dataset, Math.max(...values));
	}

	const kinds = [...new Set(ordered.map((m) => m.kind?.trim() || ''))].sort((a, b) => {
		const rank = (k: string) =>
			k === '' ? -1 : KIND_ORDER.indexOf(k.toLowerCase()) + 1 || KIND_ORDER.length + 1;
		return rank(a) - rank(b);
	});
	const rows: Row[] = [];
	for (const kind of kinds) {
		const group = ordered.filter((m) => (m.kind?.trim() || '') === kind);
		const inOrder = [...group.filter((m) => m.reference), ...group.filter((m) => !m.reference)];
		inOrder.forEach((m, i) => {
			const row: Record<string, Cell> = {
				type: i === 0 && kind !== '' ? typeLabel(kind) : '',
				model: m.name ?? m.model,
				params: m.params?.trim() || '-'
			};
			for (const [dataset] of datasets) {
				const value = shown(m.model, dataset);
				row[`dataset:${dataset}`] =
					value === null ? '-' : { value: value.toFixed(1), bold: best.get(dataset) === value };
			}
			rows.push(row);
		});
	}
	const references = ordered.filter((m) => m.reference).map((m) => m.name ?? m.model);
	return {
		columns,
		rows,
		caption:
			options.caption ??
			[
				'Matching scores (0–100) per dataset, grouped by scenario as BenchHealth Table 5; best per column in bold, over every row.',
				references.length > 0 ? `Reference rows: ${references.join(', ')}.` : ''
			]
				.filter(Boolean)
				.join(' '),
		signature: options.signature
	};
}
