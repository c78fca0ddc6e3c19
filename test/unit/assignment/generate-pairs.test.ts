import { describe, expect, it } from 'vitest';
import { generatePairs } from '../../../src/lib/domain/assignment/index.ts';
import { models, prompts } from './helpers.ts';

describe('generatePairs', () => {
	it('candidate-vs-reference: 3 candidates × 2 references × 24 prompts give 144 pairs', () => {
		const pairs = generatePairs('candidate-vs-reference', models(3, 2), prompts(24));
		expect(pairs).toHaveLength(144);
		expect(new Set(pairs.map((p) => `${p.prompt}|${p.model}|${p.opponent}`)).size).toBe(144);
		expect(pairs.every((p) => p.model.startsWith('c') && p.opponent.startsWith('r'))).toBe(true);
	});

	it('candidate-vs-reference orders by prompt, then candidate, then reference', () => {
		const pairs = generatePairs('candidate-vs-reference', models(2, 2), ['a', 'b']);
		expect(pairs.slice(0, 5)).toEqual([
			{ prompt: 'a', model: 'c1', opponent: 'r1' },
			{ prompt: 'a', model: 'c1', opponent: 'r2' },
			{ prompt: 'a', model: 'c2', opponent: 'r1' },
			{ prompt: 'a', model: 'c2', opponent: 'r2' },
			{ prompt: 'b', model: 'c1', opponent: 'r1' }
		]);
	});

	it('candidate-vs-reference puts the candidate in `model` even when references come first', () => {
		const pairs = generatePairs(
			'candidate-vs-reference',
			[
				{ key: 'gpt-4', group: 'reference' },
				{ key: 'medalpaca', group: 'candidate' }
			],
			['q']
		);
		expect(pairs).toEqual([{ prompt: 'q', model: 'medalpaca', opponent: 'gpt-4' }]);
	});

	it('all-pairs of 5 models gives 10 pairs per prompt, model first in study order', () => {
		const order = ['m3', 'm1', 'm5', 'm2', 'm4'];
		const study = order.map(
			(key, i) => ({ key, group: i % 2 ? 'reference' : 'candidate' }) as const
		);
		const pairs = generatePairs('all-pairs', study, prompts(3));
		expect(pairs).toHaveLength(30);
		expect(pairs.filter((p) => p.prompt === 'q2')).toHaveLength(10);
		expect(pairs.every((p) => order.indexOf(p.model) < order.indexOf(p.opponent))).toBe(true);
		expect(pairs.slice(0, 5).map((p) => `${p.model}-${p.opponent}`)).toEqual([
			'm3-m1',
			'm3-m5',
			'm3-m2',
			'm3-m4',
			'm1-m5'
		]);
	});

	it('gives no pairs when a group is missing (the study schema reports that)', () => {
		expect(generatePairs('candidate-vs-reference', models(3, 0), prompts(2))).toEqual([]);
	});
});
