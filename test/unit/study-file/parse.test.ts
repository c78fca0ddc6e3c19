import { describe, expect, it } from 'vitest';
import { formatProblem, parseStudyFile } from '../../../src/lib/domain/study-file/index.ts';
import { smallStudy } from '../../helpers/study.ts';

const parse = (value: unknown, files: Record<string, string> = {}) =>
	parseStudyFile(typeof value === 'string' ? value : JSON.stringify(value), {
		loadSideFile: (path) => files[path] ?? null
	});

const problemsOf = (value: unknown, files?: Record<string, string>) => {
	const result = parse(value, files);
	if (result.ok) throw new Error('expected problems');
	return result.problems.map(formatProblem);
};

describe('parseStudyFile', () => {
	it('accepts a valid study and fills in the defaults', () => {
		const result = parse({
			...smallStudy(),
			dimensions: undefined,
			design: undefined,
			raters_per_pair: undefined
		});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.value.design).toBe('candidate-vs-reference');
		expect(result.value.raters_per_pair).toBe(2);
		expect(result.value.repeat_rate).toBe(0);
		expect(result.value.dimensions.map((d) => d.label)).toEqual([
			'Faithfulness',
			'Comprehensiveness',
			'Generalizability',
			'Robustness'
		]);
		expect(result.value.models[0].params).toBe('7B');
	});

	it('reports a JSON syntax error with its line and column', () => {
		expect(problemsOf('{\n  "name": "x",\n  oops\n}')).toEqual([
			expect.stringMatching(/^not valid JSON at line 3, column 3/)
		]);
	});

	it('lists every schema problem with its JSON path', () => {
		const study = smallStudy();
		study.models = [
			{ key: 'a', group: 'candidate' },
			{ key: '', group: 'judge' as never }
		];
		(study.prompts as { key: string; text: string }[])[1].text = '   ';
		// One pass (issue #13): the cross-checks run on what parsed, so model "a" having no
		// responses is reported with the schema problems, not after they are fixed.
		expect(problemsOf(study)).toEqual([
			'models[1].key: key must not be empty',
			'models[1].group: group must be "candidate" or "reference"',
			'prompts[1].text: text must not be empty',
			'prompts[0]: missing response for prompt "q1" from model "a"',
			'prompts[1]: missing response for prompt "q2" from model "a"',
			'prompts[2]: missing response for prompt "q3" from model "a"'
		]);
	});

	it('names unknown models and prompts in responses by path', () => {
		const study = smallStudy();
		const responses = study.responses as { prompt: string; model: string; text: string }[];
		responses[3] = { ...responses[3], model: 'x' };
		responses[4] = { ...responses[4], prompt: 'q9' };
		const problems = problemsOf(study);
		expect(problems).toContain('responses[3].model: unknown model "x"');
		expect(problems).toContain('responses[4].prompt: unknown prompt "q9"');
	});

	it('reports every missing response for a pair', () => {
		const study = smallStudy();
		study.responses = (study.responses as { prompt: string; model: string }[]).filter(
			(r) => !(r.prompt === 'q2' && r.model !== 'cand-a')
		) as typeof study.responses;
		expect(problemsOf(study)).toEqual([
			'prompts[1]: missing response for prompt "q2" from model "cand-b"',
			'prompts[1]: missing response for prompt "q2" from model "ref"'
		]);
	});

	it('reports duplicate keys and duplicate responses', () => {
		const study = smallStudy();
		(study.prompts as unknown[]).push({ key: 'q1', text: 'again' });
		(study.responses as unknown[]).push({ prompt: 'q1', model: 'ref', text: 'twice' });
		const problems = problemsOf(study);
		expect(problems).toContain('prompts[3]: duplicate prompt key (first at prompts[0])');
		expect(problems).toContain(
			'responses[9]: duplicate response for this prompt and model (first at responses[2])'
		);
	});

	it('refuses raters_per_pair larger than the juniors listed', () => {
		expect(problemsOf(smallStudy({ raters_per_pair: 3 }))).toEqual([
			'raters_per_pair: raters_per_pair is 3 but only 2 juniors are listed in members.junior'
		]);
	});

	it('needs both groups for candidate-vs-reference', () => {
		const study = smallStudy();
		study.models = study.models.map((m) => ({ ...m, group: 'candidate' as const }));
		expect(problemsOf(study)).toEqual([
			'models: design "candidate-vs-reference" needs at least one reference model'
		]);
		expect(parse({ ...study, design: 'all-pairs' }).ok).toBe(true);
	});

	it('refuses a member listed both as junior and senior', () => {
		expect(problemsOf(smallStudy({ members: { junior: ['a', 'b'], senior: ['b'] } }))).toEqual([
			'members.senior[0]: "b" is also listed as a junior'
		]);
	});

	it('reads prompts and responses from JSONL and CSV side files, with line numbers', () => {
		const study = smallStudy();
		const prompts = study.prompts as { key: string; text: string }[];
		const responsesCsv = [
			'prompt,model,text',
			...(study.responses as { prompt: string; model: string; text: string }[]).map(
				(r) => `${r.prompt},${r.model},"${r.text}, with a comma"`
			)
		].join('\n');
		const ok = parse(
			{ ...study, prompts: 'prompts.jsonl', responses: 'responses.csv' },
			{
				'prompts.jsonl': prompts.map((p) => JSON.stringify(p)).join('\n') + '\n',
				'responses.csv': responsesCsv
			}
		);
		expect(ok.ok).toBe(true);
		if (ok.ok) expect(ok.value.responses[0].text).toBe('Answer 1 to q1, with a comma');

		const broken = problemsOf(
			{ ...study, prompts: 'prompts.jsonl', responses: 'responses.csv' },
			{
				'prompts.jsonl': `${JSON.stringify(prompts[0])}\n{"key": "q2"\n${JSON.stringify({ key: 'q3', text: '' })}\n`,
				'responses.csv': responsesCsv
			}
		);
		// Line 3 is read although line 2 is broken: every problem in one pass (issue #13).
		expect(broken).toEqual([
			'prompts.jsonl line 2: not valid JSON',
			'prompts.jsonl line 3, text: text must not be empty'
		]);
		const badRows = problemsOf(
			{ ...study, prompts: 'prompts.jsonl', responses: 'responses.csv' },
			{
				'prompts.jsonl': `${JSON.stringify(prompts[0])}\n${JSON.stringify({ key: 'q3', text: '' })}\n`,
				'responses.csv': responsesCsv
			}
		);
		// q2 is not among the prompts read: its responses are reported in the same pass.
		expect(badRows).toEqual([
			'prompts.jsonl line 2, text: text must not be empty',
			'responses.csv line 5, prompt: unknown prompt "q2"',
			'responses.csv line 6, prompt: unknown prompt "q2"',
			'responses.csv line 7, prompt: unknown prompt "q2"'
		]);
	});

	it('reports member problems from the caller together with the file problems', () => {
		const study = smallStudy({ raters_per_pair: 3 });
		const result = parseStudyFile(JSON.stringify(study), {
			checkMembers: (members) =>
				members.junior.includes('junior2')
					? [{ path: 'members.junior[1]', message: 'unknown user "junior2"' }]
					: []
		});
		expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
			'raters_per_pair: raters_per_pair is 3 but only 2 juniors are listed in members.junior',
			'members.junior[1]: unknown user "junior2"'
		]);
	});

	it('says when a side file is missing', () => {
		expect(problemsOf({ ...smallStudy(), prompts: 'nope.jsonl' })).toEqual([
			'prompts: file "nope.jsonl" not found next to the study file'
		]);
	});
});
