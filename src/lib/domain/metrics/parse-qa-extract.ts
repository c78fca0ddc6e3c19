import type { QaExtract } from './types.ts';

/**
 * `exact`, `letter` or `regex:<pattern>` (the `--qa-extract` value) as a QaExtract; throws a
 * RangeError that says what is accepted. A pattern must compile as a JavaScript regular
 * expression (flags `iu` are added).
 */
export function parseQaExtract(spec: string): QaExtract {
	if (spec === 'exact' || spec === 'letter') return { rule: spec };
	if (spec.startsWith('regex:')) {
		const pattern = spec.slice('regex:'.length);
		if (pattern === '') throw new RangeError('--qa-extract regex: needs a pattern after "regex:"');
		try {
			new RegExp(pattern, 'iu');
		} catch (error) {
			throw new RangeError(
				`--qa-extract: the pattern does not compile: ${(error as Error).message}`,
				{ cause: error }
			);
		}
		return { rule: 'regex', pattern };
	}
	throw new RangeError(`--qa-extract must be exact, letter or regex:<pattern>, not "${spec}"`);
}
