/**
 * Reads a list of records from a JSONL or CSV side file, locating every problem by file and line.
 * `readSideFileRows` gives the records that could be read at all (each with its line) and the
 * problems of the others, so the caller can still cross-check the good ones; `readSideFile`
 * validates each record with a zod schema too.
 */
import type { z } from 'zod';
import { checkJsonStructure } from '../files/json-structure.ts';
import { readCsv } from '../files/read-csv.ts';
import { formatPath, type Problem, type Result } from './problem.ts';

export type SideFileRecords<T> = { values: T[]; lines: number[] };
/** `readable: false`: the record could not be read at all (its problem is reported). */
export type SideFileRow = { line: number; value: unknown; readable: boolean };

export function readSideFileRows(
	file: string,
	content: string
): { rows: SideFileRow[]; problems: Problem[] } {
	const body = content.replace(/^\uFEFF/, '');
	const read = /\.csv$/i.test(file) ? csvRows(file, body) : jsonlRows(file, body);
	if (read.rows.length === 0 && read.problems.length === 0)
		read.problems.push({ file, path: '', message: 'the file has no records' });
	return read;
}

export function readSideFile<T extends z.ZodType>(
	file: string,
	content: string,
	schema: T
): Result<SideFileRecords<z.infer<T>>> {
	const { rows, problems } = readSideFileRows(file, content);
	const values: z.infer<T>[] = [];
	const lines: number[] = [];
	for (const { line, value, readable } of rows) {
		if (!readable) continue;
		const parsed = schema.safeParse(value);
		if (parsed.success) {
			values.push(parsed.data);
			lines.push(line);
		} else
			for (const issue of parsed.error.issues)
				problems.push({ file, line, path: formatPath(issue.path), message: issue.message });
	}
	return problems.length ? { ok: false, problems } : { ok: true, value: { values, lines } };
}

function jsonlRows(file: string, content: string) {
	const problems: Problem[] = [];
	const rows: SideFileRow[] = [];
	content.split(/\r\n|\r|\n/).forEach((text, i) => {
		if (text.trim() === '') return;
		const line = i + 1;
		const structure = checkJsonStructure(text, { singleLine: true });
		for (const { path, message } of structure) problems.push({ file, line, path, message });
		if (structure.some((p) => p.kind === 'depth'))
			return rows.push({ line, value: undefined, readable: false });
		try {
			rows.push({ line, value: JSON.parse(text), readable: true });
		} catch {
			problems.push({ file, line, path: '', message: 'not valid JSON' });
			rows.push({ line, value: undefined, readable: false });
		}
	});
	return { rows, problems };
}

/** CSV with a header line naming the fields; each later record becomes an object. */
function csvRows(file: string, content: string) {
	const problems: Problem[] = [];
	const rows: SideFileRow[] = [];
	const result = readCsv(content);
	if (!result.ok) {
		problems.push({ file, line: result.line, path: '', message: result.message });
		return { rows, problems };
	}
	const [header, ...records] = result.rows;
	if (!header) return { rows, problems };
	const names = header.values.map((name) => name.trim());
	const first = new Map<string, number>();
	names.forEach((name, i) => {
		const at = first.get(name);
		if (at === undefined) first.set(name, i);
		else
			problems.push({
				file,
				line: header.line,
				path: '',
				message: `column "${name}" appears twice in the header (columns ${at + 1} and ${i + 1})`
			});
	});
	for (const { line, values } of records) {
		if (values.length !== names.length) {
			problems.push({
				file,
				line,
				path: '',
				message: `expected ${names.length} fields, found ${values.length}`
			});
			rows.push({ line, value: undefined, readable: false });
			continue;
		}
		// A null-prototype record: a column named "__proto__" or "constructor" is just a column.
		const value: Record<string, string> = Object.create(null);
		names.forEach((name, i) => {
			if (first.get(name) === i) value[name] = values[i];
		});
		rows.push({ line, value, readable: true });
	}
	return { rows, problems };
}
