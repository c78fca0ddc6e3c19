/**
 * Reads a list of records from a JSONL or CSV side file, validating each with a zod schema and
 * locating every problem by file and line. `lines[i]` is the line of `value[i]`, so later
 * cross-checks can point into the file too.
 */
import type { z } from 'zod';
import { readCsv } from '../files/read-csv.ts';
import { formatPath, type Problem, type Result } from './problem.ts';

export type SideFileRecords<T> = { values: T[]; lines: number[] };

export function readSideFile<T extends z.ZodType>(
	file: string,
	content: string,
	schema: T
): Result<SideFileRecords<z.infer<T>>> {
	const rows = /\.csv$/i.test(file)
		? csvRows(file, content)
		: jsonlRows(file, content.replace(/^\uFEFF/, ''));
	if (!rows.ok) return rows;
	const problems: Problem[] = [];
	const values: z.infer<T>[] = [];
	const lines: number[] = [];
	for (const { line, value } of rows.value) {
		const parsed = schema.safeParse(value);
		if (parsed.success) {
			values.push(parsed.data);
			lines.push(line);
		} else
			for (const issue of parsed.error.issues)
				problems.push({ file, line, path: formatPath(issue.path), message: issue.message });
	}
	if (values.length === 0 && problems.length === 0)
		problems.push({ file, path: '', message: 'the file has no records' });
	return problems.length ? { ok: false, problems } : { ok: true, value: { values, lines } };
}

type Row = { line: number; value: unknown };

function jsonlRows(file: string, content: string): Result<Row[]> {
	const problems: Problem[] = [];
	const rows: Row[] = [];
	content.split(/\r\n|\r|\n/).forEach((text, i) => {
		if (text.trim() === '') return;
		try {
			rows.push({ line: i + 1, value: JSON.parse(text) });
		} catch {
			problems.push({ file, line: i + 1, path: '', message: 'not valid JSON' });
		}
	});
	return problems.length ? { ok: false, problems } : { ok: true, value: rows };
}

/** CSV with a header line naming the fields; each later record becomes an object. */
function csvRows(file: string, content: string): Result<Row[]> {
	const result = readCsv(content);
	if (!result.ok)
		return {
			ok: false,
			problems: [{ file, line: result.line, path: '', message: result.message }]
		};
	const [header, ...records] = result.rows;
	if (!header) return { ok: true, value: [] };
	const problems: Problem[] = [];
	const rows: Row[] = [];
	for (const { line, values } of records) {
		if (values.length !== header.values.length) {
			problems.push({
				file,
				line,
				path: '',
				message: `expected ${header.values.length} fields, found ${values.length}`
			});
			continue;
		}
		rows.push({
			line,
			value: Object.fromEntries(header.values.map((key, i) => [key.trim(), values[i]]))
		});
	}
	return problems.length ? { ok: false, problems } : { ok: true, value: rows };
}
