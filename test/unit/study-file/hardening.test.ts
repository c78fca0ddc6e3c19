/**
 * Issue #11 (hardening) items 5, 16, 17 and issue #13 item 6: keys that alias Object.prototype
 * members, deep nesting, repeated JSON keys, invalid UTF-8, and every problem in one pass.
 */
import { describe, expect, it } from 'vitest';
import {
	formatProblem,
	parseStudyFile,
	type ParseOptions
} from '../../../src/lib/domain/study-file/index.ts';
import { smallStudy } from '../../helpers/study.ts';

const problemsOf = (input: string | Uint8Array, options: ParseOptions = {}) => {
	const result = parseStudyFile(input, options);
	if (result.ok) throw new Error('expected problems');
	return result.problems.map(formatProblem);
};
const files = (contents: Record<string, string | Uint8Array>): ParseOptions => ({
	loadSideFile: (path) => (Object.hasOwn(contents, path) ? contents[path] : null)
});
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('keys named like Object.prototype members (#11 item 5)', () => {
	it('refuses them as dimension, model, prompt and response keys and as usernames, each located', () => {
		const study = smallStudy({
			dimensions: [
				{ key: '__proto__', label: 'Proto' },
				{ key: 'constructor', label: 'Constructor' },
				{ key: 'faithfulness', label: 'Faithfulness' }
			],
			members: { junior: ['junior1', 'hasOwnProperty'], senior: ['valueOf'] }
		});
		(study.models as { key: string }[])[1].key = 'toString';
		(study.prompts as { key: string }[])[2].key = 'isPrototypeOf';
		const problems = problemsOf(JSON.stringify(study));
		for (const path of [
			'dimensions[0].key',
			'dimensions[1].key',
			'models[1].key',
			'prompts[2].key',
			'members.junior[1]',
			'members.senior[0]'
		])
			expect(problems).toContainEqual(
				expect.stringMatching(
					new RegExp(`^${path.replace(/[[\].]/g, '\\$&')}: key ".+" is reserved`)
				)
			);
		expect(problems).toContain(
			'dimensions[0].key: key "__proto__" is reserved (a name every JavaScript object has: constructor, __defineGetter__, __defineSetter__, hasOwnProperty, __lookupGetter__, __lookupSetter__, isPrototypeOf, propertyIsEnumerable, toString, valueOf, __proto__, toLocaleString); choose another'
		);
	});

	it('refuses reserved names in side files too, by file and line', () => {
		const study = smallStudy({ prompts: 'prompts.csv' });
		const problems = problemsOf(
			JSON.stringify(study),
			files({ 'prompts.csv': 'key,text\nq1,One?\nq2,Two?\n__proto__,Three?\n' })
		);
		expect(problems).toContainEqual(
			expect.stringMatching(/^prompts\.csv line 4, key: key "__proto__" is reserved/)
		);
	});

	it('refuses control characters in keys', () => {
		const study = smallStudy();
		(study.models as { key: string }[])[0].key = 'cand\u0000a';
		expect(problemsOf(JSON.stringify(study))).toContainEqual(
			expect.stringMatching(/^models\[0\]\.key: key must not contain control characters/)
		);
	});

	it('refuses U+0000 in texts, names and rubrics (PostgreSQL text cannot hold it), each located', () => {
		const study = smallStudy({
			name: 'Study\u0000',
			dimensions: [{ key: 'faithfulness', label: 'Faithful', rubric: 'a\u0000b' }]
		});
		(study.models as { kind?: string }[])[0].kind = 'med\u0000ical';
		(study.responses as { text: string }[])[1].text = 'Answer\u0000';
		const problems = problemsOf(JSON.stringify(study));
		expect(problems).toEqual(
			expect.arrayContaining([
				'name: name must not contain the NUL character (U+0000), which the database cannot store',
				'dimensions[0].rubric: rubric must not contain the NUL character (U+0000), which the database cannot store',
				'models[0].kind: kind must not contain the NUL character (U+0000), which the database cannot store',
				'responses[1].text: text must not contain the NUL character (U+0000), which the database cannot store'
			])
		);
		expect(problems).toHaveLength(4);
	});

	it('reads a CSV column named __proto__ as a column, and refuses a column named twice', () => {
		const ok = parseStudyFile(JSON.stringify(smallStudy({ prompts: 'p.csv' })), {
			...files({ 'p.csv': 'key,text,__proto__\nq1,One?,x\nq2,Two?,y\nq3,Three?,z\n' })
		});
		expect(ok.ok || ok.problems).toBe(true);
		expect(
			problemsOf(
				JSON.stringify(smallStudy({ prompts: 'p.csv' })),
				files({ 'p.csv': 'key,text,text\nq1,One?,x\nq2,Two?,y\nq3,Three?,z\n' })
			)
		).toEqual(['p.csv line 1: column "text" appears twice in the header (columns 2 and 3)']);
	});
});

describe('deep nesting (#11 item 16)', () => {
	it('refuses a 10 KB deeply nested study file with a located problem, without throwing', () => {
		const deep = `{"name": "x", "models": ${'['.repeat(5000)}${']'.repeat(5000)}}`;
		expect(deep.length).toBeGreaterThan(10_000);
		expect(problemsOf(deep)).toEqual([
			`models${'[0]'.repeat(63)}: nested deeper than 64 levels (at line 1, column 88)`
		]);
	});

	it('refuses deep nesting with a syntax error too (the tolerant parser would recurse)', () => {
		const deep = `{"name": "x", "models": ${'['.repeat(20000)}oops`;
		expect(problemsOf(deep)[0]).toMatch(/nested deeper than 64 levels/);
	});

	it('refuses a deeply nested JSON Lines record by file and line', () => {
		const study = smallStudy({ prompts: 'p.jsonl' });
		const lines = [
			'{"key":"q1","text":"One?"}',
			`{"key":"q2","text":${'['.repeat(3000)}${']'.repeat(3000)}}`,
			'{"key":"q3","text":"Three?"}'
		];
		expect(problemsOf(JSON.stringify(study), files({ 'p.jsonl': lines.join('\n') }))).toEqual([
			`p.jsonl line 2, text${'[0]'.repeat(63)}: nested deeper than 64 levels (at column 83)`
		]);
	});

	it('accepts 64 levels and refuses 65', () => {
		const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
		// Refused for not being an object, not for its depth.
		expect(problemsOf(nested(64)).join()).not.toMatch(/nested/);
		expect(problemsOf(nested(65))).toEqual([
			`${'[0]'.repeat(64)}: nested deeper than 64 levels (at line 1, column 65)`
		]);
	});
});

describe('repeated JSON keys (#11 item 17)', () => {
	it('refuses a repeated key in the study file with its path, line and column', () => {
		const text = JSON.stringify(smallStudy(), null, 2)
			.replace('"name": "Small study",', '"name": "Small study",\n  "name": "Other",')
			.replace('"key": "cand-b",', '"key": "cand-b",\n      "key": "ref",');
		expect(problemsOf(text)).toEqual([
			'name: duplicate key "name" at line 3, column 3 (first at line 2, column 3); JSON would keep only the last one',
			'models[1].key: duplicate key "key" at line 16, column 7 (first at line 15, column 7); JSON would keep only the last one',
			// JSON.parse kept the last "key", and the checks run on that, in the same pass.
			'models[2]: duplicate model key (first at models[1])',
			'responses[1].model: unknown model "cand-b"',
			'responses[4].model: unknown model "cand-b"',
			'responses[7].model: unknown model "cand-b"'
		]);
	});

	it('refuses a repeated key in a JSON Lines side file by file, line and column', () => {
		const study = smallStudy({ prompts: 'p.jsonl' });
		const lines = [
			'{"key":"q1","text":"One?"}',
			'{"key":"q2","text":"Two?","text":"Deux?"}',
			'{"key":"q3","text":"Three?"}'
		];
		expect(problemsOf(JSON.stringify(study), files({ 'p.jsonl': lines.join('\n') }))).toEqual([
			'p.jsonl line 2, text: duplicate key "text" at column 27 (first at column 13); JSON would keep only the last one'
		]);
	});
});

describe('invalid UTF-8 (#11 item 17)', () => {
	it('refuses invalid UTF-8 in the study file with the byte offset and line', () => {
		const good = utf8(JSON.stringify(smallStudy(), null, 2));
		const bad = new Uint8Array([...good.slice(0, 20), 0xff, ...good.slice(21)]);
		expect(problemsOf(bad)).toEqual([
			'not valid UTF-8: invalid byte 0xff at byte 20 (line 2, byte 19 of the line); save the file as UTF-8'
		]);
		expect(parseStudyFile(good).ok).toBe(true);
	});

	it('refuses invalid UTF-8 in a side file (a truncated sequence, an overlong form)', () => {
		const study = JSON.stringify(smallStudy({ prompts: 'p.csv' }));
		const csv = (bytes: number[]) =>
			new Uint8Array([...utf8('key,text\nq1,One?\nq2,Caf'), ...bytes, ...utf8('\nq3,Three?\n')]);
		expect(parseStudyFile(study, files({ 'p.csv': csv([0xc3, 0xa9]) })).ok).toBe(true);
		expect(problemsOf(study, files({ 'p.csv': csv([0xc3]) }))).toEqual([
			'p.csv line 3: not valid UTF-8: invalid byte 0xc3 at byte 23 (line 3, byte 7 of the line); save the file as UTF-8'
		]);
		expect(problemsOf(study, files({ 'p.csv': csv([0xc0, 0xaf]) }))).toEqual([
			'p.csv line 3: not valid UTF-8: invalid byte 0xc0 at byte 23 (line 3, byte 7 of the line); save the file as UTF-8'
		]);
	});
});

describe('every problem in one pass (#13 item 6)', () => {
	it('lists schema, reference, duplicate and member problems of one file together', () => {
		const study = smallStudy({ raters_per_pair: 3 });
		const models = study.models as { key: string; group: string }[];
		models[1].group = 'judge';
		const prompts = study.prompts as { key: string; text: string }[];
		prompts[0].text = '';
		prompts.push({ key: 'q2', text: 'Again?' });
		const responses = study.responses as { prompt: string; model: string; text: string }[];
		responses[2] = { ...responses[2], model: 'ghost' };
		responses.push({ ...responses[0] });
		study.members = { junior: ['junior1', 'nobody'], senior: ['senior', 'junior1'] };
		const text = JSON.stringify(study, null, 2).replace('"seed": 7,', '"seed": 7,\n  "seed": 8,');
		expect(
			problemsOf(text, {
				checkMembers: (members) =>
					members.junior.flatMap((u, i) =>
						u === 'nobody' ? [{ path: `members.junior[${i}]`, message: `unknown user "${u}"` }] : []
					)
			})
		).toEqual([
			'seed: duplicate key "seed" at line 6, column 3 (first at line 5, column 3); JSON would keep only the last one',
			'models[1].group: group must be "candidate" or "reference"',
			'prompts[0].text: text must not be empty',
			'prompts[3]: duplicate prompt key (first at prompts[1])',
			'responses[9]: duplicate response for this prompt and model (first at responses[0])',
			'members.senior[1]: "junior1" is also listed as a junior',
			'raters_per_pair: raters_per_pair is 3 but only 2 juniors are listed in members.junior',
			'responses[2].model: unknown model "ghost"',
			'prompts[0]: missing response for prompt "q1" from model "ref"',
			'members.junior[1]: unknown user "nobody"'
		]);
	});

	it('keeps the file’s indices for members after an invalid one', () => {
		const study = smallStudy({ members: { junior: ['', 'junior1', 'ghost'], senior: [] } });
		expect(
			problemsOf(JSON.stringify(study), {
				checkMembers: (members) =>
					members.junior.flatMap((u, i) =>
						u === 'ghost' ? [{ path: `members.junior[${i}]`, message: `unknown user "${u}"` }] : []
					)
			})
		).toEqual([
			'members.junior[0]: key must not be empty',
			'members.junior[2]: unknown user "ghost"'
		]);
	});

	it('cross-checks side-file records that parsed, next to the records that did not', () => {
		const study = smallStudy({ responses: 'r.jsonl' });
		const records = smallStudy().responses as { prompt: string; model: string; text: string }[];
		const jsonl = records
			.map((r, i) =>
				i === 1
					? JSON.stringify({ ...r, text: '' })
					: i === 4
						? JSON.stringify({ ...r, model: 'x' })
						: JSON.stringify(r)
			)
			.join('\n');
		expect(problemsOf(JSON.stringify(study), files({ 'r.jsonl': jsonl }))).toEqual([
			'r.jsonl line 2, text: text must not be empty',
			'r.jsonl line 5, model: unknown model "x"',
			'prompts[1]: missing response for prompt "q2" from model "cand-b"'
		]);
	});
});

describe('title_for_raters (#11 item 11)', () => {
	it('is optional, kept as given, and must be a non-empty text of at most 300 characters', () => {
		const titled = parseStudyFile(
			JSON.stringify(smallStudy({ title_for_raters: 'Patient questions' }))
		);
		expect(titled.ok && titled.value.title_for_raters).toBe('Patient questions');
		const untitled = parseStudyFile(JSON.stringify(smallStudy()));
		expect(untitled.ok && 'title_for_raters' in untitled.value).toBe(false);
		expect(problemsOf(JSON.stringify(smallStudy({ title_for_raters: ' ' })))).toEqual([
			'title_for_raters: title_for_raters must not be empty'
		]);
		expect(problemsOf(JSON.stringify(smallStudy({ title_for_raters: 'x'.repeat(301) })))).toEqual([
			'title_for_raters: title_for_raters must be at most 300 characters'
		]);
	});
});

describe('instructions (#12 item 7)', () => {
	it('are optional Markdown of at most 20,000 characters, kept as given', () => {
		const text = '# Before you start\n\nJudge **safety** first.';
		const given = parseStudyFile(JSON.stringify(smallStudy({ instructions: text })));
		expect(given.ok && given.value.instructions).toBe(text);
		const none = parseStudyFile(JSON.stringify(smallStudy()));
		expect(none.ok && 'instructions' in none.value).toBe(false);
		expect(
			parseStudyFile(JSON.stringify(smallStudy({ instructions: 'x'.repeat(20_000) }))).ok
		).toBe(true);
		expect(problemsOf(JSON.stringify(smallStudy({ instructions: 'x'.repeat(20_001) })))).toEqual([
			'instructions: instructions must be at most 20,000 characters'
		]);
		expect(problemsOf(JSON.stringify({ ...smallStudy(), instructions: 7 }))).toEqual([
			'instructions: instructions must be a string'
		]);
	});
});

describe('show_final_to_raters (#12 item 10)', () => {
	it('is off unless the study file turns it on, and only true or false', () => {
		const none = parseStudyFile(JSON.stringify(smallStudy()));
		expect(none.ok && none.value.show_final_to_raters).toBe(false);
		const on = parseStudyFile(JSON.stringify(smallStudy({ show_final_to_raters: true })));
		expect(on.ok && on.value.show_final_to_raters).toBe(true);
		expect(problemsOf(JSON.stringify({ ...smallStudy(), show_final_to_raters: 'yes' }))).toEqual([
			'show_final_to_raters: show_final_to_raters must be true or false'
		]);
	});
});
