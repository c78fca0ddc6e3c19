/**
 * The win / tie / loss results in the layout of BenchHealth's Table 6: rows are candidate models
 * grouped by kind (general / medical) with their size, column groups are dimensions,
 * sub-columns are reference models, cells are a rate in % (win+tie by default), best per
 * column in bold. Reference: BenchHealth §5.6, Table 6.
 */
import type { WinTieCell } from '../stats/types.ts';
import type { Cell, Column, Row, Table } from './table.ts';

export type PaperModel = {
	key: string;
	name?: string | null;
	group: 'candidate' | 'reference';
	kind?: string | null;
	params?: string | null;
};

export const PAPER_METRICS = {
	win_or_tie_rate: 'win+tie rate',
	win_rate: 'win rate',
	win_rate_ties_half: 'win rate, ties counted half'
} as const;
export type PaperMetric = keyof typeof PAPER_METRICS;

const KIND_ORDER = ['general', 'medical'];

/** The row label of a candidate: its name, with its size when known ("Meditron 7B (7B)"). */
export function modelLabel(model: PaperModel): string {
	const name = model.name ?? model.key;
	const params = model.params?.trim();
	return params && !name.toLowerCase().includes(params.toLowerCase())
		? `${name} (${params})`
		: name;
}

function sectionOf(model: PaperModel): string {
	const kind = model.kind?.trim();
	return kind ? kind[0].toUpperCase() + kind.slice(1) : 'Other';
}

export function paperWinTieTable(
	cells: readonly WinTieCell[],
	models: readonly PaperModel[],
	dimensions: readonly { key: string; label: string }[],
	options: { metric?: PaperMetric; signature?: string; caption?: string } = {}
): Table {
	const metric = options.metric ?? 'win_or_tie_rate';
	const candidates = models.filter((m) => m.group === 'candidate');
	const references = models.filter((m) => m.group === 'reference');
	const byKey = new Map(
		cells.map((c) => [`${c.model}\u0000${c.opponent}\u0000${c.dimension ?? ''}`, c])
	);

	const columns: Column[] = [{ key: 'model', label: 'Model' }];
	for (const dimension of dimensions)
		for (const reference of references)
			columns.push({
				key: `${dimension.key}|${reference.key}`,
				label: reference.name ?? reference.key,
				group: dimension.label,
				align: 'right'
			});

	const value = (candidate: PaperModel, column: Column): number | null => {
		const [dimension, reference] = column.key.split('|');
		const cell = byKey.get(`${candidate.key}\u0000${reference}\u0000${dimension}`);
		return cell && cell.n > 0 ? Math.round(cell[metric] * 1000) / 10 : null;
	};
	const best = new Map<string, number>();
	for (const column of columns.slice(1)) {
		const values = candidates.map((c) => value(c, column)).filter((v): v is number => v !== null);
		if (values.length > 1) best.set(column.key, Math.max(...values));
	}

	const sections = [...new Set(candidates.map(sectionOf))].sort((a, b) => {
		const rank = (s: string) => KIND_ORDER.indexOf(s.toLowerCase()) + 1 || KIND_ORDER.length + 1;
		return rank(a) - rank(b);
	});
	const rows: Row[] = [];
	for (const section of sections) {
		if (sections.length > 1 || section !== 'Other') rows.push({ section });
		for (const candidate of candidates.filter((c) => sectionOf(c) === section)) {
			const row: Record<string, Cell> = { model: modelLabel(candidate) };
			for (const column of columns.slice(1)) {
				const v = value(candidate, column);
				row[column.key] =
					v === null ? '—' : { value: v.toFixed(1), bold: best.get(column.key) === v };
			}
			rows.push(row);
		}
	}
	return {
		columns,
		rows,
		caption:
			options.caption ??
			`${PAPER_METRICS[metric][0].toUpperCase()}${PAPER_METRICS[metric].slice(1)} (%) of each candidate model against each reference model, per dimension.`,
		signature: options.signature
	};
}
