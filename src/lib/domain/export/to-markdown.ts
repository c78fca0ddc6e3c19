import { cellSup, cellText, isBold, isSection, type Table } from './table.ts';

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes a cell for a pipe table: backslashes, pipes, line breaks (as spaces); `&`, `<`, `>`
 * as HTML entities, so raw HTML in a comment (`<script>`, `<img onerror>`) shows as text wherever
 * the Markdown is rendered (CommonMark passes raw HTML through; entities render as the
 * characters); and `[`, `]`, so a comment cannot make a link or an image that loads on view.
 */
export function escapeMarkdown(text: string): string {
	if (!/[\\|\r\n&<>[\]]/.test(text)) return text; // most cells; this runs per cell of big exports
	return text
		.replace(/[&<>]/g, (ch) => HTML[ch])
		.replace(/[\\|[\]]/g, '\\$&')
		.replace(/\r\n?|\n/g, ' ');
}

/** A GitHub-flavoured Markdown pipe table; grouped columns get "Group: label" headers. */
export function toMarkdown(table: Table): string {
	const headers = table.columns.map((column) =>
		escapeMarkdown(column.group ? `${column.group}: ${column.label}` : column.label)
	);
	const rule = table.columns.map((column) => (column.align === 'right' ? '---:' : '---'));
	const lines = [`| ${headers.join(' | ')} |`, `| ${rule.join(' | ')} |`];
	for (const row of table.rows) {
		if (isSection(row)) {
			const cells = table.columns.map((_, i) =>
				i === 0 ? `*${escapeMarkdown(row.section)}*` : ''
			);
			lines.push(`| ${cells.join(' | ')} |`);
			continue;
		}
		const cells = table.columns.map((column) => {
			const cell = row[column.key];
			const text = escapeMarkdown(cellText(cell));
			const sup = cellSup(cell);
			const shown = isBold(cell) && text !== '' ? `**${text}**` : text;
			return sup ? `${shown}<sup>${escapeMarkdown(sup)}</sup>` : shown;
		});
		lines.push(`| ${cells.join(' | ')} |`);
	}
	const out = [];
	if (table.caption) out.push(table.caption, '');
	out.push(...lines);
	if (table.signature) out.push('', `Signature: \`${table.signature}\``);
	return out.join('\n') + '\n';
}
