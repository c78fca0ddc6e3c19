import { cellText, isBold, isSection, type Table } from './table.ts';

/** Aligned plain text for terminals; bold cells are marked with a trailing asterisk. */
export function toText(table: Table): string {
	const headers = table.columns.map((column) =>
		column.group ? `${column.group}/${column.label}` : column.label
	);
	const body = table.rows.map((row) =>
		isSection(row)
			? row
			: table.columns.map((column) => {
					const cell = row[column.key];
					return cellText(cell) + (isBold(cell) ? '*' : '');
				})
	);
	const widths = headers.map((header, i) =>
		Math.max(header.length, ...body.map((cells) => (Array.isArray(cells) ? cells[i].length : 0)))
	);
	const pad = (text: string, i: number) =>
		table.columns[i].align === 'right' ? text.padStart(widths[i]) : text.padEnd(widths[i]);
	const lines: string[] = [];
	if (table.caption) lines.push(table.caption);
	lines.push(headers.map(pad).join('  ').trimEnd());
	lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
	for (const cells of body) {
		lines.push(Array.isArray(cells) ? cells.map(pad).join('  ').trimEnd() : `[${cells.section}]`);
	}
	if (table.signature) lines.push('', `signature: ${table.signature}`);
	return lines.join('\n') + '\n';
}
