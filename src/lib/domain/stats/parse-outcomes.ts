import { failure, type ParseError, type ParseResult } from './parse-result.ts';
import type { RecordFormat } from './record-format.ts';
import { recordColumns } from './record-columns.ts';
import { readRecords } from './read-records.ts';
import type { Outcome, OutcomeLabel } from './types.ts';

const REQUIRED = ['prompt', 'model', 'opponent', 'outcome'] as const;
const OPTIONAL = ['dimension'] as const;
const OUTCOMES: Record<string, OutcomeLabel> = Object.setPrototypeOf(
	{ win: 'win', tie: 'tie', loss: 'loss' },
	null
);
const MODEL_SPACE = 2 ** 20;

/**
 * Reads an outcomes file (ARCHITECTURE §7: `prompt, model, opponent, dimension, outcome`, the
 * outcome `win | tie | loss` from `model`'s side; `dimension` may be left out) and checks it:
 * known outcome, a model never meets itself, each pair is judged at most once per prompt and
 * dimension (in either orientation). Every error has its line.
 */
export function parseOutcomes(
	text: string,
	options: { format: RecordFormat }
): ParseResult<Outcome[]> {
	const read = readRecords(text, options.format);
	if (!read.ok) return read;
	const table = read.value;
	if (table.rows.length === 0) return failure([{ line: 1, message: 'the file has no outcomes' }]);
	const { columns, errors } = recordColumns(table, REQUIRED, OPTIONAL);
	if (errors.length > 0) return failure(errors);

	const { prompt: iPrompt, model: iModel, opponent: iOpponent, outcome: iOutcome } = columns;
	const iDimension = columns.dimension;
	const promptIndex = new Map<string, number>();
	const modelIndex = new Map<string, number>();
	const dimensionIndex = new Map<string | null, number>();
	const n = table.rows.length;
	const rowPrompt = new Int32Array(n);
	const rowKey = new Float64Array(n);
	const rowLine = new Int32Array(n);
	const outcomes: Outcome[] = [];
	const problems: ParseError[] = [];

	for (const { line, values } of table.rows) {
		const prompt = values[iPrompt] || null;
		const model = values[iModel] || null;
		const opponent = values[iOpponent] || null;
		const raw = values[iOutcome] || null;
		if (prompt === null || model === null || opponent === null || raw === null) {
			const missing = REQUIRED.filter((_, k) => [prompt, model, opponent, raw][k] === null);
			problems.push({ line, message: `missing ${missing.join(', ')}` });
			continue;
		}
		const outcome = OUTCOMES[raw] ?? OUTCOMES[raw.toLowerCase()];
		if (outcome === undefined) {
			problems.push({ line, message: `unknown outcome "${raw}" (expected win, tie or loss)` });
			continue;
		}
		if (model === opponent) {
			problems.push({ line, message: `model "${model}" is compared with itself` });
			continue;
		}
		const dimension = (iDimension >= 0 && values[iDimension]) || null;
		let p = promptIndex.get(prompt);
		if (p === undefined) promptIndex.set(prompt, (p = promptIndex.size));
		let m = modelIndex.get(model);
		if (m === undefined) modelIndex.set(model, (m = modelIndex.size));
		let o = modelIndex.get(opponent);
		if (o === undefined) modelIndex.set(opponent, (o = modelIndex.size));
		let d = dimensionIndex.get(dimension);
		if (d === undefined) dimensionIndex.set(dimension, (d = dimensionIndex.size));
		if (modelIndex.size >= MODEL_SPACE || d >= 8192) {
			return failure([{ line, message: 'more than 1,048,575 models or 8,191 dimensions' }]);
		}
		const at = outcomes.length;
		rowPrompt[at] = p;
		rowKey[at] = (d * MODEL_SPACE + Math.min(m, o)) * MODEL_SPACE + Math.max(m, o);
		rowLine[at] = line;
		outcomes.push({ prompt, model, opponent, dimension, outcome });
	}

	problems.push(...duplicates(outcomes, rowPrompt, rowKey, rowLine, promptIndex.size));
	if (problems.length > 0) return failure(problems.sort((a, b) => a.line - b.line));
	return { ok: true, value: outcomes };
}

/** The same pair judged twice on one prompt and dimension: counting sort by prompt, then keys. */
function duplicates(
	outcomes: Outcome[],
	rowPrompt: Int32Array,
	rowKey: Float64Array,
	rowLine: Int32Array,
	nPrompts: number
): ParseError[] {
	const count = outcomes.length;
	const start = new Int32Array(nPrompts + 1);
	for (let k = 0; k < count; k++) start[rowPrompt[k] + 1]++;
	for (let p = 0; p < nPrompts; p++) start[p + 1] += start[p];
	const fill = start.slice(0, nPrompts);
	const sortedKeys = new Float64Array(count);
	const order = new Int32Array(count);
	for (let k = 0; k < count; k++) {
		const at = fill[rowPrompt[k]]++;
		order[at] = k;
		sortedKeys[at] = rowKey[k];
	}
	const found: ParseError[] = [];
	for (let p = 0; p < nPrompts; p++) {
		const keys = sortedKeys.subarray(start[p], start[p + 1]).sort();
		let clash = false;
		for (let x = 1; x < keys.length && !clash; x++) clash = keys[x] === keys[x - 1];
		if (!clash) continue;
		// Rare: find which rows clash, in file order.
		const first = new Map<number, number>();
		for (let at = start[p]; at < start[p + 1]; at++) {
			const k = order[at];
			const earlier = first.get(rowKey[k]);
			if (earlier === undefined) {
				first.set(rowKey[k], k);
				continue;
			}
			const { model, opponent, prompt, dimension } = outcomes[k];
			const where = dimension === null ? '' : ` on dimension "${dimension}"`;
			found.push({
				line: rowLine[k],
				message: `duplicate outcome: ${model} vs ${opponent} on prompt "${prompt}"${where} is already judged on line ${rowLine[earlier]}`
			});
		}
	}
	return found;
}
