import { failure, type ParseError, type ParseResult } from './parse-result.ts';
import type { RecordFormat } from './record-format.ts';
import { recordColumns } from './record-columns.ts';
import { readRecords } from './read-records.ts';
import type { Outcome, OutcomeLabel } from './types.ts';

const REQUIRED = ['prompt', 'model', 'opponent', 'outcome'] as const;
const OPTIONAL = ['dimension'] as const;
const OUTCOMES = new Set(['win', 'tie', 'loss']);
const PAIR_SPACE = 2 ** 21;

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

	const promptIndex = new Map<string, number>();
	const pairIndex = new Map<string, number>();
	const seen = new Map<string | null, Map<number, number>>();
	const outcomes: Outcome[] = [];
	const problems: ParseError[] = [];

	for (const { line, values } of table.rows) {
		const get = (key: (typeof REQUIRED)[number] | (typeof OPTIONAL)[number]) => {
			const at = columns[key];
			const value = at === -1 ? undefined : values[at];
			return value === undefined || value === '' ? null : value;
		};
		const prompt = get('prompt');
		const model = get('model');
		const opponent = get('opponent');
		const raw = get('outcome');
		const missing = REQUIRED.filter((_, i) => [prompt, model, opponent, raw][i] === null);
		if (missing.length > 0) {
			problems.push({ line, message: `missing ${missing.join(', ')}` });
			continue;
		}
		const outcome = raw!.toLowerCase();
		if (!OUTCOMES.has(outcome)) {
			problems.push({ line, message: `unknown outcome "${raw}" (expected win, tie or loss)` });
			continue;
		}
		if (model === opponent) {
			problems.push({ line, message: `model "${model}" is compared with itself` });
			continue;
		}
		const dimension = get('dimension');
		const pairName = model! < opponent! ? `${model}\u0000${opponent}` : `${opponent}\u0000${model}`;
		let pair = pairIndex.get(pairName);
		if (pair === undefined) pairIndex.set(pairName, (pair = pairIndex.size));
		let p = promptIndex.get(prompt!);
		if (p === undefined) promptIndex.set(prompt!, (p = promptIndex.size));
		if (pair >= PAIR_SPACE) return failure([{ line, message: 'more than 2,097,152 model pairs' }]);
		let lines = seen.get(dimension);
		if (lines === undefined) seen.set(dimension, (lines = new Map()));
		const key = p * PAIR_SPACE + pair;
		const first = lines.get(key);
		if (first !== undefined) {
			const where = dimension === null ? '' : ` on dimension "${dimension}"`;
			problems.push({
				line,
				message: `duplicate outcome: ${model} vs ${opponent} on prompt "${prompt}"${where} is already judged on line ${first}`
			});
			continue;
		}
		lines.set(key, line);
		outcomes.push({
			prompt: prompt!,
			model: model!,
			opponent: opponent!,
			dimension,
			outcome: outcome as OutcomeLabel
		});
	}
	return problems.length > 0 ? failure(problems) : { ok: true, value: outcomes };
}
