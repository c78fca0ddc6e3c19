import { describe, expect, it } from 'vitest';
import { findIdentityLeaks } from '../../../src/lib/domain/blinding/identity-leaks.ts';

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
