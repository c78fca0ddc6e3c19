import { failure, type ParseError, type ParseResult } from './parse-result.ts';
import type { RecordFormat } from './record-format.ts';
import { recordColumns } from './record-columns.ts';
import { readRecords } from './read-records.ts';
import type { Rating } from './types.ts';

const REQUIRED = ['item', 'rater', 'label'] as const;
const OPTIONAL = ['dimension', 'prompt'] as const;

/** Up to this many ratings of one item are compared pairwise for duplicates; beyond, a map. */
const SMALL_ITEM = 16;

const show = (prompt: string | null) => (prompt === null ? 'none' : `"${prompt}"`);

/**
 * Reads a ratings file (ARCHITECTURE §7: columns or keys `item, rater, label`, optionally
 * `dimension` and `prompt`) and checks it: every label is one of `categories`, no rater rates
 * the same item twice on a dimension, an item keeps one prompt. Every error has its line.
 * One pass over the rows plus a counting sort by item for the duplicate check.
 */
export function parseRatings(
	text: string,
	options: { format: RecordFormat; categories: readonly string[] }
): ParseResult<Rating[]> {
	const read = readRecords(text, options.format);
	if (!read.ok) return read;
	const table = read.value;
	if (table.rows.length === 0) return failure([{ line: 1, message: 'the file has no ratings' }]);
	const { columns, errors } = recordColumns(table, REQUIRED, OPTIONAL);
	if (errors.length > 0) return failure(errors);

	const {
		item: iItem,
		rater: iRater,
		label: iLabel,
		dimension: iDimension,
		prompt: iPrompt
	} = columns;
	const categories = new Set(options.categories);
	const itemIndex = new Map<string, number>();
	const raterIndex = new Map<string, number>();
	const dimensionIndex = new Map<string | null, number>();
	const promptOfItem: (string | null)[] = [];
	const promptLine: number[] = [];
	const n = table.rows.length;
	const rowItem = new Int32Array(n);
	const rowKey = new Float64Array(n);
	const rowLine = new Int32Array(n);
	const ratings: Rating[] = [];
	const problems: ParseError[] = [];
	let lastName: string | undefined;
	let lastItem = -1;

	for (const { line, values } of table.rows) {
		const item = values[iItem] || null;
		const rater = values[iRater] || null;
		const label = values[iLabel] || null;
		if (item === null || rater === null || label === null) {
			const missing = REQUIRED.filter((_, k) => [item, rater, label][k] === null);
			problems.push({ line, message: `missing ${missing.join(', ')}` });
			continue;
		}
		if (!categories.has(label)) {
			problems.push({
				line,
				message: `unknown label "${label}" (expected one of: ${options.categories.join(', ')})`
			});
			continue;
		}
		const dimension = (iDimension >= 0 && values[iDimension]) || null;
		const prompt = (iPrompt >= 0 && values[iPrompt]) || null;

		let i = item === lastName ? lastItem : itemIndex.get(item);
		if (i === undefined) {
			i = promptOfItem.length;
			itemIndex.set(item, i);
			promptOfItem.push(prompt);
			promptLine.push(line);
		} else if (promptOfItem[i] !== prompt) {
			problems.push({
				line,
				message: `item "${item}" has prompt ${show(prompt)} here but ${show(promptOfItem[i])} on line ${promptLine[i]}`
			});
			continue;
		}
		lastName = item;
		lastItem = i;
		let r = raterIndex.get(rater);
		if (r === undefined) raterIndex.set(rater, (r = raterIndex.size));
		let d = dimensionIndex.get(dimension);
		if (d === undefined) dimensionIndex.set(dimension, (d = dimensionIndex.size));

		const at = ratings.length;
		rowItem[at] = i;
		// Exact in a float64 while rater and dimension indexes stay below 2^26 each (2^52 total).
		rowKey[at] = r * 67_108_864 + d;
		rowLine[at] = line;
		ratings.push({ item, rater, label, dimension, prompt });
	}

	problems.push(...duplicates(ratings, rowItem, rowKey, rowLine, promptOfItem.length));
	if (problems.length > 0) return failure(problems.sort((a, b) => a.line - b.line));
	return { ok: true, value: ratings };
}

/** A rater rating one item twice on one dimension, found after a counting sort by item. */
function duplicates(
	ratings: Rating[],
	rowItem: Int32Array,
	rowKey: Float64Array,
	rowLine: Int32Array,
	nItems: number
): ParseError[] {
	const m = ratings.length;
	const start = new Int32Array(nItems + 1);
	for (let k = 0; k < m; k++) start[rowItem[k] + 1]++;
	for (let i = 0; i < nItems; i++) start[i + 1] += start[i];
	const fill = start.slice(0, nItems);
	const order = new Int32Array(m);
	for (let k = 0; k < m; k++) order[fill[rowItem[k]]++] = k;

	const found: ParseError[] = [];
	const report = (first: number, again: number) => {
		const { rater, item, dimension } = ratings[again];
		const where = dimension === null ? '' : ` on dimension "${dimension}"`;
		found.push({
			line: rowLine[again],
			message: `duplicate rating: rater "${rater}" already rated item "${item}"${where} on line ${rowLine[first]}`
		});
	};
	for (let i = 0; i < nItems; i++) {
		const from = start[i];
		const to = start[i + 1];
		if (to - from <= SMALL_ITEM) {
			for (let x = from + 1; x < to; x++) {
				for (let y = from; y < x; y++) {
					if (rowKey[order[y]] === rowKey[order[x]]) {
						report(order[y], order[x]);
						break;
					}
				}
			}
		} else {
			const seen = new Map<number, number>();
			for (let x = from; x < to; x++) {
				const first = seen.get(rowKey[order[x]]);
				if (first === undefined) seen.set(rowKey[order[x]], order[x]);
				else report(first, order[x]);
			}
		}
	}
	return found;
}
