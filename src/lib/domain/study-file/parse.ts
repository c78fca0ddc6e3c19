/**
 * Parses and validates a study file completely before anything is written: JSON syntax, the
 * schema, side files (JSONL / CSV with line numbers) and cross-checks. Returns every problem.
 */
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
		if (!result.ok) problems.push(...result.problems);
		return result.ok ? (result.value as T[]) : [];
	};
	const study: StudyFile = {
		...parsed.data,
		prompts: load(parsed.data.prompts, promptSchema, 'prompts'),
		responses: load(parsed.data.responses, responseSchema, 'responses')
	};
	if (problems.length) return { ok: false, problems };

	const crossProblems = [
		...checkStudyFile(study),
		...(options.checkMembers?.(study.members) ?? [])
	];
	return crossProblems.length ? { ok: false, problems: crossProblems } : { ok: true, value: study };
}

function jsonSyntaxMessage(text: string, error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const position = /position (\d+)/.exec(message);
	if (!position) return `not valid JSON: ${message}`;
	const before = text.slice(0, Number(position[1]));
	const line = before.split('\n').length;
	const column = before.length - before.lastIndexOf('\n');
	return `not valid JSON at line ${line}, column ${column}: ${message.replace(/ in JSON at position.*$/, '')}`;
}
