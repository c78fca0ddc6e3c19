/**
 * Parses and validates a study file completely before anything is written: UTF-8, JSON syntax,
 * nesting depth and repeated keys, the schema, side files (JSONL / CSV with line numbers) and
 * cross-checks. Returns every problem in one pass: each field and each list element is validated
 * on its own, and the cross-checks run on whatever parsed, so fixing the reported problems does
 * not reveal a second round (issue #13).
 */
import { parse as parseTolerant, type ParseError as JsoncError } from 'jsonc-parser';
import { z } from 'zod';
import { checkJsonStructure } from '../files/json-structure.ts';
import { decodeUtf8 } from '../files/utf8.ts';
import { checkStudyFile, type CheckableStudy } from './check.ts';
import { formatPath, formatProblem, type Problem, type Result } from './problem.ts';
import {
	dimensionSchema,
	keySchema,
	modelSchema,
	promptSchema,
	responseSchema,
	studyFileSchema,
	type StudyFile
} from './schema.ts';
import { readSideFileRows } from './side-file.ts';

/**
 * A side file's content (text, or bytes that must be UTF-8), null when it does not exist, or the
 * reason the caller refuses to read it (outside the study's folder, not a regular file, too big).
 */
export type SideFileContent = string | Uint8Array | null | { error: string };
export type SideFileLoader = (path: string) => SideFileContent;

export type ParseOptions = {
	loadSideFile?: SideFileLoader;
	/** Problems with the members that only the caller can tell (unknown accounts, wrong roles). */
	checkMembers?: (members: StudyFile['members']) => Problem[];
};

/** The study file as text, or as bytes (then invalid UTF-8 is refused, not replaced). */
export function parseStudyFile(
	input: string | Uint8Array,
	options: ParseOptions = {}
): Result<StudyFile> {
	const loaded = readJson(input);
	if (!loaded.ok) return loaded;
	const problems: Problem[] = [...loaded.problems];
	const json = loaded.value;
	if (json === null || typeof json !== 'object' || Array.isArray(json)) {
		const parsed = studyFileSchema.safeParse(json);
		return { ok: false, problems: parsed.success ? [] : issuesAt([], parsed.error) };
	}
	const document = json as Record<string, unknown>;

	// Each top-level field on its own; lists as lists of anything, their elements after.
	const fields = new Map<string, unknown>();
	const failed = new Set<string>();
	for (const [field, schema] of Object.entries(shellSchema.shape)) {
		const value = Object.hasOwn(document, field) ? document[field] : undefined;
		const parsed = (schema as z.ZodType).safeParse(value);
		if (!parsed.success) {
			failed.add(field);
			problems.push(...issuesAt([field], parsed.error));
		} else if (parsed.data !== undefined) fields.set(field, parsed.data);
	}

	/** Each element of a list validated on its own, kept at its index (undefined if invalid). */
	const elements = <T, K>(
		list: unknown,
		path: string,
		schema: z.ZodType<T>,
		keysOf: (item: unknown) => K
	): { value: T | undefined; keys: K }[] | undefined => {
		if (!Array.isArray(list)) return undefined;
		return list.map((item, i) => {
			const parsed = schema.safeParse(item);
			if (!parsed.success) problems.push(...issuesAt([...path.split('.'), i], parsed.error));
			return { value: parsed.success ? parsed.data : undefined, keys: keysOf(item) };
		});
	};

	const dimensions = failed.has('dimensions')
		? undefined
		: fields.has('dimensions')
			? elements(fields.get('dimensions'), 'dimensions', dimensionSchema, keyFields.dimension)
			: studyFileSchema.shape.dimensions.parse(undefined).map((value) => ({ value, keys: value }));
	const models = elements(fields.get('models'), 'models', modelSchema, keyFields.model);
	const members = fields.get('members') as { junior: unknown[]; senior: unknown[] } | undefined;
	const junior = members && elements(members.junior, 'members.junior', keySchema, (u) => u);
	const senior = members && elements(members.senior, 'members.senior', keySchema, (u) => u);

	// Where each list came from when it was a side file, so cross-check problems can say the line.
	const sources = new Map<string, { file: string; lines: number[] }>();
	const list = <T>(field: 'prompts' | 'responses', schema: z.ZodType<T>, keysOf: KeysOf) => {
		const value = fields.get(field);
		if (typeof value !== 'string') return elements(value, field, schema, keysOf);
		const content = loadSide(options.loadSideFile, value, field);
		if (typeof content !== 'string') {
			problems.push(content);
			return undefined;
		}
		const { rows, problems: rowProblems } = readSideFileRows(value, content);
		problems.push(...rowProblems);
		sources.set(field, { file: value, lines: rows.map((r) => r.line) });
		return rows.map(({ line, value: row, readable }) => {
			if (!readable) return { value: undefined, keys: {} };
			const parsed = schema.safeParse(row);
			if (!parsed.success)
				for (const issue of parsed.error.issues)
					problems.push({
						file: value,
						line,
						path: formatPath(issue.path),
						message: issue.message
					});
			return { value: parsed.success ? parsed.data : undefined, keys: keysOf(row) };
		});
	};
	const prompts = list('prompts', promptSchema, keyFields.prompt);
	const responses = list('responses', responseSchema, keyFields.response);

	const checkable: CheckableStudy = {
		design: fields.get('design') as CheckableStudy['design'],
		raters_per_pair: fields.get('raters_per_pair') as number | undefined,
		escalate: fields.get('escalate') as CheckableStudy['escalate'],
		dimensions: dimensions?.map((d) => d.keys),
		models: models?.map((m) => m.keys),
		prompts: prompts?.map((p) => p.keys),
		responses: responses?.map((r) => r.keys),
		gold: fields.get('gold') as CheckableStudy['gold'],
		training: fields.get('training') as CheckableStudy['training'],
		gold_checks: fields.get('gold_checks') as CheckableStudy['gold_checks'],
		members: {
			junior: junior?.map((u) => u.value),
			senior: senior?.map((u) => u.value)
		}
	};
	problems.push(...checkStudyFile(checkable).map((problem) => inSideFile(problem, sources)));
	if (options.checkMembers && junior && senior)
		problems.push(...checkKnownMembers(options.checkMembers, junior, senior));

	if (problems.length) return { ok: false, problems: unique(problems) };
	const valid = <T>(items: { value: T | undefined }[] | undefined) =>
		(items ?? []).map((item) => item.value as T);
	return {
		ok: true,
		value: {
			...(Object.fromEntries(fields) as Omit<StudyFile, 'prompts' | 'responses'>),
			// The schema's defaults, as parsing the whole file at once gave them.
			dimensions: valid(dimensions),
			models: valid(models),
			members: { junior: valid(junior), senior: valid(senior) },
			prompts: valid(prompts),
			responses: valid(responses)
		}
	};
}

/** The top level with each list's elements left for `elements` to validate one by one. */
const listOf = z.array(z.unknown());
const shellSchema = studyFileSchema.extend({
	dimensions: listOf.min(1).optional(),
	models: listOf.min(2, { error: 'a study needs at least two models' }),
	members: z
		.object({ junior: listOf.default([]), senior: listOf.default([]) })
		.default({ junior: [], senior: [] }),
	prompts: z.union([listOf, studyFileSchema.shape.prompts.options[1]]),
	responses: z.union([listOf, studyFileSchema.shape.responses.options[1]])
});

/** The key fields of an element that parsed, for the cross-checks (undefined when they did not). */
type KeysOf = (item: unknown) => Record<string, string | undefined>;
const keyOf = (item: unknown, field: string): string | undefined => {
	if (item === null || typeof item !== 'object' || !Object.hasOwn(item, field)) return undefined;
	const parsed = keySchema.safeParse((item as Record<string, unknown>)[field]);
	return parsed.success ? parsed.data : undefined;
};
const groupOf = (item: unknown) => {
	const parsed = modelSchema.shape.group.safeParse(
		item !== null && typeof item === 'object' && Object.hasOwn(item, 'group')
			? (item as Record<string, unknown>).group
			: undefined
	);
	return parsed.success ? parsed.data : undefined;
};
const keyFields = {
	dimension: (item: unknown) => ({ key: keyOf(item, 'key') }),
	model: (item: unknown) => ({ key: keyOf(item, 'key'), group: groupOf(item) }),
	prompt: (item: unknown) => ({ key: keyOf(item, 'key') }),
	response: (item: unknown) => ({ prompt: keyOf(item, 'prompt'), model: keyOf(item, 'model') })
};

function issuesAt(prefix: PropertyKey[], error: z.ZodError): Problem[] {
	return error.issues.map((issue) => ({
		path: formatPath([...prefix, ...issue.path]),
		message: issue.message
	}));
}

function loadSide(
	loader: SideFileLoader | undefined,
	path: string,
	field: string
): string | Problem {
	const content = loader?.(path) ?? null;
	if (content === null)
		return { path: field, message: `file "${path}" not found next to the study file` };
	if (typeof content === 'string') return content;
	if (content instanceof Uint8Array) {
		const decoded = decodeUtf8(content);
		return decoded.ok
			? decoded.text
			: { file: path, line: decoded.line, path: '', message: decoded.message };
	}
	return { path: field, message: content.error };
}

/** The caller's member checks, on the usernames that parsed, with paths of the file's indices. */
function checkKnownMembers(
	check: NonNullable<ParseOptions['checkMembers']>,
	junior: { value: string | undefined }[],
	senior: { value: string | undefined }[]
): Problem[] {
	const known = (list: { value: string | undefined }[]) => {
		const indices: number[] = [];
		const names: string[] = [];
		list.forEach(({ value }, i) => {
			if (value === undefined) return;
			indices.push(i);
			names.push(value);
		});
		return { indices, names };
	};
	const lists = { junior: known(junior), senior: known(senior) };
	return check({ junior: lists.junior.names, senior: lists.senior.names }).map((problem) => {
		const match = /^members\.(junior|senior)\[(\d+)\](.*)$/.exec(problem.path);
		if (!match) return problem;
		const role = match[1] as 'junior' | 'senior';
		const index = lists[role].indices[Number(match[2])];
		return { ...problem, path: `members.${role}[${index}]${match[3]}` };
	});
}

/** The same problem reported twice (e.g. by two checks of one field) is listed once. */
function unique(problems: Problem[]): Problem[] {
	const seen = new Set<string>();
	return problems.filter((problem) => {
		const key = `${formatProblem(problem)}\u0000${problem.line ?? ''}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/** Decoded, BOM-less, depth-checked JSON; problems of repeated keys do not stop the checks. */
function readJson(
	input: string | Uint8Array
): { ok: true; value: unknown; problems: Problem[] } | { ok: false; problems: Problem[] } {
	let text: string;
	if (typeof input === 'string') text = input;
	else {
		const decoded = decodeUtf8(input);
		if (!decoded.ok) return { ok: false, problems: [{ path: '', message: decoded.message }] };
		text = decoded.text;
	}
	text = text.replace(/^\uFEFF/, '');
	// Before anything recursive (validation; the tolerant parser used for syntax messages).
	const structure = checkJsonStructure(text);
	const tooDeep = structure.find((p) => p.kind === 'depth');
	if (tooDeep) return { ok: false, problems: [{ path: tooDeep.path, message: tooDeep.message }] };
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		return { ok: false, problems: [{ path: '', message: jsonSyntaxMessage(text, error) }] };
	}
	return {
		ok: true,
		value,
		problems: structure.map(({ path, message }) => ({ path, message }))
	};
}

/** "prompts[3].key" of a list read from prompts.csv becomes prompts.csv line N, "key". */
function inSideFile(
	problem: Problem,
	sources: Map<string, { file: string; lines: number[] }>
): Problem {
	const match = /^(prompts|responses)\[(\d+)\]\.?(.*)$/.exec(problem.path);
	const source = match && sources.get(match[1]);
	if (!match || !source) return problem;
	return { ...problem, file: source.file, line: source.lines[Number(match[2])], path: match[3] };
}

function jsonSyntaxMessage(text: string, error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	// V8 gives a position for most syntax errors, but not all ("Unexpected token 'o', ..."):
	// then a tolerant parser (jsonc-parser, strict options) finds the offset of the first error.
	const position = /position (\d+)/.exec(message)?.[1] ?? firstErrorOffset(text);
	if (position === undefined) return `not valid JSON: ${message}`;
	const before = text.slice(0, Number(position));
	const line = before.split('\n').length;
	const column = before.length - before.lastIndexOf('\n');
	return `not valid JSON at line ${line}, column ${column}: ${message.replace(/ in JSON at position.*$/, '')}`;
}

function firstErrorOffset(text: string): number | undefined {
	const errors: JsoncError[] = [];
	parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false });
	return errors[0]?.offset;
}
