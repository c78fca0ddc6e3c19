import { describe, expect, it } from 'vitest';
import { assignPairs, summarizeAssignments } from '../../../src/lib/domain/assignment/index.ts';
import { flat, juniors, studyPairs, unwrap } from './helpers.ts';

describe('left/right counterbalance', () => {
	it('puts `model` on the left in half of each junior’s pairs of each combination (|L − R| ≤ 1)', () => {
		// Odd and even counts per combination: 7 and 200 prompts, 1–5 juniors.
		for (const [promptCount, count, ratersPerPair] of [
			[7, 2, 2],
			[200, 2, 2],
			[33, 3, 2],
			[50, 5, 3]
		]) {
			const pairs = studyPairs(promptCount, 3, 3);
			const queues = unwrap(
				assignPairs({ pairs, juniors: juniors(count), ratersPerPair, seed: promptCount })
			);
			const summary = summarizeAssignments(pairs, flat(queues));
			expect(summary.juniors).toHaveLength(count);
			for (const junior of summary.juniors) {
				expect(junior.combinations).toHaveLength(9);
				for (const combo of junior.combinations) {
					expect(Math.abs(combo.left - combo.right)).toBeLessThanOrEqual(1);
				}
				expect(Math.abs(junior.left - junior.right)).toBeLessThanOrEqual(1);
			}
		}
	});

	it('gives two juniors of the same pairs different placements about half the time', () => {
		const pairs = studyPairs(200, 9, 3);
		const [a, b] = unwrap(assignPairs({ pairs, juniors: ['a', 'b'], ratersPerPair: 2, seed: 3 }));
		const leftOfA = new Map(a.assignments.map((x) => [x.pairIndex, x.modelOnLeft]));
		const differ = b.assignments.filter((x) => leftOfA.get(x.pairIndex) !== x.modelOnLeft).length;
		expect(differ).toBeGreaterThan(0);
		expect(differ).toBeLessThan(pairs.length);
		expect(differ / pairs.length).toBeGreaterThan(0.45);
		expect(differ / pairs.length).toBeLessThan(0.55);
	});

	it('does not mirror one junior’s placements onto the other (small studies, many seeds)', () => {
		const pairs = studyPairs(4, 2, 1); // 4 pairs per combination
		const shares = new Set<number>();
		for (let seed = 0; seed < 30; seed++) {
			const [a, b] = unwrap(assignPairs({ pairs, juniors: ['a', 'b'], ratersPerPair: 2, seed }));
			const leftOfA = new Map(a.assignments.map((x) => [x.pairIndex, x.modelOnLeft]));
			shares.add(b.assignments.filter((x) => leftOfA.get(x.pairIndex) !== x.modelOnLeft).length);
		}
		// Identical (0) and mirrored (8) happen by chance, but so must the values in between.
		expect([...shares].filter((n) => n > 0 && n < 8).length).toBeGreaterThan(1);
	});
});
