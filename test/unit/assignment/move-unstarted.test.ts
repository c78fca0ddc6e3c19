/** Moving a disabled junior's unstarted pairs (issue 17 item 11): balanced, seeded, distinct raters. */
import { describe, expect, it } from 'vitest';
import type { CurrentAssignment } from '../../../src/lib/domain/assignment/check-current.ts';
import { moveUnstarted } from '../../../src/lib/domain/assignment/move-unstarted.ts';
import type { Pair } from '../../../src/lib/domain/assignment/types.ts';

const pairs: Pair[] = Array.from({ length: 8 }, (_, i) => ({
	prompt: `q${i >> 1}`,
	model: i % 2 ? 'cand-b' : 'cand-a',
	opponent: 'ref'
}));

/** Donor "d" holds pairs 0..5 (2 started); "x" holds 0, 1; "y" holds 6, 7; "z" holds nothing. */
function current(): CurrentAssignment<string>[] {
	const a = (junior: string, pairIndex: number, position: number, started = false) => ({
		junior,
		pairIndex,
		position,
		modelOnLeft: position % 2 === 0,
		isRepeat: false,
		started
	});
	return [
		...[0, 1, 2, 3, 4, 5].map((p, i) => a('d', p, i, p === 4 || p === 5)),
		a('x', 0, 0),
		a('x', 1, 1),
		a('y', 6, 0),
		a('y', 7, 1)
	];
}

describe('moveUnstarted', () => {
	it('moves only unstarted originals, never to a junior who already rates the pair, least-loaded first', () => {
		const result = moveUnstarted({
			pairs,
			current: current(),
			from: 'd',
			to: ['x', 'y', 'z'],
			seed: 7
		});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const { added, removed, stranded } = result.value;
		// Pairs 4 and 5 are started: they stay with d.
		expect(removed.map((r) => r.pairIndex).sort()).toEqual([0, 1, 2, 3]);
		expect(stranded).toBe(0);
		expect(added.map((a) => a.pairIndex).sort()).toEqual([0, 1, 2, 3]);
		for (const a of added) if (a.pairIndex <= 1) expect(a.junior).not.toBe('x');
		// Loads before: x 2, y 2, z 0 → after moving 4: every junior ends with 2 or 3 pairs.
		const load = { x: 2, y: 2, z: 0 } as Record<string, number>;
		for (const a of added) load[a.junior]++;
		expect(Math.max(...Object.values(load)) - Math.min(...Object.values(load))).toBeLessThanOrEqual(
			1
		);
		// Appended after each new owner's last position.
		for (const a of added.filter((a) => a.junior !== 'z'))
			expect(a.position).toBeGreaterThanOrEqual(2);
	});

	it('is reproducible from the seed and depends on it', () => {
		const run = (seed: number) =>
			moveUnstarted({ pairs, current: current(), from: 'd', to: ['x', 'y', 'z'], seed });
		expect(run(7)).toEqual(run(7));
		const outcomes = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => JSON.stringify(run(seed))));
		expect(outcomes.size).toBeGreaterThan(1);
	});

	it('counts a pair every other junior already rates as stranded, and drops a moved pair’s repeat', () => {
		const withRepeat: CurrentAssignment<string>[] = [
			{
				junior: 'd',
				pairIndex: 0,
				position: 0,
				modelOnLeft: true,
				isRepeat: false,
				started: false
			},
			{
				junior: 'd',
				pairIndex: 1,
				position: 1,
				modelOnLeft: true,
				isRepeat: false,
				started: false
			},
			{
				junior: 'd',
				pairIndex: 1,
				position: 2,
				modelOnLeft: false,
				isRepeat: true,
				started: false
			},
			{ junior: 'x', pairIndex: 0, position: 0, modelOnLeft: true, isRepeat: false, started: false }
		];
		const result = moveUnstarted({ pairs, current: withRepeat, from: 'd', to: ['x'], seed: 1 });
		expect(result.ok && result.value).toEqual({
			removed: [
				{ pairIndex: 1, junior: 'd', isRepeat: false },
				{ pairIndex: 1, junior: 'd', isRepeat: true }
			],
			// x has not seen cand-b vs ref yet: the side is the seed's choice.
			added: [
				{
					pairIndex: 1,
					junior: 'x',
					modelOnLeft: expect.any(Boolean),
					position: 1,
					isRepeat: false
				}
			],
			stranded: 1
		});
	});

	it('keeps placement counterbalanced: the side the new owner has seen less for that combination', () => {
		// x has seen cand-a vs ref (pairs 0, 2, 4, 6) with cand-a on the left twice.
		const seen: CurrentAssignment<string>[] = [0, 2].map((p, i) => ({
			junior: 'x',
			pairIndex: p,
			position: i,
			modelOnLeft: true,
			isRepeat: false,
			started: false
		}));
		seen.push({
			junior: 'd',
			pairIndex: 4,
			position: 0,
			modelOnLeft: true,
			isRepeat: false,
			started: false
		});
		const result = moveUnstarted({ pairs, current: seen, from: 'd', to: ['x'], seed: 3 });
		expect(result.ok && result.value.added[0].modelOnLeft).toBe(false);
	});

	it('refuses when nobody can take the pairs', () => {
		const result = moveUnstarted({ pairs, current: current(), from: 'd', to: [], seed: 1 });
		expect(result.ok || result.error.message).toBe(
			'There is no other enabled junior in this study to take the pairs.'
		);
	});
});
