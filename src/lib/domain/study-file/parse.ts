/**
 * Parses and validates a study file completely before anything is written: JSON syntax, the
 * schema, side files (JSONL / CSV with line numbers) and cross-checks. Returns every problem.
 */
import { parse as parseTolerant, type ParseError as JsoncError } from 'jsonc-parser';
import { checkStudyFile } from './check.ts';
import { formatPath, type Problem, type Result } from './problem.ts';
import { promptSchema, responseSchema, studyFileSchema, type StudyFile } from './schema.ts';
import { readSideFile } from './side-file.ts';

/** Returns a side file's text, or null when it does not exist. */
export type SideFileLoader = (path: string) => string | null;

export type ParseOptions = {
	loadSideFile?: SideFileLoader;
	/** Problems with the members that only the caller can tell (unknown accounts, wrong roles). */
	checkMembers?: (members: StudyFile['members']) => Problem[];
};

export function parseStudyFile(text: string, options: ParseOptions = {}): Result<StudyFile> {
	const loadSideFile = options.loadSideFile ?? (() => null);
	let json: unknown;
	try {
		json = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (error) {
		return {
			ok: false,
			problems: [{ path: '', message: jsonSyntaxMessage(text.replace(/^\uFEFF/, ''), error) }]
		};
	}

	const parsed = studyFileSchema.safeParse(json);
	if (!parsed.success) {
		const problems = parsed.error.issues.map((issue) => ({
			path: formatPath(issue.path),
			message: issue.message
		}));
		return { ok: false, problems };
	}

	const problems: Problem[] = [];
	// Where each list came from when it was a side file, so cross-check problems can say the line.
	const sources = new Map<string, { file: string; lines: number[] }>();
	const load = <T>(
		value: T[] | string,
		schema: typeof promptSchema | typeof responseSchema,
		path: string
	): T[] => {
		if (Array.isArray(value)) return value;
		const content = loadSideFile(value);
		if (content === null) {
			problems.push({ path, message: `file "${value}" not found next to the study file` });
			return [];
		}
		const result = readSideFile(value, content, schema);
		if (!result.ok) {
			problems.push(...result.problems);
			return [];
		}
		sources.set(path, { file: value, lines: result.value.lines });
		return result.value.values as T[];
	};
	const study: StudyFile = {
		...parsed.data,
		prompts: load(parsed.data.prompts, promptSchema, 'prompts'),
		responses: load(parsed.data.responses, responseSchema, 'responses')
	};
	if (problems.length) return { ok: false, problems };

	const crossProblems = [
		...checkStudyFile(study).map((problem) => inSideFile(problem, sources)),
		...(options.checkMembers?.(study.members) ?? [])
	];
	return crossProblems.length ? { ok: false, problems: crossProblems } : { ok: true, value: study };
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
