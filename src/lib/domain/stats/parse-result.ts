/** A problem in an input file, with its 1-based line number. */
export type ParseError = { line: number; message: string };

/** What every file reader returns: the value, or every error found (with line numbers). */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: ParseError[] };

/** At most this many errors are kept; a last entry says how many more there were. */
const MAX_ERRORS = 100;

/** A failed result from a list of errors, capped at 100 so a wrong file cannot flood memory. */
export function failure<T>(errors: ParseError[]): ParseResult<T> {
	if (errors.length <= MAX_ERRORS) return { ok: false, errors };
	const kept = errors.slice(0, MAX_ERRORS);
	kept.push({
		line: errors[MAX_ERRORS].line,
		message: `… and ${errors.length - MAX_ERRORS} more errors`
	});
	return { ok: false, errors: kept };
}
