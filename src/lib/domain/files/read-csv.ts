/**
 * RFC 4180 CSV (csv-parse) with the physical line on which each record starts. csv-parse's own
 * line count drifts on line breaks inside quoted fields (a CRLF in an LF file counts twice), so
 * lines are derived from the byte offset where each record ends (`info.bytes`): a record starts
 * where the previous one ended, after any blank lines; its line is the number of line breaks
 * (CRLF, LF or CR) before that point, plus one.
 */
import { parse } from 'csv-parse/sync';

export type CsvRow = { line: number; values: string[] };
export type CsvResult = { ok: true; rows: CsvRow[] } | { ok: false; line: number; message: string };

/** Byte offsets (UTF-8, as csv-parse counts) at which each physical line starts. */
function lineStarts(bytes: Uint8Array): number[] {
	const starts = [0];
	for (let i = 0; i < bytes.length; i++) {
		if (bytes[i] === 10) starts.push(i + 1);
		else if (bytes[i] === 13 && bytes[i + 1] !== 10) starts.push(i + 1);
	}
	return starts;
}

/** The 1-based line holding byte `offset` (binary search over the line starts). */
function lineAt(starts: number[], offset: number): number {
	let lo = 0;
	let hi = starts.length - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (starts[mid] <= offset) lo = mid;
		else hi = mid - 1;
	}
	return lo + 1;
}

export function readCsv(text: string, options: { trim?: boolean } = {}): CsvResult {
	const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const bytes = new TextEncoder().encode(body);
	const starts = lineStarts(bytes);
	const skipBlank = (offset: number) => {
		let at = offset;
		while (at < bytes.length && (bytes[at] === 10 || bytes[at] === 13)) at++;
		return at;
	};
	try {
		const records = parse(body, {
			info: true,
			skip_empty_lines: true,
			relax_column_count: true,
			trim: options.trim ?? false
		}) as unknown as { record: string[]; info: { bytes: number } }[];
		let end = 0;
		const rows = records.map(({ record, info }) => {
			const line = lineAt(starts, skipBlank(end));
			end = info.bytes;
			return { line, values: record };
		});
		return { ok: true, rows };
	} catch (error) {
		const { bytes: at, message } = error as { bytes?: number; message: string };
		const line = lineAt(starts, Math.min(at ?? 0, Math.max(0, bytes.length - 1)));
		return { ok: false, line, message: `invalid CSV: ${message.replace(/ at line \d+/, '')}` };
	}
}
