import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
	csvField,
	streamTable,
	tableCsv,
	type StreamValue
} from '../../../src/lib/domain/export/stream-table.ts';
import type { Column, Table } from '../../../src/lib/domain/export/table.ts';
import { toMarkdown } from '../../../src/lib/domain/export/to-markdown.ts';

const columns: Column[] = [
	{ key: 'name', label: 'Name' },
	{ key: 'value', label: 'Value | unit', align: 'right' },
	{ key: 'flag', label: 'Flag' }
];
const rows: StreamValue[][] = [
	['plain', 1.5, true],
	['=1+2', -2, false],
	['with, comma and "quotes"', null, null],
	['line\nbreak #3', 0, true]
];
const signature = 'test|sig';

describe('csvField (OWASP CSV injection)', () => {
	it.each([
		['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
		['+1', "'+1"],
		['-2+3', "'-2+3"],
		['@SUM(A1)', "'@SUM(A1)"],
		['\tx', "'\tx"],
		['\rx', `"'\rx"`],
		['safe', 'safe'],
		['a#b', '"a#b"']
	])('%j → %s', (input, output) => expect(csvField(input)).toBe(output));

	it('leaves numbers (negative too) and booleans as they are', () => {
		expect([csvField(-2), csvField(-0.25), csvField(0), csvField(true), csvField(null)]).toEqual([
			'-2',
			'-0.25',
			'0',
			'true',
			''
		]);
	});
});

describe('streamTable', () => {
	it('CSV: signature line, header of keys, rows that parse back with comment="#"', () => {
		const text = [...streamTable({ columns, signature }, rows, 'csv')].join('');
		expect(text.split('\n')[0]).toBe('# medpair test|sig');
		const parsed = parse(text, { comment: '#', columns: true }) as Record<string, string>[];
		expect(parsed.map((r) => r.name)).toEqual([
			'plain',
			"'=1+2",
			'with, comma and "quotes"',
			'line\nbreak #3'
		]);
		expect(parsed[1].value).toBe('-2');
	});

	it('Markdown equals toMarkdown of the same table', () => {
		// The same cells as a Table (toMarkdown prints cells as text, so booleans as strings).
		const table: Table = {
			columns,
			caption: 'Caption',
			signature,
			rows: rows.map(([name, value, flag]) => ({
				name: name as string,
				value: value as number | null,
				flag: flag === null ? null : String(flag)
			}))
		};
		const streamed = [...streamTable({ columns, caption: 'Caption', signature }, rows, 'md')].join(
			''
		);
		expect(streamed).toBe(toMarkdown(table));
	});

	it('JSON: one object per row under the key, valid as a whole', () => {
		const text = [...streamTable({ columns, signature, jsonKey: 'items' }, rows, 'json')].join('');
		expect(JSON.parse(text)).toEqual({
			signature,
			items: rows.map(([name, value, flag]) => ({ name, value, flag }))
		});
		expect(JSON.parse([...streamTable({ columns, signature }, [], 'json')].join(''))).toEqual({
			signature,
			rows: []
		});
	});

	it('a lone carriage return does not break a Markdown or LaTeX row', () => {
		for (const format of ['md', 'latex'] as const) {
			const text = [...streamTable({ columns, signature }, [['\rCR\r\nx', 1, null]], format)].join(
				''
			);
			expect(text).not.toContain('\r');
			expect(text).toContain(' CR x');
		}
	});

	it('LaTeX: a longtable with escaped cells and the signature as a comment', () => {
		const text = [...streamTable({ columns, signature }, rows, 'latex')].join('');
		expect(text).toContain('\\begin{longtable}{lrl}');
		expect(text).toContain('line break \\#3 & 0 & true \\\\');
		expect(text.trimEnd().split('\n').at(-1)).toBe('% signature: test|sig');
	});

	it('yields chunks of about chunkSize, pulling rows only as chunks are taken', () => {
		let pulled = 0;
		function* many() {
			for (let i = 0; i < 1000; i++) {
				pulled++;
				yield [`row ${i}`, i, false] as StreamValue[];
			}
		}
		const chunks = streamTable({ columns, signature }, many(), 'csv', 1000);
		const first = chunks.next();
		expect(first.done).toBe(false);
		expect((first.value as string).length).toBeGreaterThanOrEqual(1000);
		expect(pulled).toBeLessThan(100);
		const rest = [...chunks];
		expect(pulled).toBe(1000);
		expect(rest.length).toBeGreaterThan(10);
	});

	it('tableCsv renders a whole Table (sections skipped, bold dropped) like a stream', () => {
		const table: Table = {
			columns,
			rows: [{ section: 'Medical' }, { name: '-x', value: { value: -1, bold: true }, flag: null }]
		};
		expect(tableCsv(table, signature)).toBe("# medpair test|sig\nname,value,flag\n'-x,-1,\n");
	});
});
