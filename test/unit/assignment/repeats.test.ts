import { describe, expect, it } from 'vitest';
import {
	REPEAT_MIN_GAP,
	assignPairs,
	summarizeAssignments,
	type Assignment
} from '../../../src/lib/domain/assignment/index.ts';
import { flat, juniors, promptClashes, studyPairs, unwrap } from './helpers.ts';

const pairs = studyPairs(40, 3, 2); // 240 pairs, 6 per prompt

function assign(repeatRate: number, count = 3, seed = 9) {
	return unwrap(
		assignPairs({ pairs, juniors: juniors(count), ratersPerPair: 2, seed, repeatRate })
	);
}

describe('repeats', () => {
	it('repeats round(repeatRate × originals) of each junior’s pairs', () => {
		for (const rate of [0, 0.05, 0.1, 0.25, 1]) {
			for (const queue of assign(rate)) {
				const originals = queue.assignments.filter((a) => !a.isRepeat).length;
				const repeats = queue.assignments.filter((a) => a.isRepeat).length;
				expect(originals).toBe(160);
				expect(repeats).toBe(Math.round(rate * originals));
			}
		}
	});

	it('shows a repeat later, at least REPEAT_MIN_GAP after and in the second half, sides swapped', () => {
		for (const queue of assign(0.2)) {
			const byPosition = queue.assignments;
			const repeats = byPosition.filter((a) => a.isRepeat);
			expect(repeats.length).toBe(32);
			const originalsCount = byPosition.length - repeats.length;
			const seen = new Set<number>();
			for (const repeat of repeats) {
				const original = byPosition[repeat.repeatOf!];
				expect(original.isRepeat).toBe(false);
				expect(original.pairIndex).toBe(repeat.pairIndex);
				expect(repeat.modelOnLeft).toBe(!original.modelOnLeft);
				expect(repeat.position - original.position).toBeGreaterThanOrEqual(REPEAT_MIN_GAP);
				expect(repeat.position).toBeGreaterThanOrEqual(Math.ceil(originalsCount / 2));
				expect(seen.has(repeat.pairIndex)).toBe(false); // a pair is repeated once
				seen.add(repeat.pairIndex);
			}
		}
	});

	it('puts short queues’ repeats after their originals too', () => {
		const few = studyPairs(3, 2, 1); // 6 pairs
		const [queue] = unwrap(
			assignPairs({ pairs: few, juniors: ['a'], ratersPerPair: 1, seed: 1, repeatRate: 0.5 })
		);
		const repeats = queue.assignments.filter((a) => a.isRepeat);
		expect(repeats).toHaveLength(3);
		for (const r of repeats) expect(r.position).toBeGreaterThan(r.repeatOf!);
	});

	it('balances the repeats’ sides and keeps prompts apart', () => {
		for (const queue of assign(0.25)) {
			const repeats = queue.assignments.filter((a) => a.isRepeat);
			const left = repeats.filter((a) => a.modelOnLeft).length;
			expect(Math.abs(left - (repeats.length - left))).toBeLessThanOrEqual(1);
			expect(promptClashes(pairs, queue.assignments)).toBe(0);
		}
	});

	it('leaves raters per pair and who rates what unchanged (repeats never count)', () => {
		const originalsOf = (queues: ReturnType<typeof assign>) =>
			flat(queues)
				.filter((a: Assignment) => !a.isRepeat)
				.map((a) => `${a.junior}:${a.pairIndex}:${a.modelOnLeft}`)
				.sort();
		const without = assign(0);
		const withRepeats = assign(0.3);
		expect(originalsOf(withRepeats)).toEqual(originalsOf(without));
		const summary = summarizeAssignments(pairs, flat(withRepeats));
		expect(summary.ratersOfPair.every((n) => n === 2)).toBe(true);
		for (const junior of summary.juniors) {
			expect(junior.originals).toBe(160);
			expect(junior.repeats).toBe(48);
			expect(junior.left + junior.right).toBe(160);
		}
	});
});
