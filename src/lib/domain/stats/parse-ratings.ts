import { failure, type ParseError, type ParseResult } from './parse-result.ts';
import type { RecordFormat } from './record-format.ts';
import { recordColumns } from './record-columns.ts';
import { readRecords } from './read-records.ts';
import type { Rating } from './types.ts';

const REQUIRED = ['item', 'rater', 'label'] as const;
const OPTIONAL = ['dimension', 'prompt'] as const;
/** Raters per numeric duplicate key (item · 2^21 + rater stays below 2^53). */
const RATER_SPACE = 2 ** 21;

/**
 * Reads a ratings file (ARCHITECTURE §7: columns or keys `item, rater, label`, optionally
 * `dimension` and `prompt`) and checks it: every label is one of `categories`, no rater rates
 * the same item twice on a dimension, an item keeps one prompt. Every error has its line.
 */
export function parseRatings(
	text: string,
	options: { format: RecordFormat; categories: readonly string[] }
): ParseResult<Rating[]> {
	const read = readRecords(text, options.format);
	if (!read.ok) return read;
	const table = read.value;
	if (table.rows.length === 0) {
		return failure([{ line: 1, message: 'the file has no ratings' }]);
	}
	const { columns, errors } = recordColumns(table, REQUIRED, OPTIONAL);
	if (errors.length > 0) return failure(errors);

	const categories = new Set(options.categories);
	const itemIndex = new Map<string, number>();
	const raterIndex = new Map<string, number>();
	const seen = new Map<string | null, Map<number, number>>();
	const promptOf = new Map<string, { prompt: string | null; line: number }>();
	const ratings: Rating[] = [];
	const problems: ParseError[] = [];

	for (const { line, values } of table.rows) {
		const get = (key: (typeof REQUIRED)[number] | (typeof OPTIONAL)[number]) => {
			const at = columns[key];
			const value = at === -1 ? undefined : values[at];
			return value === undefined || value === '' ? null : value;
		};
		const item = get('item');
		const rater = get('rater');
		const label = get('label');
		const missing = REQUIRED.filter((_, i) => [item, rater, label][i] === null);
		if (missing.length > 0) {
			problems.push({ line, message: `missing ${missing.join(', ')}` });
			continue;
		}
		if (!categories.has(label!)) {
			problems.push({
				line,
				message: `unknown label "${label}" (expected one of: ${options.categories.join(', ')})`
			});
			continue;
		}
		const dimension = get('dimension');
		const prompt = get('prompt');

		const previous = promptOf.get(item!);
		if (previous === undefined) promptOf.set(item!, { prompt, line });
		else if (previous.prompt !== prompt) {
			problems.push({
				line,
				message: `item "${item}" has prompt ${show(prompt)} here but ${show(previous.prompt)} on line ${previous.line}`
			});
			continue;
		}

		let i = itemIndex.get(item!);
		if (i === undefined) itemIndex.set(item!, (i = itemIndex.size));
		let r = raterIndex.get(rater!);
		if (r === undefined) raterIndex.set(rater!, (r = raterIndex.size));
		if (r >= RATER_SPACE) return failure([{ line, message: 'more than 2,097,152 raters' }]);
		let lines = seen.get(dimension);
		if (lines === undefined) seen.set(dimension, (lines = new Map()));
		const key = i * RATER_SPACE + r;
		const first = lines.get(key);
		if (first !== undefined) {
			const where = dimension === null ? '' : ` on dimension "${dimension}"`;
			problems.push({
				line,
				message: `duplicate rating: rater "${rater}" already rated item "${item}"${where} on line ${first}`
			});
			continue;
		}
		lines.set(key, line);
		ratings.push({ item: item!, rater: rater!, label: label!, dimension, prompt });
	}
	return problems.length > 0 ? failure(problems) : { ok: true, value: ratings };
}

const show = (prompt: string | null) => (prompt === null ? 'none' : `"${prompt}"`);
