import { describe, expect, it } from 'vitest';
import {
	findIdentityLeaks,
	findLeaksInTexts,
	raterTexts
} from '../../../src/lib/domain/blinding/identity-leaks.ts';

const models = [{ key: 'meditron-7b', name: 'Meditron 7B' }, { key: 'gpt-4o' }];

describe('findIdentityLeaks', () => {
	it('finds self-descriptions, makers, model keys and names', () => {
		const leaks = findIdentityLeaks(
			[
				{
					prompt: 'q1',
					model: 'gpt-4o',
					text: 'As an AI developed by OpenAI, I cannot diagnose you.'
				},
				{ prompt: 'q2', model: 'x', text: "Hello, I'm Claude. Drink water." },
				{ prompt: 'q3', model: 'x', text: 'This answer comes from meditron-7b.' },
				{ prompt: 'q4', model: 'x', text: 'Rest and fluids. Seek care if the fever lasts.' }
			],
			models
		);
		expect(leaks.map((l) => [l.prompt, l.match])).toEqual([
			['q1', 'As an AI'],
			['q2', 'Claude'],
			['q3', 'meditron-7b']
		]);
		expect(leaks[0].excerpt).toContain('developed by OpenAI');
	});

	it('does not match inside other words', () => {
		expect(
			findIdentityLeaks(
				[{ prompt: 'q', model: 'm', text: 'Paracetamol; metamizole; a llamaesque fever' }],
				models
			)
		).toEqual([]);
	});
});

describe('findLeaksInTexts over everything raters receive (#11 item 11)', () => {
	it('scans the title for raters, dimension labels and rubrics, questions and responses', () => {
		const texts = raterTexts({
			titleForRaters: 'Meditron 7B against the rest',
			dimensions: [
				{ key: 'faithfulness', label: 'Faithfulness', rubric: 'Nothing false.' },
				{ key: 'style', label: 'Sounds like GPT-4o', rubric: 'Prefer answers unlike Gemini.' }
			],
			prompts: [
				{ key: 'q1', text: 'Is a cough for three weeks serious?' },
				{ key: 'q2', text: 'A question written by gpt-4o for this study' }
			],
			responses: [{ prompt: 'q1', model: 'gpt-4o', text: 'I am an AI; see a doctor.' }]
		});
		expect(
			findLeaksInTexts(texts, models).map((l) => [l.where, l.prompt, l.model, l.match])
		).toEqual([
			['title for raters', '', '', 'Meditron 7B'],
			['dimension label', '', '', 'GPT-4o'],
			['dimension rubric', '', '', 'Gemini'],
			['question', 'q2', '', 'gpt-4o'],
			['response', 'q1', 'gpt-4o', 'I am an AI']
		]);
	});

	it('has nothing to say about a neutral title and clean texts', () => {
		const texts = raterTexts({
			titleForRaters: 'Patient questions — answer comparison',
			dimensions: [{ key: 'faithfulness', label: 'Faithfulness', rubric: 'Nothing false.' }],
			prompts: [{ key: 'q1', text: 'Is a cough for three weeks serious?' }],
			responses: [{ prompt: 'q1', model: 'gpt-4o', text: 'See a doctor.' }]
		});
		expect(findLeaksInTexts(texts, models)).toEqual([]);
	});
});
