import { createRandom } from '../random.ts';
import { buildQueue } from './build-queue.ts';
import { checkCurrent, type CurrentAssignment } from './check-current.ts';
import { createLoadHeap } from './load-heap.ts';
import { collectMovable, takeMovable } from './movable-work.ts';
import { indexPairs } from './pair-index.ts';
import type { Assignment, AssignmentKey, JuniorId, Pair, Result } from './types.ts';
import { checkRepeatRate } from './validate.ts';

export type RebalanceInput<J extends JuniorId = string> = {
	/** The study's pairs; `pairIndex` indexes this array. */
	pairs: readonly Pair[];
	/** The juniors already in the study, in study order. */
	juniors: readonly J[];
	/** Every current assignment of those juniors (originals and repeats), in any order. */
	current: readonly CurrentAssignment<J>[];
	newJunior: J;
	seed: number | string;
	/** Repeat share for the new junior's queue, as in `assignPairs`; default 0. */
	repeatRate?: number;
};

/**
 * What changes: delete `removed` (each with its repeat, when the donor had one) and insert
 * `added`, the new junior's whole queue. Every other assignment, its position included, stays.
 */
export type Rebalance<J extends JuniorId = string> = {
	removed: AssignmentKey<J>[];
	added: Assignment<J>[];
};

/**
 * Moves not-yet-started originals from the most-loaded juniors to a new junior until loads differ
 * by at most 1 or nothing movable is left. An original is movable when neither it nor its repeat is
 * started; started work never changes owner. The new junior takes each pair at most once, so every
 * pair keeps distinct raters and its rater count. Seeded from `seed` and the new junior's id.
 */
export function rebalanceForNewJunior<J extends JuniorId>(
	input: RebalanceInput<J>
): Result<Rebalance<J>> {
	const { pairs, juniors, current, newJunior, seed, repeatRate = 0 } = input;
	const checked = checkCurrent(pairs.length, juniors, current, newJunior);
	if (!checked.ok) return checked;
	const rateError = checkRepeatRate(repeatRate);
	if (rateError) return { ok: false, error: rateError };

	const random = createRandom(`${seed}:add-junior:${newJunior}`);
	const index = indexPairs(pairs);
	const { comboOf, combos } = index;
	const { originals, repeats } = checked.value;
	const work = juniors.map((_, j) => {
		const movable = originals[j].filter((a) => !a.started && !repeats[j].get(a.pairIndex));
		return collectMovable(originals[j], movable, comboOf, combos.length, random);
	});

	const loads = originals.map((owned) => owned.length);
	const donors = createLoadHeap(
		juniors.length,
		random,
		loads.map((load) => -load)
	);
	const taken = new Uint8Array(pairs.length);
	const removed: AssignmentKey<J>[] = [];
	const moved: number[] = [];
	while (donors.size > 0 && -donors.peekKey() - moved.length >= 2) {
		const donor = donors.pop();
		const pair = takeMovable(work[donor], taken, random);
		if (pair < 0) continue; // nothing left to take from this junior: leave them out
		taken[pair] = 1;
		moved.push(pair);
		removed.push({ pairIndex: pair, junior: juniors[donor], isRepeat: false });
		if (repeats[donor].has(pair)) {
			removed.push({ pairIndex: pair, junior: juniors[donor], isRepeat: true });
		}
		loads[donor]--;
		donors.push(donor, -loads[donor]);
	}
	moved.sort((a, b) => a - b);
	const added = buildQueue(newJunior, moved, index, repeatRate, random.fork());
	return { ok: true, value: { removed, added } };
}
