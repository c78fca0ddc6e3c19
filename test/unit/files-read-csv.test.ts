import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/lib/domain/files/read-csv.ts';

describe('readCsv', () => {
	it('gives the physical line where each record starts, whatever the line breaks inside quotes', () => {
		const result = readCsv('a,b\nq1,"one\r\ntwo"\n\nq2,é\nq3,"x\ny\nz"\nq4,w');
		expect(result).toEqual({
			ok: true,
			rows: [
				{ line: 1, values: ['a', 'b'] },
				{ line: 2, values: ['q1', 'one\r\ntwo'] },
				{ line: 5, values: ['q2', 'é'] },
				{ line: 6, values: ['q3', 'x\ny\nz'] },
				{ line: 9, values: ['q4', 'w'] }
			]
		});
	});

	it('handles CRLF files and a byte-order mark', () => {
		expect(readCsv('\uFEFFa,b\r\n1,2\r\n\r\n3,4\r\n')).toEqual({
			ok: true,
			rows: [
				{ line: 1, values: ['a', 'b'] },
				{ line: 2, values: ['1', '2'] },
				{ line: 4, values: ['3', '4'] }
			]
		});
	});

	it('locates a CSV syntax error on its line', () => {
		const result = readCsv('a,b\n1,"two\nlines"\n3,"bad"x\n');
		expect(result).toMatchObject({ ok: false, line: 4 });
		if (!result.ok) expect(result.message).toMatch(/^invalid CSV: Invalid Closing Quote/);
	});
});
