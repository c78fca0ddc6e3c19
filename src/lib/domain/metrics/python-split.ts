// Python's str.isspace() set, which str.split() and str.rstrip() use. It differs from JavaScript's
// \s: it includes the separators \x1c-\x1f and NEL \x85, and excludes the BOM \ufeff.
export const PYTHON_WHITESPACE =
	// eslint-disable-next-line no-control-regex -- the control characters are the point
	/[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** The same set without the plain space: a text with none of these can be split on ' ' alone. */
export const PYTHON_WHITESPACE_EXCEPT_SPACE =
	// eslint-disable-next-line no-control-regex -- the control characters are the point
	/[\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** Python's `text.split()` without argument: the non-empty runs between Python whitespace. Reference: Python docs, `str.split`. */
export function pythonSplit(text: string): string[] {
	return text.split(PYTHON_WHITESPACE).filter((part) => part !== '');
}
