/**
 * Reads a list of records from a JSONL or CSV side file, validating each with a zod schema and
 * locating every problem by file and line.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { z } from 'zod';
import { formatPath, type Problem, type Result } from './problem.ts';

export function readSideFile<T extends z.ZodType>(
	file: string,
	content: string,
	schema: T
): Result<z.infer<T>[]> {
	const rows = /\.csv$/i.test(file)
		? csvRows(file, content)
		: jsonlRows(file, content.replace(/^\uFEFF/, ''));
	if (!rows.ok) return rows;
	const problems: Problem[] = [];
	const values: z.infer<T>[] = [];
	for (const { line, value } of rows.value) {
		const parsed = schema.safeParse(value);
		if (parsed.success) values.push(parsed.data);
		else
			for (const issue of parsed.error.issues)
				problems.push({ file, line, path: formatPath(issue.path), message: issue.message });
	}
	if (values.length === 0 && problems.length === 0)
		problems.push({ file, path: '', message: 'the file has no records' });
	return problems.length ? { ok: false, problems } : { ok: true, value: values };
}

type Row = { line: number; value: unknown };

function jsonlRows(file: string, content: string): Result<Row[]> {
	const problems: Problem[] = [];
	const rows: Row[] = [];
	content.split(/\r?\n/).forEach((text, i) => {
		if (text.trim() === '') return;
		try {
			rows.push({ line: i + 1, value: JSON.parse(text) });
		} catch {
			problems.push({ file, line: i + 1, path: '', message: 'not valid JSON' });
		}
	});
	return problems.length ? { ok: false, problems } : { ok: true, value: rows };
}

function csvRows(file: string, content: string): Result<Row[]> {
	try {
		const records = parseCsv(content, {
			columns: true,
			skip_empty_lines: true,
			bom: true,
			info: true
		}) as { record: Record<string, string>; info: { lines: number } }[];
		return {
			ok: true,
			value: records.map(({ record, info }) => ({ line: info.lines, value: record }))
		};
	} catch (error) {
		const line = (error as { lines?: number }).lines;
		const message =
			error instanceof Error ? error.message.replace(/^Invalid .*?: /, '') : 'invalid CSV';
		return { ok: false, problems: [{ file, line, path: '', message }] };
	}
}
