import { expect, it } from 'vitest';
import { summarizeAssignments, type Pair } from '../../../src/lib/domain/assignment/index.ts';

it('counts per junior totals, repeats and left/right per combination, and raters per pair', () => {
	const pairs: Pair[] = [
		{ prompt: 'q1', model: 'a', opponent: 'x' },
		{ prompt: 'q1', model: 'b', opponent: 'x' },
		{ prompt: 'q2', model: 'a', opponent: 'x' }
	];
	const summary = summarizeAssignments(pairs, [
		{ pairIndex: 0, junior: 'ana', modelOnLeft: true, position: 0, isRepeat: false },
		{ pairIndex: 2, junior: 'ana', modelOnLeft: false, position: 1, isRepeat: false },
		{ pairIndex: 1, junior: 'ana', modelOnLeft: true, position: 2, isRepeat: false },
		{ pairIndex: 0, junior: 'ana', modelOnLeft: false, position: 3, isRepeat: true, repeatOf: 0 },
		{ pairIndex: 0, junior: 'ben', modelOnLeft: false, position: 0, isRepeat: false }
	]);
	expect(summary.ratersOfPair).toEqual([2, 1, 1]);
	expect(summary.juniors).toEqual([
		{
			junior: 'ana',
			total: 4,
			originals: 3,
			repeats: 1,
			left: 2,
			right: 1,
			combinations: [
				{ model: 'a', opponent: 'x', left: 1, right: 1 },
				{ model: 'b', opponent: 'x', left: 1, right: 0 }
			]
		},
		{
			junior: 'ben',
			total: 1,
			originals: 1,
			repeats: 0,
			left: 0,
			right: 1,
			combinations: [{ model: 'a', opponent: 'x', left: 0, right: 1 }]
		}
	]);
});
