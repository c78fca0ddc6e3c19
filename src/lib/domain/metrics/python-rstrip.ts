import { PYTHON_WHITESPACE } from './python-split.ts';

const TRAILING = new RegExp(`${PYTHON_WHITESPACE.source}$`);

/** Python's `text.rstrip()`: drops trailing Python whitespace (see `PYTHON_WHITESPACE`). Reference: Python docs, `str.rstrip`. */
export function pythonRstrip(text: string): string {
	return text.replace(TRAILING, '');
}
