import { describe, expect, it } from 'vitest';
import { pythonRstrip } from '../../../src/lib/domain/metrics/python-rstrip.ts';
import {
	PYTHON_WHITESPACE_EXCEPT_SPACE,
	pythonSplit
} from '../../../src/lib/domain/metrics/python-split.ts';

// Python 3.11: [hex(c) for c in range(0x110000) if chr(c).isspace()]
const PYTHON_SPACES = [
	0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002,
	0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f,
	0x3000
];

describe("Python's whitespace", () => {
	it('splits on exactly the characters for which str.isspace() is true', () => {
		for (let code = 0; code <= 0xffff; code++) {
			const ch = String.fromCharCode(code);
			const splits = pythonSplit(`a${ch}b`).length === 2;
			expect(splits, code.toString(16)).toBe(PYTHON_SPACES.includes(code));
			expect(PYTHON_WHITESPACE_EXCEPT_SPACE.test(ch), code.toString(16)).toBe(
				code !== 0x20 && PYTHON_SPACES.includes(code)
			);
		}
	});
	it('unlike JavaScript, keeps the BOM and splits on \\x1c and NEL', () => {
		expect(pythonSplit('a\ufeffb c\x1cd\x85e')).toEqual(['a\ufeffb', 'c', 'd', 'e']);
		expect(pythonSplit('  ')).toEqual([]);
	});
	it('rstrip drops only trailing whitespace', () => {
		expect(pythonRstrip(' a b \x85\n\t')).toBe(' a b');
		expect(pythonRstrip('a-\n')).toBe('a-');
		expect(pythonRstrip(' a b')).toBe(' a b');
		expect(pythonRstrip('')).toBe('');
	});
});
