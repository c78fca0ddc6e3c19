import { describe, expect, it } from 'vitest';
import { parseOutcomes } from '../../../src/lib/domain/stats/parse-outcomes.ts';
import { parseRatings } from '../../../src/lib/domain/stats/parse-ratings.ts';
import { recordFormat } from '../../../src/lib/domain/stats/record-format.ts';

const categories = ['loss', 'tie', 'win'];
const csv = (text: string) => parseRatings(text, { format: 'csv', categories });
const jsonl = (text: string) => parseRatings(text, { format: 'jsonl', categories });

describe('parseRatings', () => {
	it('reads CSV (fast path and quoted path alike) and JSON Lines', () => {
		const plain = csv('item,rater,label,dimension\nq1,a,win,faith\r\nq1,b,tie,faith\n\n');
		const quoted = csv('"item","rater","label","dimension"\n"q1",a,win,faith\nq1,"b",tie,faith\n');
		const lines = jsonl(
			'{"item":"q1","rater":"a","label":"win","dimension":"faith"}\n{"item":"q1","rater":"b","label":"tie","dimension":"faith"}\n'
		);
		const expected = [
			{ item: 'q1', rater: 'a', label: 'win', dimension: 'faith', prompt: null },
			{ item: 'q1', rater: 'b', label: 'tie', dimension: 'faith', prompt: null }
		];
		expect(plain).toEqual({ ok: true, value: expected });
		expect(quoted).toEqual({ ok: true, value: expected });
		expect(lines).toEqual({ ok: true, value: expected });
	});

	it('names the line of an unknown label, a duplicate rating and a missing value', () => {
		const result = csv('item,rater,label\nq1,a,win\nq1,b,winn\nq1,a,tie\nq2,,win\n');
		expect(result).toEqual({
			ok: false,
			errors: [
				{ line: 3, message: 'unknown label "winn" (expected one of: loss, tie, win)' },
				{ line: 4, message: 'duplicate rating: rater "a" already rated item "q1" on line 2' },
				{ line: 5, message: 'missing rater' }
			]
		});
	});

	it('allows the same item and rater on different dimensions', () => {
		const result = csv('item,rater,label,dimension\nq1,a,win,f\nq1,a,tie,g\n');
		expect(result.ok).toBe(true);
	});

	it('reports a missing column on the header line, and an empty file', () => {
		expect(csv('item,rater\nq1,a\n')).toEqual({
			ok: false,
			errors: [
				{
					line: 1,
					message:
						'missing column "label" (the header needs item, rater, label; optional: dimension, prompt)'
				}
			]
		});
		expect(csv('')).toEqual({
			ok: false,
			errors: [{ line: 1, message: 'the file has no ratings' }]
		});
		expect(csv('item,rater,label\n')).toEqual({
			ok: false,
			errors: [{ line: 1, message: 'the file has no ratings' }]
		});
	});

	it('counts lines of multi-line quoted fields and reports a row of the wrong width', () => {
		const result = csv('item,rater,label\n"q\n1",a,win\nq2,a\n');
		expect(result).toEqual({
			ok: false,
			errors: [{ line: 4, message: 'expected 3 fields, found 2' }]
		});
	});

	it('keeps an item to one prompt', () => {
		const result = csv('item,rater,label,prompt\nq1,a,win,p1\nq1,b,win,p2\n');
		expect(result).toEqual({
			ok: false,
			errors: [{ line: 3, message: 'item "q1" has prompt "p2" here but "p1" on line 2' }]
		});
	});

	it('reports bad JSON and non-objects per line, accepts numbers as strings', () => {
		expect(jsonl('{"item":1,"rater":2,"label":"win"}\n[1]\n{oops\n')).toMatchObject({
			ok: false,
			errors: [
				{ line: 2, message: 'expected a JSON object' },
				{ line: 3, message: expect.stringMatching(/^invalid JSON/) }
			]
		});
		expect(jsonl('{"item":1,"rater":2,"label":"win"}')).toMatchObject({
			ok: true,
			value: [{ item: '1', rater: '2', label: 'win' }]
		});
		expect(jsonl('{"item":1,"label":"win"}')).toEqual({
			ok: false,
			errors: [{ line: 1, message: 'missing rater' }]
		});
	});

	it('caps the error list at 100 and says how many more there were', () => {
		const rows = Array.from({ length: 150 }, (_, i) => `q${i},a,bad`).join('\n');
		const result = csv(`item,rater,label\n${rows}\n`);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.errors).toHaveLength(101);
			expect(result.errors[100]).toEqual({ line: 102, message: '… and 50 more errors' });
		}
	});
});

describe('parseOutcomes', () => {
	it('reads outcomes, lower-casing the outcome; dimension is optional', () => {
		const result = parseOutcomes('prompt,model,opponent,outcome\nq1,a,b,WIN\n', { format: 'csv' });
		expect(result).toEqual({
			ok: true,
			value: [{ prompt: 'q1', model: 'a', opponent: 'b', dimension: null, outcome: 'win' }]
		});
	});

	it('names the line of a bad outcome, a self-comparison and a duplicate pair', () => {
		const text =
			'prompt,model,opponent,dimension,outcome\nq1,a,b,f,win\nq1,b,a,f,loss\nq1,a,a,f,tie\nq2,a,b,f,draw\nq1,a,b,g,tie\n';
		expect(parseOutcomes(text, { format: 'csv' })).toEqual({
			ok: false,
			errors: [
				{
					line: 3,
					message:
						'duplicate outcome: b vs a on prompt "q1" on dimension "f" is already judged on line 2'
				},
				{ line: 4, message: 'model "a" is compared with itself' },
				{ line: 5, message: 'unknown outcome "draw" (expected win, tie or loss)' }
			]
		});
	});
});

describe('recordFormat', () => {
	it('goes by extension, then by the first character', () => {
		expect(recordFormat('r.csv', '{')).toBe('csv');
		expect(recordFormat('r.JSONL', 'item')).toBe('jsonl');
		expect(recordFormat('r.txt', '  {"item": 1}')).toBe('jsonl');
		expect(recordFormat('-', 'item,rater,label')).toBe('csv');
	});
});
