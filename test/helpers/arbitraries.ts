/**
 * fast-check arbitraries for the property tests of issue 8, "Bad input, systematically": hostile
 * strings, valid inputs for the four parsers (study file, ratings, outcomes, predictions), and
 * mutations of valid inputs at the level of lines and of JSON values.
 */
import { stringify as toCsv } from 'csv-stringify/sync';
import fc from 'fast-check';
import { DEFAULT_DIMENSIONS, type StudyFile } from '../../src/lib/domain/study-file/index.ts';
import { RESERVED_KEYS } from '../../src/lib/domain/study-file/schema.ts';

/** Strings that have broken parsers, spreadsheets, databases and pages elsewhere. */
export const HOSTILE: readonly string[] = [
	'<script>alert(1)</script>',
	'<img src=x onerror="alert(1)">',
	'javascript:alert(document.cookie)',
	"=cmd|' /C calc'!A0",
	'+SUM(1+1)',
	"-2+3+cmd|' /C calc'!A0",
	'@SUM(A1:A9)',
	"'; DROP TABLE users; --",
	'Robert"); DELETE FROM studies; --',
	"' OR '1'='1",
	'\u202Etxt.exe',
	'\u202Bשלום\u202C',
	'\u0000',
	'a\u0000b',
	'\uFEFF',
	'\u200B',
	'\u2028\u2029',
	'\u0007\u001b[31m',
	'\r',
	'\r\n',
	'\n',
	'\t',
	'😀👩‍⚕️🇫🇷',
	'\ud800',
	'\udfff',
	'__proto__',
	'constructor',
	'toString',
	'${process.exit()}',
	'%s%n%x',
	'\\',
	'"',
	'""',
	',',
	';',
	'{}',
	'[]',
	'null',
	'NaN',
	'-0',
	'1e309',
	'x'.repeat(10_000)
];

/** Any string, biased towards hostile ones and combinations of them. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
	{ weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
	{ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
	{ weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
	{
		weight: 2,
		arbitrary: fc
			.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string()), { maxLength: 4 })
			.map((parts) => parts.join(''))
	}
);

/**
 * What a string becomes after a trip through a UTF-8 file: lone surrogates (which only a JSON
 * escape such as "\ud800" can produce) turn into U+FFFD. CSV is parsed from bytes, and SQLite
 * stores UTF-8, so values that must survive either are generated in this form.
 */
export const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

/**
 * A string the database can store: valid Unicode (lone surrogates become U+FFFD, as in utf8)
 * and no U+0000, which PostgreSQL text cannot hold; study files refuse both.
 */
export const storable = (s: string) => utf8(s).replaceAll('\u0000', '');

/**
 * A string that is not blank (`text` fields): hostile content must survive as data. Storable
 * only, since study files refuse what could not be stored.
 */
export const textArb: fc.Arbitrary<string> = hostileString.map((s) => {
	const t = storable(s);
	return t.trim() === '' ? `t${t}` : t;
});

/**
 * A value the parsers keep exactly: already trimmed (keys, and CSV / JSONL fields are trimmed),
 * not empty, at most 200 characters, valid UTF-16. Keys refuse control characters and the names
 * of Object.prototype's members (issue #11 item 5), so valid keys have neither: hostile ones
 * such as "__proto__" become "__proto__-key" (their refusal has its own property).
 */
export const keyArb: fc.Arbitrary<string> = hostileString.map((s) => {
	const key = utf8(
		utf8(s)
			.replace(/\p{Cc}/gu, '')
			.trim()
			.slice(0, 200)
			.trim()
	);
	if (key === '') return 'k';
	return RESERVED_KEYS.has(key) ? `${key}-key` : key;
});

/** Distinct keys, `min` to `max` of them. */
export const keysArb = (min: number, max: number) =>
	fc.uniqueArray(keyArb, { minLength: min, maxLength: max });

// ---------------------------------------------------------------------------------------------
// Mutations of text, line by line

export type LineEdit = {
	kind: 'delete' | 'duplicate' | 'swap' | 'insert' | 'replace' | 'truncate' | 'splice';
	at: number;
	other: number;
	value: string;
};

const lineEdit: fc.Arbitrary<LineEdit> = fc.record({
	kind: fc.constantFrom('delete', 'duplicate', 'swap', 'insert', 'replace', 'truncate', 'splice'),
	at: fc.nat(),
	other: fc.nat(),
	value: hostileString
});

export const lineEditsArb = fc.array(lineEdit, { minLength: 1, maxLength: 4 });

/** Applies edits to the lines of `text`; positions wrap around, so any edit applies. */
export function applyLineEdits(text: string, edits: readonly LineEdit[]): string {
	let lines = text.split('\n');
	for (const { kind, at, other, value } of edits) {
		const i = at % lines.length;
		const j = other % lines.length;
		if (kind === 'delete') lines.splice(i, 1);
		else if (kind === 'duplicate') lines.splice(i, 0, lines[i]);
		else if (kind === 'swap') [lines[i], lines[j]] = [lines[j], lines[i]];
		else if (kind === 'insert') lines.splice(i, 0, value);
		else if (kind === 'replace') lines[i] = value;
		else if (kind === 'truncate')
			lines = lines
				.join('\n')
				.slice(0, at % (text.length + 1))
				.split('\n');
		else {
			const line = lines[i];
			const k = other % (line.length + 1);
			lines[i] = line.slice(0, k) + value + line.slice(k);
		}
		if (lines.length === 0) lines = [''];
	}
	return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Mutations of JSON values

type JsonPath = (string | number)[];

/** Values of the wrong type, wrong enums and hostile strings, to put where a field was. */
export const wrongValueArb: fc.Arbitrary<unknown> = fc.oneof(
	hostileString,
	fc.constantFrom('', ' ', 'judge', 'CANDIDATE', 'all_pairs', 'winner', 'draw', 'sql', 'ner2'),
	fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 31, 1e21, -0, [], {}, [''], { key: '' }),
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.jsonValue({ maxDepth: 2 })
);

export type JsonEdit = {
	kind: 'delete' | 'replace' | 'duplicate' | 'empty' | 'stringify';
	at: number;
	value: unknown;
};

const jsonEdit: fc.Arbitrary<JsonEdit> = fc.record({
	kind: fc.constantFrom('delete', 'replace', 'duplicate', 'empty', 'stringify'),
	at: fc.nat(),
	value: wrongValueArb
});

export const jsonEditsArb = fc.array(jsonEdit, { minLength: 1, maxLength: 3 });

function pathsOf(value: unknown, path: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
	if (path.length > 0) out.push(path);
	if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...path, i], out));
	else if (value !== null && typeof value === 'object')
		for (const [key, item] of Object.entries(value)) pathsOf(item, [...path, key], out);
	return out;
}

/** Applies edits to a copy of a JSON value: each picks one field or element anywhere in it. */
export function applyJsonEdits<T>(value: T, edits: readonly JsonEdit[]): unknown {
	const copy: unknown = structuredClone(value);
	for (const { kind, at, value: replacement } of edits) {
		const paths = pathsOf(copy);
		if (paths.length === 0) return replacement;
		const path = paths[at % paths.length];
		const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as never)[k], copy) as Record<
			string | number,
			unknown
		>;
		const last = path[path.length - 1];
		const current = parent[last];
		if (kind === 'delete') {
			if (Array.isArray(parent)) parent.splice(last as number, 1);
			else delete parent[last];
		} else if (kind === 'duplicate' && Array.isArray(parent))
			parent.splice(last as number, 0, structuredClone(current));
		else if (kind === 'empty')
			parent[last] = Array.isArray(current) ? [] : typeof current === 'string' ? '' : {};
		else if (kind === 'stringify') parent[last] = JSON.stringify(current) ?? '';
		else parent[last] = structuredClone(replacement);
	}
	return copy;
}

// ---------------------------------------------------------------------------------------------
// Shared helpers for the location checks

/** Lines of a file as an editor counts them (CR, LF and CRLF all end a line). */
export const lineCount = (text: string) => text.split(/\r\n|\r|\n/).length;

/** A CSV file from a header and rows. */
export const csv = (columns: string[], rows: (string | null)[][], eol: '\n' | '\r\n' = '\n') =>
	toCsv([columns, ...rows.map((row) => row.map((v) => v ?? ''))], {
		record_delimiter: eol,
		// RFC 4180 quotes a field with any line break, not only with the file's own line end.
		quoted_match: /[\r\n]/
	});

/** Random upper / lower case, for column names that are matched case-insensitively. */
export const anyCaseArb = (word: string) =>
	fc
		.array(fc.boolean(), { minLength: word.length, maxLength: word.length })
		.map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));

// ---------------------------------------------------------------------------------------------
// Valid study files (ARCHITECTURE §8)

export type Members = { junior: string[]; senior: string[] };

/** A valid study file: its text, its side files, and what `parseStudyFile` must return. */
export type StudyCase = {
	/** The JSON object written to `text` (for JSON-level mutations). */
	input: Record<string, unknown>;
	text: string;
	files: Record<string, string>;
	expected: StudyFile;
};

/** Distinct member keys for parsing alone: 1–4 juniors and 0–2 seniors, never both. */
export const anyMembersArb: fc.Arbitrary<Members> = fc
	.tuple(keysArb(1, 6), fc.nat())
	.map(([keys, cut]) => {
		const juniors = 1 + (cut % Math.min(keys.length, 4));
		return { junior: keys.slice(0, juniors), senior: keys.slice(juniors, juniors + 2) };
	});

/** Whitespace that `String.prototype.trim` (and so zod's `.trim()`) removes around keys. */
const padArb = fc.constantFrom('', '', '', ' ', '\t', '\n ', '\u00a0', '\ufeff', '\u2028');

type ListAs = 'inline' | 'jsonl' | 'csv';

function sideFile(
	as: 'jsonl' | 'csv',
	columns: string[],
	records: Record<string, string>[],
	eol: '\n' | '\r\n'
) {
	if (as === 'csv')
		return csv(
			columns,
			records.map((r) => columns.map((c) => r[c])),
			eol
		);
	return records.map((r) => JSON.stringify(r)).join(eol) + eol;
}

export const studyArb = (membersArb: fc.Arbitrary<Members> = anyMembersArb) =>
	fc
		.record({
			name: textArb.map((s) => (s.slice(0, 300).trim() ? s.slice(0, 300) : 'Study')),
			design: fc.constantFrom(undefined, 'candidate-vs-reference', 'all-pairs'),
			modelKeys: keysArb(2, 4),
			groups: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
			extras: fc.array(
				fc.record(
					{
						name: textArb,
						kind: textArb,
						params: fc.oneof(
							hostileString.map(storable),
							fc.integer(),
							fc.double({ noNaN: true, noDefaultInfinity: true })
						)
					},
					{ requiredKeys: [] }
				),
				{ minLength: 4, maxLength: 4 }
			),
			promptKeys: keysArb(1, 4),
			texts: fc.array(textArb, { minLength: 20, maxLength: 20 }),
			order: fc.array(fc.double({ noNaN: true }), { minLength: 16, maxLength: 16 }),
			members: membersArb,
			ratersPerPair: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
			seed: fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: undefined }),
			repeatRate: fc.option(fc.double({ min: 0, max: 0.5, noNaN: true }), { nil: undefined }),
			dimensions: fc.option(
				fc.uniqueArray(
					fc.record({
						key: keyArb,
						label: textArb,
						rubric: fc.option(hostileString.map(storable), { nil: undefined })
					}),
					{ minLength: 1, maxLength: 4, selector: (d) => d.key }
				),
				{ nil: undefined }
			),
			promptsAs: fc.constantFrom<ListAs>('inline', 'inline', 'jsonl', 'csv'),
			responsesAs: fc.constantFrom<ListAs>('inline', 'inline', 'jsonl', 'csv'),
			pads: fc.array(padArb, { minLength: 8, maxLength: 8 }),
			eol: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n')
		})
		.map((g): StudyCase => {
			const pad = (value: string, i: number) => g.pads[i % 8] + value + g.pads[(i + 3) % 8];
			const models = g.modelKeys.map((key, i) => {
				const group =
					i === 0 ? 'candidate' : i === 1 ? 'reference' : g.groups[i] ? 'candidate' : 'reference';
				return { key, group, ...g.extras[i] } as const;
			});
			// CSV is parsed from bytes, so its texts are what a UTF-8 file can hold.
			const promptText = g.promptsAs === 'csv' ? utf8 : (s: string) => s;
			const responseText = g.responsesAs === 'csv' ? utf8 : (s: string) => s;
			const prompts = g.promptKeys.map((key, i) => ({ key, text: promptText(g.texts[i]) }));
			const responses = prompts
				.flatMap((p, i) =>
					models.map((m, j) => ({
						prompt: p.key,
						model: m.key,
						text: responseText(g.texts[4 + i * 4 + j])
					}))
				)
				.map((r, i) => ({ r, at: g.order[i] }))
				.sort((a, b) => a.at - b.at)
				.map(({ r }) => r);
			const juniors = g.members.junior.length;
			const ratersPerPair =
				g.ratersPerPair === undefined && juniors < 2
					? 1
					: g.ratersPerPair && Math.min(g.ratersPerPair, juniors);

			const files: Record<string, string> = {};
			const list = (
				as: ListAs,
				name: string,
				columns: string[],
				records: Record<string, string>[]
			) => {
				if (as === 'inline') return records;
				const file = `${name}.${as}`;
				files[file] = sideFile(as, columns, records, g.eol);
				return file;
			};
			const input: Record<string, unknown> = {
				name: g.name,
				...(g.design && { design: g.design }),
				...(ratersPerPair !== undefined && { raters_per_pair: ratersPerPair }),
				...(g.seed !== undefined && { seed: g.seed }),
				...(g.repeatRate !== undefined && { repeat_rate: g.repeatRate }),
				...(g.dimensions && { dimensions: g.dimensions }),
				models: models.map((m, i) => ({ ...m, key: pad(m.key, i) })),
				members: {
					junior: g.members.junior.map((u, i) => pad(u, i + 1)),
					senior: g.members.senior.map((u, i) => pad(u, i + 2))
				},
				prompts: list(
					g.promptsAs,
					'prompts',
					['key', 'text'],
					prompts.map((p, i) => ({ ...p, key: pad(p.key, i + 5) }))
				),
				responses: list(g.responsesAs, 'responses', ['prompt', 'model', 'text'], responses)
			};
			const expected: StudyFile = {
				name: g.name,
				scale: 3,
				design: g.design ?? 'candidate-vs-reference',
				raters_per_pair: ratersPerPair ?? 2,
				show_final_to_raters: false,
				escalate: 'any-disagreement',
				adjudicate: 'disputed',
				senior_order: 'oldest',
				per_dimension_notes: false,
				issue_tags: [],
				harm: false,
				...(g.seed !== undefined && { seed: g.seed }),
				repeat_rate: g.repeatRate ?? 0,
				gold: [],
				dimensions: g.dimensions
					? g.dimensions.map((d) => ({ key: d.key, label: d.label, rubric: d.rubric ?? '' }))
					: DEFAULT_DIMENSIONS.map((d) => ({ ...d })),
				models: models.map((m) => ({
					key: m.key,
					group: m.group,
					...(m.name !== undefined && { name: m.name.trim() }),
					...(m.kind !== undefined && { kind: m.kind.trim() }),
					...(m.params !== undefined && { params: String(JSON.parse(JSON.stringify(m.params))) })
				})),
				members: g.members,
				prompts,
				responses
			};
			const text = JSON.stringify(input, null, 2);
			return { input, text: g.eol === '\n' ? text : text.replace(/\n/g, g.eol), files, expected };
		});

// ---------------------------------------------------------------------------------------------
// Ratings and outcomes files (ARCHITECTURE §7): CSV with a header, or JSON Lines

export type RecordsFormat = 'csv' | 'jsonl';
/** Columns and rows of a records file; null is an empty cell (CSV) or a left-out key (JSONL). */
export type Table = { columns: string[]; rows: (string | null)[][] };

/** JSON Lines objects of a table; a value that reads back the same may be written as a number. */
export function tableObjects(table: Table, numbers = false): Record<string, unknown>[] {
	return table.rows.map((row) => {
		const object: Record<string, unknown> = {};
		row.forEach((value, i) => {
			if (value === null) return;
			const key = table.columns[i] ?? `extra${i}`;
			object[key] =
				numbers && Number.isFinite(Number(value)) && String(Number(value)) === value
					? Number(value)
					: value;
		});
		return object;
	});
}

export const jsonLines = (values: unknown[], eol = '\n') =>
	values.map((v) => JSON.stringify(v) ?? 'undefined').join(eol) + eol;

export function recordsText(
	format: RecordsFormat,
	table: Table,
	options: { eol?: '\n' | '\r\n'; numbers?: boolean } = {}
): string {
	const eol = options.eol ?? '\n';
	if (format === 'csv') return csv(table.columns, table.rows, eol);
	return jsonLines(tableObjects(table, options.numbers), eol);
}

export type TableEdit = {
	kind:
		| 'replace'
		| 'blank'
		| 'dropCell'
		| 'addCell'
		| 'dropColumn'
		| 'renameColumn'
		| 'duplicateRow'
		| 'deleteRow'
		| 'swapRows'
		| 'copyCell';
	row: number;
	col: number;
	other: number;
	value: string;
};

/** Wrong values for enum-like cells (labels, outcomes), next to hostile strings. */
export const wrongCellArb: fc.Arbitrary<string> = fc.oneof(
	hostileString,
	fc.constantFrom('WIN', 'Tie ', ' loss', 'won', 'draw', 'winner', '0', '1', '-1', 'true', 'null'),
	fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype')
);

export const tableEditsArb = fc.array(
	fc.record({
		kind: fc.constantFrom(
			'replace',
			'replace',
			'blank',
			'dropCell',
			'addCell',
			'dropColumn',
			'renameColumn',
			'duplicateRow',
			'deleteRow',
			'swapRows',
			'copyCell'
		),
		row: fc.nat(),
		col: fc.nat(),
		other: fc.nat(),
		value: wrongCellArb
	}),
	{ minLength: 1, maxLength: 4 }
);

/** Applies edits to a copy of a table; rows may end up with more or fewer cells than columns. */
export function applyTableEdits(table: Table, edits: readonly TableEdit[]): Table {
	const columns = [...table.columns];
	const rows = table.rows.map((row) => [...row]);
	for (const { kind, row: r, col: c, other, value } of edits) {
		const k = rows.length === 0 ? -1 : r % rows.length;
		const row = k >= 0 ? rows[k] : undefined;
		const at = c % Math.max(columns.length, 1);
		if (kind === 'dropColumn') {
			columns.splice(at, 1);
			for (const each of rows) each.splice(at, 1);
		} else if (kind === 'renameColumn') columns[at] = value;
		else if (!row) continue;
		else if (kind === 'replace') row[at] = value;
		else if (kind === 'blank') row[at] = null;
		else if (kind === 'dropCell') row.splice(at, 1);
		else if (kind === 'addCell') row.splice(at, 0, value);
		else if (kind === 'duplicateRow') rows.splice(k, 0, [...row]);
		else if (kind === 'deleteRow') rows.splice(k, 1);
		else if (kind === 'swapRows') {
			const j = other % rows.length;
			[rows[k], rows[j]] = [rows[j], rows[k]];
		} else row[at] = rows[other % rows.length][other % Math.max(columns.length, 1)] ?? null;
	}
	return { columns, rows };
}

/**
 * A mutated records file: table edits (then written as CSV, JSON Lines, or CSV without quoting),
 * JSON edits of the JSON Lines objects, or line edits of the written text.
 */
export const mutatedRecordsArb = <C extends { table: Table; format: RecordsFormat }>(
	valid: fc.Arbitrary<C>
): fc.Arbitrary<C & { text: string }> =>
	fc.oneof(
		fc.tuple(valid, tableEditsArb, fc.boolean()).map(([c, edits, raw]) => {
			const table = applyTableEdits(c.table, edits);
			const text =
				raw && c.format === 'csv'
					? [table.columns, ...table.rows]
							.map((row) => row.map((v) => v ?? '').join(','))
							.join('\n')
					: recordsText(c.format, table);
			return { ...c, text };
		}),
		fc.tuple(valid, jsonEditsArb).map(([c, edits]) => {
			const objects = applyJsonEdits(tableObjects(c.table), edits);
			const text = Array.isArray(objects) ? jsonLines(objects) : (JSON.stringify(objects) ?? '');
			return { ...c, text, format: 'jsonl' as const };
		}),
		fc.tuple(valid, lineEditsArb).map(([c, edits]) => ({
			...c,
			text: applyLineEdits(recordsText(c.format, c.table), edits)
		}))
	);

/** Any text, said to be CSV or JSON Lines. */
export const arbitraryRecordsArb: fc.Arbitrary<{ text: string; format: RecordsFormat }> = fc.record(
	{
		text: fc.oneof(
			hostileString,
			fc.string({ unit: 'binary' }),
			fc.array(fc.jsonValue({ maxDepth: 2 })).map((values) => jsonLines(values)),
			fc
				.array(fc.array(hostileString, { maxLength: 5 }), { maxLength: 6 })
				.map((rows) => rows.map((row) => row.join(',')).join('\n'))
		),
		format: fc.constantFrom<RecordsFormat>('csv', 'jsonl')
	}
);

/** Checks a `{ line, message }` error list: non-empty, each on a line of the file, each saying something. */
export function expectLocatedErrors(errors: { line: number; message: string }[], text: string) {
	if (errors.length === 0) throw new Error('a refused file must list at least one error');
	const lines = lineCount(text);
	for (const error of errors) {
		const where = JSON.stringify(error);
		if (!Number.isInteger(error.line) || error.line < 1 || error.line > lines)
			throw new Error(`error line outside the file's ${lines} line(s): ${where}`);
		if (typeof error.message !== 'string' || error.message.trim() === '')
			throw new Error(`error without a message: ${where}`);
	}
}
