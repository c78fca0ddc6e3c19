/**
 * Issue 8, "Bad input, systematically": property tests of `parseStudyFile` (ARCHITECTURE §8).
 * Generated and mutated study files (with JSONL / CSV side files) never make it throw; they end
 * in a valid study or in problems that each say where (JSON path, side file and line, or the
 * line and column of a JSON syntax error). Valid files round-trip their content exactly, hostile
 * text included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	parseStudyFile,
	type Problem,
	type StudyFile
} from '../../../src/lib/domain/study-file/index.ts';
import {
	applyJsonEdits,
	applyLineEdits,
	hostileString,
	jsonEditsArb,
	lineCount,
	lineEditsArb,
	studyArb,
	type StudyCase
} from '../../helpers/arbitraries.ts';

type Source = { text: string; files: Record<string, string> };

const parse = ({ text, files }: Source) =>
	parseStudyFile(text, {
		loadSideFile: (path) => (Object.hasOwn(files, path) ? files[path] : null)
	});

const withoutBom = (text: string) => text.replace(/^\uFEFF/, '');

/** The JSON document, or undefined when it is not valid JSON. */
function documentOf(text: string): unknown {
	try {
		return JSON.parse(withoutBom(text));
	} catch {
		return undefined;
	}
}

/** "responses[3].model" → ["responses", 3, "model"]. */
const pathParts = (path: string) =>
	[...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map(([, key, index]) => key ?? Number(index));

/** The object or array holding the last part of `path` (the field itself may be missing). */
function parentExists(document: unknown, path: string): boolean {
	let at = document;
	for (const part of pathParts(path).slice(0, -1)) {
		if (at === null || typeof at !== 'object' || !Object.hasOwn(at, part)) return false;
		at = (at as Record<string | number, unknown>)[part];
	}
	return at !== null && typeof at === 'object';
}

/** Throws unless the problem has a message and a location that exists in its file. */
function expectLocated(problem: Problem, { text, files }: Source) {
	const where = JSON.stringify(problem);
	expect(problem.message.trim(), where).not.toBe('');
	if (problem.file !== undefined) expect(Object.hasOwn(files, problem.file), where).toBe(true);
	const source = problem.file === undefined ? text : files[problem.file];
	if (problem.line !== undefined) {
		expect(Number.isInteger(problem.line), where).toBe(true);
		expect(problem.line, where).toBeGreaterThanOrEqual(1);
		expect(problem.line, where).toBeLessThanOrEqual(lineCount(source));
	}
	if (problem.file !== undefined || problem.line !== undefined) return;
	const document = documentOf(text);
	if (problem.path !== '') {
		// A path into a list given as a side file ("responses[6].prompt" when responses is
		// "responses.csv") names no place in any file: such problems need the file and line.
		expect(parentExists(document, problem.path), `no such place in the study file: ${where}`).toBe(
			true
		);
		return;
	}
	if (document !== undefined) {
		// Only a document that is not an object has nothing finer to point at than its root.
		expect(
			document === null || typeof document !== 'object' || Array.isArray(document),
			where
		).toBe(true);
		return;
	}
	const syntax = /at line (\d+)/.exec(problem.message);
	expect(syntax, `JSON syntax error without a line: ${where}`).not.toBeNull();
	expect(Number(syntax![1]), where).toBeLessThanOrEqual(lineCount(text));
}

/** What any accepted study must satisfy (the cross-checks of §8), whatever the input was. */
function expectValidStudy(study: StudyFile) {
	const unique = (keys: string[]) => expect(new Set(keys).size).toBe(keys.length);
	expect(study.models.length).toBeGreaterThanOrEqual(2);
	unique(study.models.map((m) => m.key));
	unique(study.prompts.map((p) => p.key));
	unique(study.dimensions.map((d) => d.key));
	unique([...study.members.junior, ...study.members.senior]);
	expect(study.raters_per_pair).toBeLessThanOrEqual(study.members.junior.length);
	expect(study.responses.length).toBe(study.prompts.length * study.models.length);
	const answered = new Set(study.responses.map((r) => JSON.stringify([r.prompt, r.model])));
	for (const p of study.prompts)
		for (const m of study.models) expect(answered.has(JSON.stringify([p.key, m.key]))).toBe(true);
	for (const t of [...study.prompts, ...study.responses]) expect(t.text.trim()).not.toBe('');
}

function expectNeverThrows(source: Source) {
	const result = parse(source);
	if (result.ok) expectValidStudy(result.value);
	else {
		expect(result.problems.length).toBeGreaterThan(0);
		for (const problem of result.problems) expectLocated(problem, source);
	}
}

/** A side file of the case mutated line by line, or (JSON Lines) one record JSON-edited. */
const sideFileMutationArb = fc
	.tuple(studyArb(), fc.nat(), lineEditsArb, jsonEditsArb, fc.boolean())
	.map(([c, pick, lineEdits, jsonEdits, byLine]): Source => {
		const names = Object.keys(c.files);
		if (names.length === 0) return { ...c, text: applyLineEdits(c.text, lineEdits) };
		const name = names[pick % names.length];
		let content = c.files[name];
		if (byLine || name.endsWith('.csv')) content = applyLineEdits(content, lineEdits);
		else {
			const lines = content.split('\n');
			const k = pick % (lines.length - 1);
			lines[k] = JSON.stringify(applyJsonEdits(JSON.parse(lines[k]), jsonEdits)) ?? '';
			content = lines.join('\n');
		}
		return { text: c.text, files: { ...c.files, [name]: content } };
	});

const mutatedStudyArb: fc.Arbitrary<Source> = fc.oneof(
	fc.tuple(studyArb(), lineEditsArb).map(([c, edits]) => ({
		...c,
		text: applyLineEdits(c.text, edits)
	})),
	fc.tuple(studyArb(), jsonEditsArb).map(([c, edits]) => ({
		...c,
		text: JSON.stringify(applyJsonEdits(c.input, edits), null, 2) ?? ''
	})),
	sideFileMutationArb
);

const arbitraryTextArb: fc.Arbitrary<Source> = fc
	.oneof(
		hostileString,
		fc.string({ unit: 'binary' }),
		fc.jsonValue().map((v) => JSON.stringify(v)),
		fc.object().map((v) => JSON.stringify(v) ?? '')
	)
	.map((text) => ({ text, files: {} }));

/** The same files with a byte-order mark, as some editors save them. */
const withBomArb = (arb: fc.Arbitrary<StudyCase>) =>
	fc.tuple(arb, fc.boolean()).map(([c, bom]) => {
		const save = (text: string) => (bom ? '\uFEFF' : '') + text;
		return {
			...c,
			text: save(c.text),
			files: Object.fromEntries(Object.entries(c.files).map(([k, v]) => [k, save(v)]))
		};
	});

describe('parseStudyFile properties', () => {
	it('never throws on arbitrary text; every problem is located', () => {
		fc.assert(fc.property(arbitraryTextArb, expectNeverThrows), { numRuns: 1000 });
	});

	it('never throws on mutated valid files; every problem is located', () => {
		fc.assert(fc.property(mutatedStudyArb, expectNeverThrows), { numRuns: 1000 });
	});

	it('accepts valid files and round-trips their content byte for byte', () => {
		fc.assert(
			fc.property(withBomArb(studyArb()), (c) => {
				const result = parse(c);
				if (!result.ok) expect.fail(JSON.stringify(result.problems.slice(0, 3)));
				expect(result.value).toStrictEqual(c.expected);
			}),
			{ numRuns: 500 }
		);
	});

	it('puts a JSON syntax error at the line and column where JSON.parse stopped', () => {
		const brokenArb = fc
			.tuple(withBomArb(studyArb()), lineEditsArb)
			.map(
				([c, edits]) =>
					(c.text.startsWith('\uFEFF') ? '\uFEFF' : '') + applyLineEdits(withoutBom(c.text), edits)
			);
		fc.assert(
			fc.property(brokenArb, (text) => {
				let position: number | undefined;
				try {
					JSON.parse(withoutBom(text));
					return;
				} catch (error) {
					const at = /at position (\d+)/.exec((error as Error).message);
					if (!at) return;
					position = Number(at[1]);
				}
				const before = withoutBom(text).slice(0, position);
				const line = before.split('\n').length;
				const column = before.length - before.lastIndexOf('\n');
				const result = parse({ text, files: {} });
				expect(result.ok).toBe(false);
				if (!result.ok)
					expect(result.problems[0].message).toContain(`at line ${line}, column ${column}:`);
			}),
			{ numRuns: 500 }
		);
	});
});

/** Counterexamples the properties above found, kept as plain tests. */
describe('parseStudyFile counterexamples', () => {
	it('counts lines and columns of a JSON syntax error after the byte-order mark', () => {
		const result = parseStudyFile('\uFEFF{\n"name": "x",\n}');
		expect(result.ok || result.problems[0].message).toMatch(/^not valid JSON at line 3, column 1:/);
	});

	it('reads a JSON Lines side file saved with a byte-order mark', () => {
		const files = {
			'prompts.jsonl': '\uFEFF{"key":"q1","text":"Q?"}\n',
			'responses.jsonl':
				'{"prompt":"q1","model":"a","text":"A"}\n{"prompt":"q1","model":"b","text":"B"}\n'
		};
		const study = {
			name: 'BOM',
			raters_per_pair: 1,
			models: [
				{ key: 'a', group: 'candidate' },
				{ key: 'b', group: 'reference' }
			],
			members: { junior: ['j'] },
			prompts: 'prompts.jsonl',
			responses: 'responses.jsonl'
		};
		const result = parse({ text: JSON.stringify(study), files });
		expect(result.ok || result.problems).toBe(true);
	});

	it('locates cross-check problems in a side file by file and line', () => {
		const files = {
			'prompts.csv': 'key,text\nq1,Q1?\nq1,Again?\n',
			'responses.jsonl':
				'{"prompt":"q1","model":"a","text":"A"}\n{"prompt":"q1","model":"b","text":"B"}\n{"prompt":"q9","model":"b","text":"B"}\n'
		};
		const study = {
			name: 'Side files',
			raters_per_pair: 1,
			models: [
				{ key: 'a', group: 'candidate' },
				{ key: 'b', group: 'reference' }
			],
			members: { junior: ['j'] },
			prompts: 'prompts.csv',
			responses: 'responses.jsonl'
		};
		const result = parse({ text: JSON.stringify(study), files });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		// Today: { path: 'prompts[1]', message: 'duplicate prompt key (first at prompts[0])' } and
		// { path: 'responses[2].prompt', message: 'unknown prompt "q9"' }, with no file or line.
		expect(result.problems).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ file: 'prompts.csv', line: 3 }),
				expect.objectContaining({ file: 'responses.jsonl', line: 3 })
			])
		);
	});

	it('counts a CRLF inside a quoted CSV field of an LF file as one line', () => {
		// csv-parse counts the \r and the \n of a quoted CRLF as two lines, so the problem with
		// the record on line 4 is reported on line 5, which can lie past the end of the file.
		const files = { 'prompts.csv': 'key,text\nq1,"Line one\r\nline two"\nq2,' };
		const study = {
			name: 'CSV lines',
			raters_per_pair: 1,
			models: [
				{ key: 'a', group: 'candidate' },
				{ key: 'b', group: 'reference' }
			],
			members: { junior: ['j'] },
			prompts: 'prompts.csv',
			// Complete, so the one problem is the line's (cross-checks now run in the same pass).
			responses: ['q1', 'q2'].flatMap((prompt) =>
				['a', 'b'].map((model) => ({ prompt, model, text: 'A' }))
			)
		};
		const result = parse({ text: JSON.stringify(study), files });
		expect(result.ok || result.problems).toEqual([
			{ file: 'prompts.csv', line: 4, path: 'text', message: 'text must not be empty' }
		]);
	});

	it('gives the line of a JSON syntax error that V8 reports without a position', () => {
		for (const [text, line] of [
			['{\n  "name": oops\n}', 2],
			['{\n  "name": "x",\n  "seed": tru', 3],
			['{\n  "models": [1,]\n}', 2]
		] as const) {
			const result = parseStudyFile(text);
			expect(result.ok || result.problems[0].message).toMatch(new RegExp(`at line ${line}\\b`));
		}
	});
});
