/**
 * Structural checks JSON.parse does not make: nesting deeper than a limit (recursive code later
 * on — validation, a tolerant parser — would overflow the stack on a few KB of brackets), and a
 * key repeated in one object (JSON.parse keeps the last one silently; RFC 8259 §4 says names
 * "SHOULD be unique"). One pass over the tokens (jsonc-parser's scanner) with an explicit stack,
 * so no recursion however deep the text is.
 */
import { createScanner } from 'jsonc-parser';

export const MAX_JSON_DEPTH = 64;

/** line and column are 1-based; path is a JSON path such as `models[1].key`. */
export type JsonStructureProblem = {
	kind: 'depth' | 'duplicate-key';
	path: string;
	line: number;
	column: number;
	message: string;
};

// jsonc-parser's SyntaxKind is a const enum (no runtime object under type stripping).
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COMMA = 5;
const COLON = 6;
const STRING = 10;
const EOF = 17;

type Frame =
	| { kind: 'object'; keys: Map<string, string>; key: string | null; expectKey: boolean }
	| { kind: 'array'; index: number };

function pathOf(stack: Frame[], upTo = stack.length): string {
	let out = '';
	for (let i = 0; i < upTo; i++) {
		const frame = stack[i];
		if (frame.kind === 'array') out += `[${frame.index}]`;
		// As formatPath (study-file/problem.ts) writes zod's paths, so both read the same.
		else if (frame.key !== null) out += out ? `.${frame.key}` : frame.key;
	}
	return out;
}

/**
 * Problems of nesting and repeated keys, in the order met. Stops at the first place deeper than
 * `maxDepth`. Text that is not valid JSON gives whatever it gives: callers report syntax errors
 * from JSON.parse.
 */
export function checkJsonStructure(
	text: string,
	options: { maxDepth?: number; singleLine?: boolean } = {}
): JsonStructureProblem[] {
	const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
	const scanner = createScanner(text, true);
	const stack: Frame[] = [];
	const problems: JsonStructureProblem[] = [];
	const at = () => ({
		line: scanner.getTokenStartLine() + 1,
		column: scanner.getTokenStartCharacter() + 1
	});
	// A JSON Lines record is one line: its problems say the column only (the caller has the line).
	const place = ({ line, column }: { line: number; column: number }) =>
		options.singleLine ? `column ${column}` : `line ${line}, column ${column}`;
	for (let token = scanner.scan(); token !== EOF; token = scanner.scan()) {
		const top = stack[stack.length - 1];
		if (token === OPEN_BRACE || token === OPEN_BRACKET) {
			if (stack.length >= maxDepth) {
				const where = at();
				problems.push({
					kind: 'depth',
					path: pathOf(stack),
					...where,
					message: `nested deeper than ${maxDepth} levels (at ${place(where)})`
				});
				return problems;
			}
			stack.push(
				token === OPEN_BRACE
					? { kind: 'object', keys: new Map(), key: null, expectKey: true }
					: { kind: 'array', index: 0 }
			);
		} else if (token === CLOSE_BRACE || token === CLOSE_BRACKET) {
			stack.pop();
		} else if (token === COMMA) {
			if (top?.kind === 'array') top.index++;
			else if (top?.kind === 'object') top.expectKey = true;
		} else if (token === COLON) {
			if (top?.kind === 'object') top.expectKey = false;
		} else if (token === STRING && top?.kind === 'object' && top.expectKey) {
			const key = scanner.getTokenValue();
			const where = at();
			const first = top.keys.get(key);
			top.key = key;
			if (first === undefined) top.keys.set(key, place(where));
			else
				problems.push({
					kind: 'duplicate-key',
					path: pathOf(stack),
					...where,
					message: `duplicate key ${JSON.stringify(key)} at ${place(where)} (first at ${first}); JSON would keep only the last one`
				});
		}
	}
	return problems;
}
