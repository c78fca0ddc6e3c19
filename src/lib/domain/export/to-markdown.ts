import { cellText, isBold, isSection, type Table } from './table.ts';

function escape(text: string): string {
	return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A GitHub-flavoured Markdown pipe table; grouped columns get "Group: label" headers. */
export function toMarkdown(table: Table): string {
	const headers = table.columns.map((column) =>
		escape(column.group ? `${column.group}: ${column.label}` : column.label)
	);
	const rule = table.columns.map((column) => (column.align === 'right' ? '---:' : '---'));
	const lines = [`| ${headers.join(' | ')} |`, `| ${rule.join(' | ')} |`];
	for (const row of table.rows) {
		if (isSection(row)) {
			const cells = table.columns.map((_, i) => (i === 0 ? `*${escape(row.section)}*` : ''));
			lines.push(`| ${cells.join(' | ')} |`);
			continue;
		}
		const cells = table.columns.map((column) => {
			const cell = row[column.key];
			const text = escape(cellText(cell));
			return isBold(cell) && text !== '' ? `**${text}**` : text;
		});
		lines.push(`| ${cells.join(' | ')} |`);
	}
	const out = [];
	if (table.caption) out.push(table.caption, '');
	out.push(...lines);
	if (table.signature) out.push('', `Signature: \`${table.signature}\``);
	return out.join('\n') + '\n';
}
