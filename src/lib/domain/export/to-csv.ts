import { stringify } from 'csv-stringify/sync';
import { cellValue, isSection, type Table } from './table.ts';

/**
 * Strings that a spreadsheet would run as a formula (leading =, +, -, @, tab or carriage return)
 * get a leading apostrophe. OWASP "CSV Injection". Numbers are left alone.
 */
export function neutraliseFormula(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180 CSV: one header line of column keys, one line per row; section rows are skipped. */
export function toCsv(table: Table): string {
	const keys = table.columns.map((column) => column.key);
	const records = table.rows
		.filter((row) => !isSection(row))
		.map((row) =>
			keys.map((key) => {
				const value = cellValue((row as Record<string, never>)[key]);
				if (value === null) return '';
				return typeof value === 'string' ? neutraliseFormula(value) : value;
			})
		);
	return stringify([keys, ...records], { record_delimiter: '\n' });
}
