import { describe, expect, it } from 'vitest';
import { parsePredictions } from '../../../src/lib/domain/metrics/parse-predictions.ts';

const line = (fields: Record<string, unknown>) =>
	JSON.stringify({
		dataset: 'MedQA',
		task: 'qa',
		model: 'gpt-4',
		id: 'q1',
		prediction: 'A',
		reference: 'A',
		...fields
	});

describe('parsePredictions', () => {
	it('reads one object per line, skipping blank lines, with 1-based line numbers', () => {
		const text = [
			'\uFEFF' + line({}),
			'',
			line({ id: 2 }),
			'   ',
			line({ dataset: 'BC5', task: 'ner', prediction: ['x'], reference: 'y' })
		].join('\r\n');
		const result = parsePredictions(text);
		expect(result).toEqual({
			ok: true,
			value: [
				{
					line: 1,
					dataset: 'MedQA',
					task: 'qa',
					model: 'gpt-4',
					id: 'q1',
					prediction: 'A',
					reference: 'A'
				},
				{
					line: 3,
					dataset: 'MedQA',
					task: 'qa',
					model: 'gpt-4',
					id: '2',
					prediction: 'A',
					reference: 'A'
				},
				{
					line: 5,
					dataset: 'BC5',
					task: 'ner',
					model: 'gpt-4',
					id: 'q1',
					prediction: ['x'],
					reference: 'y'
				}
			]
		});
	});

	it('lists every bad line and returns nothing', () => {
		const text = [
			line({}),
			'{"dataset": "MedQA",',
			'[1, 2]',
			JSON.stringify({ dataset: 'MedQA', task: 'qa', model: 'm' }),
			line({ task: 'translation' }),
			line({ task: 'summarization', dataset: 'IU', prediction: ['a', 'b'] }),
			line({}),
			line({ task: 'ner', prediction: ['x'], reference: ['y'] }),
			line({ dataset: 'MIMIC-III', task: 'generation', reference: '' }),
			line({ dataset: 'BC5', task: 'ner', prediction: [1], reference: ['y'] }),
			line({ dataset: '', model: 7, id: null })
		].join('\n');
		const result = parsePredictions(text);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.map((e) => e.line)).toEqual([
			2, 3, 4, 4, 4, 5, 6, 7, 8, 9, 10, 11, 11, 11
		]);
		const messages = result.errors.map((e) => `${e.line}: ${e.message}`);
		expect(messages[0]).toMatch(/^2: invalid JSON: /);
		expect(messages.slice(1)).toEqual([
			'3: expected a JSON object',
			'4: missing field "id"',
			'4: missing field "prediction"',
			'4: missing field "reference"',
			'5: unknown task "translation" (expected one of qa, summarization, generation, ner, classification, relation, treatment)',
			'6: "prediction" is an array, but task summarization takes text (label arrays are for ner, classification, relation, treatment)',
			'7: duplicate (dataset, model, id) = ("MedQA", "gpt-4", "q1"); first on line 1',
			'8: dataset "MedQA" has task qa on line 1, not ner',
			'9: "reference" is empty; BLEU needs a non-empty reference',
			'10: "prediction" must be a string or an array of strings for task ner',
			'11: "dataset" must be a non-empty string',
			'11: "model" must be a non-empty string',
			'11: "id" must be a non-empty string or a number'
		]);
	});

	it('treats the number 1 and the string "1" as the same id', () => {
		const result = parsePredictions([line({ id: 1 }), line({ id: '1' })].join('\n'));
		expect(result).toEqual({
			ok: false,
			errors: [
				{
					line: 2,
					message: 'duplicate (dataset, model, id) = ("MedQA", "gpt-4", "1"); first on line 1'
				}
			]
		});
	});

	it('refuses a file without predictions', () => {
		expect(parsePredictions('\n  \n')).toEqual({
			ok: false,
			errors: [{ line: 1, message: 'no predictions: expected one JSON object per line' }]
		});
	});
});
