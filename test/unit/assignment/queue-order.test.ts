import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/lib/domain/random.ts';
import { assignPairs } from '../../../src/lib/domain/assignment/index.ts';
import { spreadPrompts } from '../../../src/lib/domain/assignment/spread-prompts.ts';
import { juniors, promptClashes, studyPairs, unwrap } from './helpers.ts';

/** Neighbours sharing a prompt in an order of items whose prompts are `prompt[item]`. */
function clashes(order: number[], prompt: Int32Array): number {
	let n = 0;
	for (let i = 1; i < order.length; i++) if (prompt[order[i]] === prompt[order[i - 1]]) n++;
	return n;
}

describe('queue order', () => {
	it('never shows the same prompt twice in a row when prompts have many pairs', () => {
		const pairs = studyPairs(30, 9, 3); // 27 pairs per prompt
		const queues = unwrap(assignPairs({ pairs, juniors: juniors(2), ratersPerPair: 2, seed: 5 }));
		for (const queue of queues) {
			expect(queue.assignments).toHaveLength(810);
			expect(promptClashes(pairs, queue.assignments)).toBe(0);
		}
	});

	it('is a seeded shuffle: juniors and seeds get different orders, not pair order', () => {
		const pairs = studyPairs(30, 3, 2);
		const order = (seed: number, j: number) =>
			unwrap(assignPairs({ pairs, juniors: juniors(2), ratersPerPair: 2, seed }))[
				j
			].assignments.map((a) => a.pairIndex);
		expect(order(1, 0)).not.toEqual(order(1, 1));
		expect(order(1, 0)).not.toEqual(order(2, 0));
		expect(order(1, 0)).not.toEqual(pairs.map((_, i) => i));
	});

	it('repairs every arrangeable multiset of prompts (exhaustive over small cases)', () => {
		// Counts per prompt up to 4 for 3 prompts: clash-free exactly when max ≤ others + 1.
		for (let a = 0; a <= 4; a++)
			for (let b = 0; b <= 4; b++)
				for (let c = 0; c <= 4; c++) {
					const prompt = Int32Array.from([
						...Array(a).fill(0),
						...Array(b).fill(1),
						...Array(c).fill(2)
					]);
					const items = Array.from(prompt, (_, i) => i);
					const n = items.length;
					const max = Math.max(a, b, c);
					for (let seed = 0; seed < 20; seed++) {
						const order = spreadPrompts(items, prompt, createRandom(seed));
						expect([...order].sort((x, y) => x - y)).toEqual(items);
						// Fewest clashes possible: max − (n − max) − 1 when the largest prompt dominates.
						expect(clashes(order, prompt)).toBe(Math.max(0, max - (n - max) - 1));
					}
				}
	});

	it('handles the tight case of one prompt holding half the pairs', () => {
		const prompt = Int32Array.from({ length: 101 }, (_, i) => (i < 51 ? 0 : 1 + (i % 7)));
		const items = Array.from(prompt, (_, i) => i);
		for (let seed = 0; seed < 50; seed++) {
			expect(clashes(spreadPrompts(items, prompt, createRandom(seed)), prompt)).toBe(0);
		}
	});
});
