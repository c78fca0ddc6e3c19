import { readCsv as readCsvRows } from '../files/read-csv.ts';
import type { RecordFormat } from './record-format.ts';
import { failure, type ParseError, type ParseResult } from './parse-result.ts';

export type RecordRow = { line: number; values: (string | undefined)[] };

/** Records of a CSV or JSON Lines file: `keys` (lower-cased) and one row of values per record. */
export type RecordTable = { format: RecordFormat; keys: string[]; rows: RecordRow[] };

/**
 * Reads RFC 4180 CSV with a header line, or JSON Lines (one object per line; strings, numbers
 * and booleans become strings, null becomes missing). Blank lines are skipped; fields are
 * trimmed; every row keeps its 1-based line number for error messages. CSV without any quote
 * character takes a fast path that splits lines and commas directly.
 */
export function readRecords(text: string, format: RecordFormat): ParseResult<RecordTable> {
	const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	return format === 'csv' ? readCsv(body) : readJsonLines(body);
}

function readCsv(text: string): ParseResult<RecordTable> {
	let records: RecordRow[];
	if (!text.includes('"')) {
		records = [];
		// Walk the text line by line rather than splitting it whole: no array of a million lines.
		let line = 0;
		for (let from = 0; from <= text.length;) {
			let to = text.indexOf('\n', from);
			if (to === -1) to = text.length;
			line++;
			const source = text.slice(from, to);
			from = to + 1;
			if (source === '' || (source.charCodeAt(0) <= 32 && source.trim() === '')) continue;
			const fields = source.split(',');
			for (let f = 0; f < fields.length; f++) {
				const field = fields[f];
				// Trim only when needed (allocating a copy of every field is the slow part).
				if (
					field.length > 0 &&
					(field.charCodeAt(0) <= 32 || field.charCodeAt(field.length - 1) <= 32)
				) {
					fields[f] = field.trim();
				}
			}
			records.push({ line, values: fields });
		}
	} else {
		// Quoted fields may hold line breaks: readCsv keeps each record's true starting line.
		const parsed = readCsvRows(text, { trim: true });
		if (!parsed.ok) return { ok: false, errors: [{ line: parsed.line, message: parsed.message }] };
		records = parsed.rows;
	}
	if (records.length === 0) return { ok: true, value: { format: 'csv', keys: [], rows: [] } };
	const header = records[0];
	const keys = (header.values as string[]).map((key) => key.toLowerCase());
	const errors: ParseError[] = [];
	keys.forEach((key, i) => {
		if (key === '') errors.push({ line: header.line, message: `column ${i + 1} has no name` });
		else if (keys.indexOf(key) !== i) {
			errors.push({ line: header.line, message: `column "${key}" appears twice in the header` });
		}
	});
	const rows = records;
	rows.shift();
	for (const { line, values } of rows) {
		if (values.length !== keys.length) {
			errors.push({ line, message: `expected ${keys.length} fields, found ${values.length}` });
		}
	}
	return errors.length > 0 ? failure(errors) : { ok: true, value: { format: 'csv', keys, rows } };
}

function readJsonLines(text: string): ParseResult<RecordTable> {
	const keys: string[] = [];
	const keyIndex = new Map<string, number>();
	const rows: RecordRow[] = [];
	const errors: ParseError[] = [];
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const source = lines[i].trim();
		if (source === '') continue;
		const line = i + 1;
		let object: unknown;
		try {
			object = JSON.parse(source);
		} catch (error) {
			errors.push({ line, message: `invalid JSON: ${(error as Error).message}` });
			continue;
		}
		if (object === null || typeof object !== 'object' || Array.isArray(object)) {
			errors.push({ line, message: 'expected a JSON object' });
			continue;
		}
		const values: (string | undefined)[] = [];
		for (const [rawKey, value] of Object.entries(object)) {
			const key = rawKey.toLowerCase();
			let at = keyIndex.get(key);
			if (at === undefined) {
				at = keys.length;
				keys.push(key);
				keyIndex.set(key, at);
			}
			if (value === null) continue;
			if (typeof value === 'string') values[at] = value.trim();
			else if (typeof value === 'number' || typeof value === 'boolean') values[at] = String(value);
			else errors.push({ line, message: `"${rawKey}" must be a string or a number` });
		}
		rows.push({ line, values });
	}
	return errors.length > 0 ? failure(errors) : { ok: true, value: { format: 'jsonl', keys, rows } };
}
