/**
 * The win / tie / loss results in the layout of BenchHealth's Table 6: rows are candidate models
 * grouped by kind (general / medical), then a "# Params" column as in the paper, column groups
 * are dimensions, sub-columns are reference models, cells are a rate in % (win+tie by default),
 * best per column in bold — optionally only among cells whose n reaches a stated minimum, and
 * optionally with each cell's n as a sub-column or a superscript (issue #15 §3).
 * Reference: BenchHealth §5.6, Table 6.
 */
import type { InterimCell } from '../study-stats/interim.ts';
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

/** How a cell's n (final labels) is shown: not at all, as a sub-column, or as a superscript. */
export const PAPER_N_MODES = ['none', 'column', 'superscript'] as const;
export type PaperNMode = (typeof PAPER_N_MODES)[number];

export type PaperOptions = {
	metric?: PaperMetric;
	signature?: string;
	caption?: string;
	/** A separate "# Params" column, as the paper prints it (default); false: "Name (7B)". */
	paramsColumn?: boolean;
	n?: PaperNMode;
	/** Bold the best value of a column only among cells with n ≥ this (default 1: any). */
	boldMinN?: number;
};

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

/** The row label: the name alone with a "# Params" column, else modelLabel(). */
export function paperRowLabel(model: PaperModel, paramsColumn = true): string {
	return paramsColumn ? (model.name ?? model.key) : modelLabel(model);
}

export function paperWinTieTable(
	cells: readonly WinTieCell[],
	models: readonly PaperModel[],
	dimensions: readonly { key: string; label: string }[],
	options: PaperOptions = {}
): Table {
	const metric = options.metric ?? 'win_or_tie_rate';
	const paramsColumn = options.paramsColumn ?? true;
	const nMode = options.n ?? 'none';
	const minN = Math.max(1, options.boldMinN ?? 1);
	const candidates = models.filter((m) => m.group === 'candidate');
	const references = models.filter((m) => m.group === 'reference');
	const byKey = new Map(
		cells.map((c) => [`${c.model}\u0000${c.opponent}\u0000${c.dimension ?? ''}`, c])
	);

	const columns: Column[] = [{ key: 'model', label: 'Model' }];
	if (paramsColumn) columns.push({ key: 'params', label: '# Params', align: 'right' });
	const rateColumns: Column[] = [];
	for (const dimension of dimensions)
		for (const reference of references) {
			const column: Column = {
				key: `${dimension.key}|${reference.key}`,
				label: reference.name ?? reference.key,
				group: dimension.label,
				align: 'right'
			};
			rateColumns.push(column);
			columns.push(column);
			if (nMode === 'column')
				columns.push({
					key: `${column.key}|n`,
					label: 'n',
					group: dimension.label,
					align: 'right'
				});
		}

	const cellOf = (candidate: PaperModel, column: Column) => {
		const [dimension, reference] = column.key.split('|');
		const cell = byKey.get(`${candidate.key}\u0000${reference}\u0000${dimension}`);
		return cell && cell.n > 0 ? cell : undefined;
	};
	const value = (cell: WinTieCell | undefined): number | null =>
		cell ? Math.round(cell[metric] * 1000) / 10 : null;
	const best = new Map<string, number>();
	for (const column of rateColumns) {
		const values = candidates
			.map((c) => cellOf(c, column))
			.filter((cell) => cell !== undefined && cell.n >= minN)
			.map((cell) => value(cell)!);
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
			const row: Record<string, Cell> = { model: paperRowLabel(candidate, paramsColumn) };
			if (paramsColumn) row.params = candidate.params?.trim() || '—';
			for (const column of rateColumns) {
				const cell = cellOf(candidate, column);
				const v = value(cell);
				row[column.key] =
					v === null
						? '—'
						: {
								value: v.toFixed(1),
								bold: cell!.n >= minN && best.get(column.key) === v,
								...(nMode === 'superscript' && { sup: String(cell!.n) })
							};
				if (nMode === 'column') row[`${column.key}|n`] = cell ? cell.n : 0;
			}
			rows.push(row);
		}
	}
	const notes = [
		minN > 1
			? `Best per column in bold, among cells with n ≥ ${minN} final labels.`
			: 'Best per column in bold.',
		nMode === 'superscript' ? 'n (superscript): the final labels behind each cell.' : '',
		nMode === 'column' ? 'n: the final labels behind each cell.' : ''
	].filter(Boolean);
	return {
		columns,
		rows,
		caption:
			options.caption ??
			`${PAPER_METRICS[metric][0].toUpperCase()}${PAPER_METRICS[metric].slice(1)} (%) of each candidate model against each reference model, per dimension. ${notes.join(' ')}`,
		signature: options.signature
	};
}

/**
 * The interim companion of Table 6 (issue #15 §3): the same rows and columns, each cell giving
 * what the table above leaves out — "pending / unresolved" pairs (waiting for a senior; juniors
 * differ and the escalation rule keeps the pair from the senior). Null when nothing is left out.
 */
export function paperInterimTable(
	interim: readonly InterimCell[],
	models: readonly PaperModel[],
	dimensions: readonly { key: string; label: string }[],
	options: { paramsColumn?: boolean } = {}
): Table | null {
	if (!interim.some((c) => c.pending > 0 || c.unresolved > 0)) return null;
	const paramsColumn = options.paramsColumn ?? true;
	const byKey = new Map(
		interim.map((c) => [`${c.model}\u0000${c.opponent}\u0000${c.dimension}`, c])
	);
	const references = models.filter((m) => m.group === 'reference');
	const columns: Column[] = [{ key: 'model', label: 'Model' }];
	for (const dimension of dimensions)
		for (const reference of references)
			columns.push({
				key: `${dimension.key}|${reference.key}`,
				label: reference.name ?? reference.key,
				group: dimension.label,
				align: 'right'
			});
	const rows: Row[] = models
		.filter((m) => m.group === 'candidate')
		.map((candidate) => {
			const row: Record<string, Cell> = { model: paperRowLabel(candidate, paramsColumn) };
			for (const column of columns.slice(1)) {
				const [dimension, reference] = column.key.split('|');
				const cell = byKey.get(`${candidate.key}\u0000${reference}\u0000${dimension}`);
				row[column.key] = `${cell?.pending ?? 0} / ${cell?.unresolved ?? 0}`;
			}
			return row;
		});
	return {
		columns,
		rows,
		caption:
			'Left out of the table above, per cell: pairs waiting for a senior / dimensions the juniors differ on in pairs the escalation rule keeps from the senior (pending / unresolved).'
	};
}
