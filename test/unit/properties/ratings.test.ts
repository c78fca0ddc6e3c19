/**
 * Issue 8, "Bad input, systematically": property tests of `parseRatings` (ARCHITECTURE §7,
 * `item, rater, label[, dimension][, prompt]` as CSV or JSON Lines). Arbitrary and mutated files
 * never make it throw: they end in ratings that obey the file's rules, or in errors that each
 * have a line of the file and a message. Valid generated files round-trip exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRatings } from '../../../src/lib/domain/stats/parse-ratings.ts';
import type { Rating } from '../../../src/lib/domain/stats/types.ts';
import {
	anyCaseArb,
	arbitraryRecordsArb,
	expectLocatedErrors,
	keysArb,
	mutatedRecordsArb,
	recordsText,
	type RecordsFormat,
	type Table
} from '../../helpers/arbitraries.ts';

type RatingsCase = {
	table: Table;
	format: RecordsFormat;
	categories: string[];
	expected: Rating[];
	eol: '\n' | '\r\n';
	numbers: boolean;
};

const pick = <T>(values: readonly T[], i: number) => values[i % values.length];
/** One of `values`, or null for the index just past them. */
const pickOrNull = <T>(values: readonly T[], i: number) =>
	i % (values.length + 1) === values.length ? null : values[i % (values.length + 1)];

const ratingsArb: fc.Arbitrary<RatingsCase> = fc
	.record({
		categories: keysArb(1, 4),
		items: keysArb(1, 6),
		raters: keysArb(1, 4),
		dimensions: fc.option(keysArb(1, 3), { nil: null }),
		prompts: fc.option(keysArb(1, 3), { nil: null }),
		itemPrompt: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
		cells: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), {
			minLength: 1,
			maxLength: 30
		}),
		order: fc.array(fc.double({ noNaN: true }), { minLength: 5, maxLength: 5 }),
		header: fc.tuple(...['item', 'rater', 'label', 'dimension', 'prompt'].map(anyCaseArb)),
		format: fc.constantFrom<RecordsFormat>('csv', 'jsonl'),
		eol: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
		numbers: fc.boolean()
	})
	.map((g): RatingsCase => {
		const promptOf = (item: number) => g.prompts && pickOrNull(g.prompts, g.itemPrompt[item]);
		const seen = new Set<string>();
		const expected: Rating[] = [];
		for (const [i, r, d, l] of g.cells) {
			const rating = {
				item: pick(g.items, i),
				rater: pick(g.raters, r),
				label: pick(g.categories, l),
				dimension: g.dimensions && pickOrNull(g.dimensions, d),
				prompt: promptOf(i % g.items.length)
			};
			const key = JSON.stringify([rating.item, rating.rater, rating.dimension]);
			if (!seen.has(key)) expected.push(rating);
			seen.add(key);
		}
		const fields = (['item', 'rater', 'label', 'dimension', 'prompt'] as const)
			.map((field, k) => ({ field, name: g.header[k], at: g.order[k] }))
			.filter(
				({ field }) => (field !== 'dimension' || g.dimensions) && (field !== 'prompt' || g.prompts)
			)
			.sort((a, b) => a.at - b.at);
		const table = {
			columns: fields.map((f) => f.name),
			rows: expected.map((rating) => fields.map((f) => rating[f.field] ?? null))
		};
		return {
			table,
			format: g.format,
			categories: g.categories,
			expected,
			eol: g.eol,
			numbers: g.numbers
		};
	});

/** What any accepted file must satisfy, whatever it was. */
function expectValidRatings(ratings: Rating[], categories: readonly string[]) {
	const promptOfItem = new Map<string, string | null | undefined>();
	const seen = new Set<string>();
	for (const rating of ratings) {
		expect(rating.item).not.toBe('');
		expect(rating.rater).not.toBe('');
		expect(categories).toContain(rating.label);
		const key = JSON.stringify([rating.item, rating.rater, rating.dimension]);
		expect(seen.has(key), `duplicate ${key}`).toBe(false);
		seen.add(key);
		if (!promptOfItem.has(rating.item)) promptOfItem.set(rating.item, rating.prompt);
		expect(rating.prompt).toBe(promptOfItem.get(rating.item));
	}
}

const CATEGORIES = ['loss', 'tie', 'win'];

function expectNeverThrows(
	{ text, format }: { text: string; format: RecordsFormat },
	categories = CATEGORIES
) {
	const result = parseRatings(text, { format, categories });
	if (result.ok) expectValidRatings(result.value, categories);
	else expectLocatedErrors(result.errors, text);
}

describe('parseRatings properties', () => {
	it('never throws on arbitrary text; every error has a line of the file', () => {
		fc.assert(
			fc.property(arbitraryRecordsArb, (c) => expectNeverThrows(c)),
			{ numRuns: 1000 }
		);
	});

	it('never throws on mutated valid files; every error has a line of the file', () => {
		fc.assert(
			fc.property(mutatedRecordsArb(ratingsArb), (c) => expectNeverThrows(c, c.categories)),
			{ numRuns: 1500 }
		);
	});

	it('accepts valid files and round-trips every value exactly', () => {
		fc.assert(
			fc.property(ratingsArb, fc.boolean(), (c, bom) => {
				const text = (bom ? '\uFEFF' : '') + recordsText(c.format, c.table, c);
				const result = parseRatings(text, { format: c.format, categories: c.categories });
				if (!result.ok) expect.fail(JSON.stringify(result.errors.slice(0, 3)));
				expect(result.value).toStrictEqual(c.expected);
			}),
			{ numRuns: 500 }
		);
	});
});

/** Counterexamples the properties above found, kept as plain tests. */
describe('parseRatings counterexamples', () => {
	it('counts a CRLF inside a quoted field of an LF file as one line', () => {
		// csv-parse counts the \r and the \n as two lines; the record with no item is on line 4.
		const text = 'item,rater,label,prompt\ni1,r1,win,"two\r\nlines"\n,r2,win,p\n';
		expect(parseRatings(text, { format: 'csv', categories: CATEGORIES })).toEqual({
			ok: false,
			errors: [{ line: 4, message: 'missing item' }]
		});
	});

	it('does not mistake another rater on another dimension for a duplicate (65,537 dimensions)', () => {
		// rowKey = rater * 65536 + dimension: rater 0 on dimension 65536 collides with rater 1 on 0.
		const lines = ['item,rater,label,dimension'];
		for (let d = 0; d < 65_536; d++) lines.push(`filler,r0,win,d${d}`);
		lines.push('x,r1,win,d0', 'x,r0,win,d65536');
		const result = parseRatings(lines.join('\n'), { format: 'csv', categories: CATEGORIES });
		expect(result.ok || result.errors).toBe(true);
	});
});
