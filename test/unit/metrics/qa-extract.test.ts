import { describe, expect, it } from 'vitest';
import { accuracy } from '../../../src/lib/domain/metrics/accuracy.ts';
import { buildMetricsReport } from '../../../src/lib/domain/metrics/build-metrics-report.ts';
import { extractOptionLetter } from '../../../src/lib/domain/metrics/extract-option-letter.ts';
import { parseQaExtract } from '../../../src/lib/domain/metrics/parse-qa-extract.ts';
import { qaAnswerReader } from '../../../src/lib/domain/metrics/qa-answer.ts';
import type { Prediction } from '../../../src/lib/domain/metrics/types.ts';

// Outputs written the way chat models answer MedQA / MedMCQA / MMLU items (docs/methods.md §8.2).
describe('extractOptionLetter (--qa-extract letter)', () => {
	it.each([
		['The answer is (B).', 'B'],
		['B) Aspirin', 'B'],
		['Answer: b', 'B'],
		['I think C, because A is less likely in a 60-year-old.', 'C'],
		['Let us think step by step. Metformin lowers glucose... Therefore, the answer is D.', 'D'],
		['The correct option is E: lithium toxicity.', 'E'],
		['**Answer: C**', 'C'],
		['(d)', 'D'],
		['a.', 'A'],
		['Answer: (A) Metformin', 'A'],
		['A 45-year-old man with chest pain most likely has B, an aortic dissection.', 'B']
	])('%j → %s', (text, letter) => {
		expect(extractOptionLetter(text)).toBe(letter);
	});
	it.each([
		['the answer is a bit unclear'],
		['Aspirin'],
		['I am not sure.'],
		['Answer: Aspirin'],
		['']
	])('%j names no letter', (text) => {
		expect(extractOptionLetter(text)).toBeNull();
	});
	it('an explicit statement wins over an earlier bare letter', () => {
		expect(extractOptionLetter('Option A is tempting, but the answer is C.')).toBe('A');
		expect(extractOptionLetter('A and B are wrong; the answer is C.')).toBe('C');
	});
});

describe('qaAnswerReader', () => {
	it('exact reads the whole trimmed, lower-cased string', () => {
		const read = qaAnswerReader({ rule: 'exact' });
		expect(read(' The answer is (B). ', 'B')).toBe('the answer is (b).');
	});
	it('letter reads yes / no / maybe for PubMedQA references and the whole string otherwise', () => {
		const read = qaAnswerReader({ rule: 'letter' });
		expect(read('Yes. The trial showed a reduction in mortality.', 'yes')).toBe('yes');
		expect(read('Based on the abstract, maybe; no firm conclusion is drawn.', 'no')).toBe('maybe');
		expect(read('The answer is (B).', 'b')).toBe('b');
		expect(read(' Aspirin ', 'aspirin')).toBe('aspirin');
		expect(read('No option fits', 'C')).toBeNull();
	});
	it('regex reads the first group of the first match, case ignored', () => {
		const read = qaAnswerReader({ rule: 'regex', pattern: 'final answer:\\s*\\(?([a-e])' });
		expect(read('Reasoning… Final Answer: (c) because', 'C')).toBe('c');
		expect(read('no final line', 'C')).toBeNull();
		expect(qaAnswerReader({ rule: 'regex', pattern: '[A-E](?=\\))' })('see D) here', 'd')).toBe(
			'd'
		);
	});
});

describe('accuracy with an extraction rule', () => {
	const outputs = [
		{ prediction: 'The answer is (B).', reference: 'B' },
		{ prediction: 'B) Aspirin', reference: 'B' },
		{ prediction: 'Answer: b', reference: 'B' },
		{ prediction: 'I think C, because A is…', reference: 'C' },
		{ prediction: 'D', reference: 'A' }
	];
	it('exact counts only the bare letter; letter reads all four free-text answers', () => {
		expect(accuracy(outputs)).toBe(0);
		expect(accuracy(outputs, { rule: 'letter' })).toBe(4 / 5);
	});
	it('the metrics report scores QA with the rule and records it in the signature', () => {
		const predictions: Prediction[] = outputs.map((o, i) => ({
			line: i + 1,
			dataset: 'MedQA',
			task: 'qa',
			model: 'm',
			id: String(i),
			...o
		}));
		const letter = buildMetricsReport(predictions, { qaExtract: { rule: 'letter' } });
		expect(letter.scores[0].score).toBeCloseTo(80, 12);
		expect(letter.signature).toContain('|qa:extract=letter,case=insensitive|');
		const regex = buildMetricsReport(predictions, {
			qaExtract: { rule: 'regex', pattern: 'answer(?: is)?:? \\(?([a-e])' }
		});
		expect(regex.scores[0].score).toBeCloseTo(40, 12);
		expect(regex.signature).toContain(
			'|qa:extract=regex,pattern=answer(%3F%3A%20is)%3F%3A%3F%20%5C(%3F(%5Ba-e%5D),case=insensitive|'
		);
		expect(buildMetricsReport(predictions).signature).toContain(
			'|qa:extract=exact,case=insensitive|'
		);
	});
});

describe('parseQaExtract', () => {
	it('accepts exact, letter and regex:<pattern>', () => {
		expect(parseQaExtract('letter')).toEqual({ rule: 'letter' });
		expect(parseQaExtract('regex:a:b')).toEqual({ rule: 'regex', pattern: 'a:b' });
	});
	it('says what is accepted', () => {
		expect(() => parseQaExtract('first')).toThrow(
			'--qa-extract must be exact, letter or regex:<pattern>, not "first"'
		);
		expect(() => parseQaExtract('regex:')).toThrow('needs a pattern');
		expect(() => parseQaExtract('regex:(')).toThrow('the pattern does not compile');
	});
});
