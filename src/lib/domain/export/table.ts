/**
 * A format-independent table: the statistics, metrics and export code build one of these, and
 * the formatters next to this file turn it into CSV, Markdown, LaTeX or aligned plain text.
 */
export type CellValue = string | number | null;

/**
 * A cell: a bare value, or a value with emphasis (e.g. the best score in its column) and an
 * optional superscript (e.g. the cell's n), which LaTeX and Markdown print raised and the
 * plain formats (CSV, text) leave out.
 */
export type Cell = CellValue | { value: CellValue; bold?: boolean; sup?: string };

export type Column = {
	key: string;
	label: string;
	align?: 'left' | 'right';
	/** Columns with the same consecutive `group` share a spanning header (e.g. a dimension). */
	group?: string;
};

/** A row of cells by column key, or a section heading spanning the table (e.g. "Medical"). */
export type Row = Record<string, Cell> | { section: string };

export type Table = {
	columns: Column[];
	rows: Row[];
	caption?: string;
	/** Printed under the table so every number can be reproduced. */
	signature?: string;
};

export function isSection(row: Row): row is { section: string } {
	return (
		typeof (row as { section?: unknown }).section === 'string' && Object.keys(row).length === 1
	);
}

export function cellValue(cell: Cell | undefined): CellValue {
	if (cell === undefined) return null;
	return cell !== null && typeof cell === 'object' ? cell.value : cell;
}

export function isBold(cell: Cell | undefined): boolean {
	return cell !== null && typeof cell === 'object' && cell.bold === true;
}

export function cellSup(cell: Cell | undefined): string | undefined {
	return cell !== null && typeof cell === 'object' ? cell.sup : undefined;
}

export function cellText(cell: Cell | undefined): string {
	const value = cellValue(cell);
	return value === null ? '' : String(value);
}

/** Consecutive runs of columns sharing a group label: [{ group, span }]. */
export function columnGroups(columns: Column[]): { group: string | undefined; span: number }[] {
	const runs: { group: string | undefined; span: number }[] = [];
	for (const column of columns) {
		const last = runs.at(-1);
		if (last && last.group !== undefined && last.group === column.group) last.span++;
		else runs.push({ group: column.group, span: 1 });
	}
	return runs;
}
