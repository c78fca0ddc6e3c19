/**
 * Issue 8, "Bad input, systematically": property tests of `parseOutcomes` (ARCHITECTURE §7,
 * `prompt, model, opponent, dimension, outcome` as CSV or JSON Lines). Arbitrary and mutated
 * files never make it throw: they end in outcomes that obey the file's rules, or in errors that
 * each have a line of the file and a message. Valid generated files round-trip exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOutcomes } from '../../../src/lib/domain/stats/parse-outcomes.ts';
import type { Outcome } from '../../../src/lib/domain/stats/types.ts';
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

type OutcomesCase = {
	table: Table;
	format: RecordsFormat;
	expected: Outcome[];
	eol: '\n' | '\r\n';
	numbers: boolean;
};

const LABELS = ['win', 'tie', 'loss'] as const;
const FIELDS = ['prompt', 'model', 'opponent', 'dimension', 'outcome'] as const;
const pick = <T>(values: readonly T[], i: number) => values[i % values.length];

const outcomesArb: fc.Arbitrary<OutcomesCase> = fc
	.record({
		prompts: keysArb(1, 4),
		models: keysArb(2, 5),
		dimensions: fc.option(keysArb(1, 3), { nil: null }),
		cells: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.nat()), {
			minLength: 1,
			maxLength: 30
		}),
		// Outcomes are read case-insensitively: "WIN" and "Tie" are win and tie.
		spelling: fc.array(fc.tuple(...LABELS.map(anyCaseArb)), { minLength: 30, maxLength: 30 }),
		order: fc.array(fc.double({ noNaN: true }), { minLength: 5, maxLength: 5 }),
		header: fc.tuple(...FIELDS.map(anyCaseArb)),
		format: fc.constantFrom<RecordsFormat>('csv', 'jsonl'),
		eol: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
		numbers: fc.boolean()
	})
	.map((g): OutcomesCase => {
		const seen = new Set<string>();
		const expected: Outcome[] = [];
		const written: string[] = [];
		g.cells.forEach(([p, m, o, d, label], k) => {
			const model = m % g.models.length;
			const opponent = (model + 1 + (o % (g.models.length - 1))) % g.models.length;
			const outcome = {
				prompt: pick(g.prompts, p),
				model: g.models[model],
				opponent: g.models[opponent],
				dimension: g.dimensions && pick(g.dimensions, d),
				outcome: pick(LABELS, label)
			};
			const pair = [outcome.model, outcome.opponent].sort();
			const key = JSON.stringify([outcome.prompt, outcome.dimension, pair]);
			if (seen.has(key)) return;
			seen.add(key);
			expected.push(outcome);
			written.push(g.spelling[k][label % 3]);
		});
		const fields = FIELDS.map((field, k) => ({ field, name: g.header[k], at: g.order[k] }))
			.filter(({ field }) => field !== 'dimension' || g.dimensions)
			.sort((a, b) => a.at - b.at);
		const table = {
			columns: fields.map((f) => f.name),
			rows: expected.map((outcome, k) =>
				fields.map((f) => (f.field === 'outcome' ? written[k] : (outcome[f.field] ?? null)))
			)
		};
		return { table, format: g.format, expected, eol: g.eol, numbers: g.numbers };
	});

/** What any accepted file must satisfy, whatever it was. */
function expectValidOutcomes(outcomes: Outcome[]) {
	const seen = new Set<string>();
	for (const o of outcomes) {
		expect(LABELS, JSON.stringify(o)).toContain(o.outcome);
		expect(o.prompt).not.toBe('');
		expect(o.model).not.toBe(o.opponent);
		const key = JSON.stringify([o.prompt, o.dimension, [o.model, o.opponent].sort()]);
		expect(seen.has(key), `duplicate ${key}`).toBe(false);
		seen.add(key);
	}
}

function expectNeverThrows({ text, format }: { text: string; format: RecordsFormat }) {
	const result = parseOutcomes(text, { format });
	if (result.ok) expectValidOutcomes(result.value);
	else expectLocatedErrors(result.errors, text);
}

describe('parseOutcomes properties', () => {
	it('never throws on arbitrary text; every error has a line of the file', () => {
		fc.assert(fc.property(arbitraryRecordsArb, expectNeverThrows), { numRuns: 1000 });
	});

	it('never throws on mutated valid files; every error has a line of the file', () => {
		fc.assert(fc.property(mutatedRecordsArb(outcomesArb), expectNeverThrows), {
			numRuns: 1500
		});
	});

	it('accepts valid files and round-trips every value exactly', () => {
		fc.assert(
			fc.property(outcomesArb, fc.boolean(), (c, bom) => {
				const text = (bom ? '\uFEFF' : '') + recordsText(c.format, c.table, c);
				const result = parseOutcomes(text, { format: c.format });
				if (!result.ok) expect.fail(JSON.stringify(result.errors.slice(0, 3)));
				expect(result.value).toStrictEqual(c.expected);
			}),
			{ numRuns: 500 }
		);
	});
});

/** Counterexamples the properties above found, kept as plain tests. */
describe('parseOutcomes counterexamples', () => {
	it('refuses outcomes named like Object.prototype members', () => {
		for (const outcome of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
			expect(
				parseOutcomes(`prompt,model,opponent,outcome\nq1,a,b,${outcome}\n`, { format: 'csv' })
			).toEqual({
				ok: false,
				errors: [{ line: 2, message: `unknown outcome "${outcome}" (expected win, tie or loss)` }]
			});
	});

	it('counts a CRLF inside a quoted field of an LF file as one line', () => {
		const text = 'prompt,model,opponent,outcome\n"two\r\nlines",a,b,win\nq2,a,a,win\n';
		expect(parseOutcomes(text, { format: 'csv' })).toEqual({
			ok: false,
			errors: [{ line: 4, message: 'model "a" is compared with itself' }]
		});
	});
});
