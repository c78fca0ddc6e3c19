import type { Table } from './table.ts';
import { toCsv } from './to-csv.ts';
import { toLatex } from './to-latex.ts';
import { toMarkdown } from './to-markdown.ts';
import { toText } from './to-text.ts';

export const TABLE_FORMATS = ['csv', 'md', 'latex', 'text'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** Renders a table in one of the export formats. */
export function formatTable(table: Table, format: TableFormat): string {
	switch (format) {
		case 'csv':
			return toCsv(table);
		case 'md':
			return toMarkdown(table);
		case 'latex':
			return toLatex(table);
		case 'text':
			return toText(table);
	}
}
