/**
 * Issue 8, "Bad input, systematically": property tests of `parsePredictions` (ARCHITECTURE §7,
 * one JSON object per line `{dataset, task, model, id, prediction, reference}`). Arbitrary and
 * mutated files never make it throw: they end in predictions that obey the file's rules, or in
 * errors that each have a line of the file and a message. Valid files round-trip exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePredictions } from '../../../src/lib/domain/metrics/parse-predictions.ts';
import {
	SET_TASKS,
	TASKS,
	type Prediction,
	type Task
} from '../../../src/lib/domain/metrics/types.ts';
import {
	applyJsonEdits,
	applyLineEdits,
	expectLocatedErrors,
	hostileString,
	jsonEditsArb,
	keysArb,
	lineCount,
	lineEditsArb,
	textArb
} from '../../helpers/arbitraries.ts';

type PredictionsCase = { records: Record<string, unknown>[]; text: string; expected: Prediction[] };

const isSetTask = (task: Task) => (SET_TASKS as readonly string[]).includes(task);
const pick = <T>(values: readonly T[], i: number) => values[i % values.length];

const labelsArb = fc.oneof(hostileString, fc.array(hostileString, { maxLength: 4 }));

const predictionsArb: fc.Arbitrary<PredictionsCase> = fc
	.record({
		datasets: fc.uniqueArray(textArb, { minLength: 1, maxLength: 3 }),
		tasks: fc.array(fc.constantFrom(...TASKS), { minLength: 3, maxLength: 3 }),
		models: fc.uniqueArray(textArb, { minLength: 1, maxLength: 3 }),
		ids: keysArb(1, 6),
		numericIds: fc.boolean(),
		cells: fc.array(
			fc.record({
				dataset: fc.nat(),
				model: fc.nat(),
				id: fc.nat(),
				prediction: labelsArb,
				reference: labelsArb,
				blankLinesBefore: fc.constantFrom(0, 0, 0, 1, 2),
				blank: fc.constantFrom('', ' ', '\t', '  \t ')
			}),
			{ minLength: 1, maxLength: 25 }
		),
		eol: fc.constantFrom('\n', '\r\n'),
		bom: fc.boolean()
	})
	.map((g): PredictionsCase => {
		const ids = g.numericIds ? g.ids.map((_, i) => i * 7 - 3) : g.ids;
		const seen = new Set<string>();
		const records: Record<string, unknown>[] = [];
		const expected: Prediction[] = [];
		const lines: string[] = [];
		for (const cell of g.cells) {
			const d = cell.dataset % g.datasets.length;
			const task = g.tasks[d];
			const text = (value: string | string[]) => (Array.isArray(value) ? value.join(' ') : value);
			const record = {
				dataset: g.datasets[d],
				task,
				model: pick(g.models, cell.model),
				id: pick<string | number>(ids, cell.id),
				prediction: isSetTask(task) ? cell.prediction : text(cell.prediction),
				// BLEU needs a non-empty reference for generation.
				reference: isSetTask(task) ? cell.reference : text(cell.reference) || 'ref'
			};
			const key = JSON.stringify([record.dataset, record.model, String(record.id)]);
			if (seen.has(key)) continue;
			seen.add(key);
			for (let k = 0; k < cell.blankLinesBefore; k++) lines.push(cell.blank);
			lines.push(JSON.stringify(record));
			records.push(record);
			expected.push({ line: lines.length, ...record, id: String(record.id) });
		}
		return { records, text: (g.bom ? '\uFEFF' : '') + lines.join(g.eol) + g.eol, expected };
	});

/** What any accepted file must satisfy, whatever it was. */
function expectValidPredictions(predictions: Prediction[], text: string) {
	const seen = new Set<string>();
	const taskOf = new Map<string, Task>();
	for (const p of predictions) {
		expect(TASKS).toContain(p.task);
		expect(p.dataset.trim()).not.toBe('');
		expect(p.model.trim()).not.toBe('');
		expect(p.id).not.toBe('');
		expect(p.line).toBeGreaterThanOrEqual(1);
		expect(p.line).toBeLessThanOrEqual(lineCount(text));
		for (const value of [p.prediction, p.reference])
			if (isSetTask(p.task))
				expect(typeof value === 'string' || value.every((v) => typeof v === 'string')).toBe(true);
			else expect(typeof value).toBe('string');
		const key = JSON.stringify([p.dataset, p.model, p.id]);
		expect(seen.has(key), `duplicate ${key}`).toBe(false);
		seen.add(key);
		expect(taskOf.get(p.dataset) ?? p.task).toBe(p.task);
		taskOf.set(p.dataset, p.task);
	}
}

function expectNeverThrows(text: string) {
	const result = parsePredictions(text);
	if (result.ok) expectValidPredictions(result.value, text);
	else expectLocatedErrors(result.errors, text);
}

const mutatedArb = fc.oneof(
	fc.tuple(predictionsArb, lineEditsArb).map(([c, edits]) => applyLineEdits(c.text, edits)),
	fc.tuple(predictionsArb, jsonEditsArb).map(([c, edits]) => {
		const records = applyJsonEdits(c.records, edits);
		return Array.isArray(records)
			? records.map((r) => JSON.stringify(r) ?? '').join('\n')
			: (JSON.stringify(records) ?? '');
	})
);

const arbitraryArb = fc.oneof(
	hostileString,
	fc.string({ unit: 'binary' }),
	fc
		.array(fc.jsonValue({ maxDepth: 2 }))
		.map((values) => values.map((v) => JSON.stringify(v)).join('\n')),
	fc
		.array(
			fc.dictionary(
				fc.constantFrom('dataset', 'task', 'model', 'id', 'prediction', 'reference', 'x'),
				fc.jsonValue({ maxDepth: 1 })
			)
		)
		.map((objects) => objects.map((o) => JSON.stringify(o)).join('\n'))
);

describe('parsePredictions properties', () => {
	it('never throws on arbitrary text; every error has a line of the file', () => {
		fc.assert(fc.property(arbitraryArb, expectNeverThrows), { numRuns: 1000 });
	});

	it('never throws on mutated valid files; every error has a line of the file', () => {
		fc.assert(fc.property(mutatedArb, expectNeverThrows), { numRuns: 1000 });
	});

	it('accepts valid files and round-trips every value and line number exactly', () => {
		fc.assert(
			fc.property(predictionsArb, (c) => {
				const result = parsePredictions(c.text);
				if (!result.ok) expect.fail(JSON.stringify(result.errors.slice(0, 3)));
				expect(result.value).toStrictEqual(c.expected);
			}),
			{ numRuns: 500 }
		);
	});
});
