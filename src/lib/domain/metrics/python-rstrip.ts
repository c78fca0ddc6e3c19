import { PYTHON_WHITESPACE } from './python-split.ts';

const TRAILING = new RegExp(`${PYTHON_WHITESPACE.source}$`);
const LAST_IS_SPACE = new RegExp(`${PYTHON_WHITESPACE.source.slice(0, -1)}$`);

/** Python's `text.rstrip()`: drops trailing Python whitespace (see `PYTHON_WHITESPACE`). Reference: Python docs, `str.rstrip`. */
export function pythonRstrip(text: string): string {
	// Test the last character first: an unanchored search for `[…]+$` tries every space in the text.
	return LAST_IS_SPACE.test(text.slice(-1)) ? text.replace(TRAILING, '') : text;
}
