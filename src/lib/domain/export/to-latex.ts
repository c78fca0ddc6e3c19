import { cellSup, cellText, columnGroups, isBold, isSection, type Table } from './table.ts';

const SPECIAL: Record<string, string> = {
	'\\': '\\textbackslash{}',
	'&': '\\&',
	'%': '\\%',
	$: '\\$',
	'#': '\\#',
	_: '\\_',
	'{': '\\{',
	'}': '\\}',
	'~': '\\textasciitilde{}',
	'^': '\\textasciicircum{}',
	// In LaTeX's default OT1 encoding these print as other glyphs (¡, ¿, —).
	'<': '\\textless{}',
	'>': '\\textgreater{}',
	'|': '\\textbar{}'
};

/** Escapes LaTeX's special characters and `<`, `>`, `|`; line breaks become spaces. */
export function escapeLatex(text: string): string {
	if (!/[\\&%$#_{}~^<>|\r\n]/.test(text)) return text; // most cells; this runs per cell of big exports
	return text.replace(/[\\&%$#_{}~^<>|]/g, (ch) => SPECIAL[ch]).replace(/\r\n?|\n/g, ' ');
}

/** A booktabs `table` with spanning group headers (\multicolumn + \cmidrule) and \textbf for bold. */
export function toLatex(table: Table): string {
	const n = table.columns.length;
	const spec = table.columns.map((column) => (column.align === 'right' ? 'r' : 'l')).join('');
	const lines = ['\\begin{table}[ht]', '\\centering'];
	if (table.caption) lines.push(`\\caption{${escapeLatex(table.caption)}}`);
	lines.push(`\\begin{tabular}{${spec}}`, '\\toprule');

	const groups = columnGroups(table.columns);
	if (groups.some((run) => run.group !== undefined)) {
		const cells: string[] = [];
		const rules: string[] = [];
		let start = 1;
		for (const run of groups) {
			if (run.group === undefined) cells.push(...Array(run.span).fill(''));
			else {
				cells.push(`\\multicolumn{${run.span}}{c}{${escapeLatex(run.group)}}`);
				rules.push(`\\cmidrule(lr){${start}-${start + run.span - 1}}`);
			}
			start += run.span;
		}
		lines.push(`${cells.join(' & ')} \\\\`, rules.join(' '));
	}
	lines.push(
		`${table.columns.map((column) => escapeLatex(column.label)).join(' & ')} \\\\`,
		'\\midrule'
	);

	for (const row of table.rows) {
		if (isSection(row)) {
			lines.push(`\\multicolumn{${n}}{l}{\\textit{${escapeLatex(row.section)}}} \\\\`);
			continue;
		}
		const cells = table.columns.map((column) => {
			const cell = row[column.key];
			const text = escapeLatex(cellText(cell));
			const sup = cellSup(cell);
			const shown = isBold(cell) && text !== '' ? `\\textbf{${text}}` : text;
			return sup ? `${shown}\\textsuperscript{${escapeLatex(sup)}}` : shown;
		});
		lines.push(`${cells.join(' & ')} \\\\`);
	}
	lines.push('\\bottomrule', '\\end{tabular}');
	if (table.signature) lines.push(`% signature: ${table.signature.replace(/\r?\n/g, ' ')}`);
	lines.push('\\end{table}');
	return lines.join('\n') + '\n';
}
