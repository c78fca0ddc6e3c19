/**
 * Row-by-row renderers for tables too large to hold in memory (the judgments export): the rows
 * arrive from an iterator and leave as chunks of about `chunkSize` characters, so memory stays
 * flat however many rows there are. Plain tables only (no column groups, sections or bold).
 * CSV follows RFC 4180 like `toCsv`, Markdown matches `toMarkdown`; LaTeX is a booktabs
 * `longtable`, which breaks across pages where a `table` float could not.
 */
import { cellValue, isSection, type Column, type Table } from './table.ts';
import { escapeMarkdown } from './to-markdown.ts';
import { escapeLatex } from './to-latex.ts';
import { neutraliseFormula } from './to-csv.ts';

export type StreamValue = string | number | boolean | null;
export type StreamFormat = 'csv' | 'json' | 'md' | 'latex';
export type StreamHeader = {
	columns: readonly Column[];
	caption?: string;
	signature: string;
	/** The JSON property holding the rows: `{"signature": ..., "<key>": [...]}` (default rows). */
	jsonKey?: string;
};

/** The first line of every CSV export; readers skip it with `comment='#'`. */
export function csvSignatureLine(signature: string): string {
	return `# medpair ${signature.replace(/[\r\n]+/g, ' ')}\n`;
}

/**
 * One RFC 4180 field: formula-like strings neutralised (numbers stay numbers), quoted when it
 * holds , " CR or LF — or #, so that readers told `comment='#'` (pandas, csv-parse) do not cut
 * the line there: they honour the comment character only outside quotes.
 */
export function csvField(value: StreamValue): string {
	if (value === null) return '';
	if (typeof value !== 'string') return String(value);
	// One test for the common case (nothing to neutralise or quote), as this runs per cell.
	if (!/^[=+\-@\t\r]|[",\r\n#]/.test(value)) return value;
	const text = neutraliseFormula(value);
	return /[",\r\n#]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const text = (value: StreamValue) => (value === null ? '' : String(value));

function renderers(header: StreamHeader, format: StreamFormat) {
	const { columns, caption, signature } = header;
	switch (format) {
		case 'csv':
			return {
				head: csvSignatureLine(signature) + columns.map((c) => csvField(c.key)).join(',') + '\n',
				row: (values: readonly StreamValue[]) => {
					let line = csvField(values[0]);
					for (let i = 1; i < values.length; i++) line += ',' + csvField(values[i]);
					return line + '\n';
				},
				tail: ''
			};
		case 'json': {
			const keys = columns.map((c) => `${JSON.stringify(c.key)}:`);
			let first = true;
			return {
				head: `{"signature":${JSON.stringify(signature)},${JSON.stringify(header.jsonKey ?? 'rows')}:[`,
				row: (values: readonly StreamValue[]) => {
					const object = `{${values.map((v, i) => keys[i] + JSON.stringify(v)).join(',')}}`;
					const line = first ? `\n${object}` : `,\n${object}`;
					first = false;
					return line;
				},
				tail: '\n]}\n'
			};
		}
		case 'md': {
			const headers = columns.map((c) => escapeMarkdown(c.label));
			const rule = columns.map((c) => (c.align === 'right' ? '---:' : '---'));
			return {
				head:
					(caption ? `${caption}\n\n` : '') +
					`| ${headers.join(' | ')} |\n| ${rule.join(' | ')} |\n`,
				row: (values: readonly StreamValue[]) =>
					`| ${values.map((v) => escapeMarkdown(text(v))).join(' | ')} |\n`,
				tail: `\nSignature: \`${signature}\`\n`
			};
		}
		case 'latex': {
			const spec = columns.map((c) => (c.align === 'right' ? 'r' : 'l')).join('');
			const labels = `${columns.map((c) => escapeLatex(c.label)).join(' & ')} \\\\\n`;
			return {
				head:
					`\\begin{longtable}{${spec}}\n` +
					(caption ? `\\caption{${escapeLatex(caption)}} \\\\\n` : '') +
					`\\toprule\n${labels}\\midrule\n\\endfirsthead\n` +
					`\\toprule\n${labels}\\midrule\n\\endhead\n\\bottomrule\n\\endlastfoot\n`,
				row: (values: readonly StreamValue[]) =>
					`${values.map((v) => escapeLatex(text(v))).join(' & ')} \\\\\n`,
				tail: `\\end{longtable}\n% signature: ${signature.replace(/[\r\n]+/g, ' ')}\n`
			};
		}
	}
}

/**
 * Renders rows (values in column order) as chunks of roughly `chunkSize` characters; the
 * iterator is pulled only as fast as the chunks are consumed.
 */
export function* streamTable(
	header: StreamHeader,
	rows: Iterable<readonly StreamValue[]>,
	format: StreamFormat,
	chunkSize = 64 * 1024
): Generator<string, void, undefined> {
	const render = renderers(header, format);
	let buffer = render.head;
	for (const values of rows) {
		buffer += render.row(values);
		if (buffer.length >= chunkSize) {
			yield buffer;
			buffer = '';
		}
	}
	yield buffer + render.tail;
}

/** streamTable over rows that arrive asynchronously (a PostgreSQL cursor). */
export async function* streamTableAsync(
	header: StreamHeader,
	rows: AsyncIterable<readonly StreamValue[]>,
	format: StreamFormat,
	chunkSize = 64 * 1024
): AsyncGenerator<string, void, undefined> {
	const render = renderers(header, format);
	let buffer = render.head;
	for await (const values of rows) {
		buffer += render.row(values);
		if (buffer.length >= chunkSize) {
			yield buffer;
			buffer = '';
		}
	}
	yield buffer + render.tail;
}

/** A whole table as CSV under the signature line, quoted like the streamed exports. */
export function tableCsv(table: Table, signature: string): string {
	const rows = table.rows
		.filter((row) => !isSection(row))
		.map((row) => table.columns.map((c) => cellValue((row as Record<string, never>)[c.key])));
	return [...streamTable({ columns: table.columns, signature }, rows, 'csv', Infinity)].join('');
}
