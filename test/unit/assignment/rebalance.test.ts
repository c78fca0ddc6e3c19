import { describe, expect, it } from 'vitest';
import {
	assignPairs,
	rebalanceForNewJunior,
	summarizeAssignments,
	type Assignment,
	type CurrentAssignment,
	type Rebalance
} from '../../../src/lib/domain/assignment/index.ts';
import { createRandom, shuffled } from '../../../src/lib/domain/random.ts';
import { flat, juniors, promptClashes, studyPairs, unwrap } from './helpers.ts';

const pairs = studyPairs(50, 3, 2); // 300 pairs

/** A running study: each junior has started the first `started` positions of their queue. */
function running(count: number, started: number, repeatRate = 0): CurrentAssignment[] {
	const queues = unwrap(
		assignPairs({ pairs, juniors: juniors(count), ratersPerPair: 2, seed: 4, repeatRate })
	);
	return flat(queues).map((a) => ({ ...a, started: a.position < started }));
}

const keyOf = (a: { junior: string; pairIndex: number; isRepeat: boolean }) =>
	`${a.junior}:${a.pairIndex}:${a.isRepeat}`;

/** The assignments after applying a rebalance. */
function apply(current: CurrentAssignment[], change: Rebalance): Assignment[] {
	const removed = new Set(change.removed.map(keyOf));
	return [...current.filter((a) => !removed.has(keyOf(a))), ...change.added];
}

function rebalance(
	current: CurrentAssignment[],
	count: number,
	seed: number | string = 4,
	repeatRate = 0
) {
	return rebalanceForNewJunior({
		pairs,
		juniors: juniors(count),
		current,
		newJunior: 'new',
		seed,
		repeatRate
	});
}

describe('rebalanceForNewJunior', () => {
	it('moves only not-yet-started originals (and their unstarted repeats)', () => {
		const current = running(2, 40, 0.1);
		const change = unwrap(rebalance(current, 2));
		const byKey = new Map(current.map((a) => [keyOf(a), a]));
		expect(change.removed.length).toBeGreaterThan(0);
		for (const key of change.removed) {
			const a = byKey.get(keyOf(key))!;
			expect(a).toBeDefined();
			expect(a.started).toBe(false);
			if (key.isRepeat) {
				expect(change.removed.some((k) => keyOf(k) === keyOf({ ...key, isRepeat: false }))).toBe(
					true
				);
			}
		}
		// An original whose repeat is started stays with its junior.
		const startedRepeats = current.filter((a) => a.isRepeat && a.started);
		for (const r of startedRepeats) {
			expect(change.removed.some((k) => keyOf(k) === keyOf({ ...r, isRepeat: false }))).toBe(false);
		}
	});

	it('keeps every pair’s raters distinct and their number unchanged', () => {
		const current = running(3, 25);
		const after = apply(current, unwrap(rebalance(current, 3)));
		const summary = summarizeAssignments(pairs, after);
		expect(summary.ratersOfPair.every((n) => n === 2)).toBe(true);
		const owners = new Set(
			after.filter((a) => !a.isRepeat).map((a) => `${a.junior}:${a.pairIndex}`)
		);
		expect(owners.size).toBe(after.filter((a) => !a.isRepeat).length);
	});

	it('evens out loads to within 1 when enough work is unstarted', () => {
		const current = running(2, 0); // 300 each
		const after = apply(current, unwrap(rebalance(current, 2)));
		const loads = summarizeAssignments(pairs, after).juniors.map((j) => j.originals);
		expect(loads.sort()).toEqual([200, 200, 200]);
	});

	it('moves toward equal loads when started work limits it', () => {
		const current = running(2, 280); // 20 unstarted each
		const change = unwrap(rebalance(current, 2));
		// Both juniors rate every pair, so the new one can take each unstarted pair only once.
		const unstartedPairs = new Set(current.filter((a) => !a.started).map((a) => a.pairIndex));
		expect(unstartedPairs.size).toBeGreaterThan(20);
		expect(change.added).toHaveLength(unstartedPairs.size);
		const after = summarizeAssignments(pairs, apply(current, change)).juniors;
		expect(after.map((j) => j.originals)).toEqual([
			300 - change.removed.filter((k) => k.junior === 'j1').length,
			300 - change.removed.filter((k) => k.junior === 'j2').length,
			unstartedPairs.size
		]);
		expect(Math.min(after[0].originals, after[1].originals)).toBeGreaterThanOrEqual(280);
	});

	it('moves nothing when everything is started', () => {
		const current = running(2, Infinity);
		expect(unwrap(rebalance(current, 2))).toEqual({ removed: [], added: [] });
	});

	it('builds a counterbalanced, prompt-spread queue for the new junior', () => {
		const current = running(2, 10);
		const { added } = unwrap(rebalance(current, 2, 4, 0.1));
		const originals = added.filter((a) => !a.isRepeat);
		expect(added.map((a) => a.position)).toEqual(added.map((_, i) => i));
		expect(added.filter((a) => a.isRepeat)).toHaveLength(Math.round(0.1 * originals.length));
		expect(promptClashes(pairs, added)).toBe(0);
		for (const combo of summarizeAssignments(pairs, added).juniors[0].combinations) {
			expect(Math.abs(combo.left - combo.right)).toBeLessThanOrEqual(1);
		}
	});

	it('keeps the donors’ remaining placements within 1 of even per combination', () => {
		const current = running(3, 0);
		const after = apply(current, unwrap(rebalance(current, 3)));
		for (const junior of summarizeAssignments(pairs, after).juniors) {
			for (const combo of junior.combinations) {
				expect(Math.abs(combo.left - combo.right)).toBeLessThanOrEqual(1);
			}
		}
	});

	it('is deterministic, whatever the order of the current assignments, and seed-sensitive', () => {
		const current = running(3, 30);
		const reordered = shuffled(current, createRandom(1));
		expect(rebalance(reordered, 3)).toEqual(rebalance(current, 3));
		expect(rebalance(current, 3, 5)).not.toEqual(rebalance(current, 3, 4));
	});

	it('reports a junior already in the study, unknown owners, bad or duplicate pairs', () => {
		const current = running(2, 0);
		const code = (result: ReturnType<typeof rebalance>) => (result.ok ? 'ok' : result.error.code);
		const existing = rebalanceForNewJunior({
			pairs,
			juniors: juniors(2),
			current,
			newJunior: 'j1',
			seed: 1
		});
		expect(existing.ok || existing.error.message).toBe(
			'Junior "j1" is already in the study; nothing to rebalance.'
		);
		expect(code(rebalance(current, 1))).toBe('juniors'); // j2 not listed
		expect(code(rebalance([...current, { ...current[0], pairIndex: 300 }], 2))).toBe('pairs');
		expect(code(rebalance([...current, { ...current[0] }], 2))).toBe('pairs');
		expect(code(rebalance(current, 2, 1, 2))).toBe('repeat-rate');
	});
});
