/** A problem found in an input file, located by JSON path and/or file and line. */
export type Problem = { path: string; line?: number; file?: string; message: string };

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** "responses[3].model: unknown model "x"" or "prompts.csv line 4, text: must not be empty". */
export function formatProblem(problem: Problem): string {
	const where = [
		problem.file && problem.line !== undefined
			? `${problem.file} line ${problem.line}`
			: problem.file,
		problem.path
	]
		.filter(Boolean)
		.join(', ');
	return where ? `${where}: ${problem.message}` : problem.message;
}

/** Turns zod issue paths (["responses", 3, "model"]) into "responses[3].model". */
export function formatPath(path: readonly PropertyKey[]): string {
	let out = '';
	for (const part of path) {
		if (typeof part === 'number') out += `[${part}]`;
		else out += out ? `.${String(part)}` : String(part);
	}
	return out;
}
