import { createRandom } from '../random.ts';
import type { CurrentAssignment } from './check-current.ts';
import { indexPairs } from './pair-index.ts';
import type { Assignment, AssignmentKey, JuniorId, Pair, Result } from './types.ts';

export type MoveInput<J extends JuniorId = string> = {
	/** The study's pairs; `pairIndex` indexes this array. */
	pairs: readonly Pair[];
	/** Every current junior assignment of the study (originals and repeats), any order. */
	current: readonly CurrentAssignment<J>[];
	/** The junior whose unstarted pairs move (e.g. a disabled account). */
	from: J;
	/** The juniors who may take them (enabled members of the study, `from` excluded), in study order. */
	to: readonly J[];
	seed: number | string;
};

export type Move<J extends JuniorId = string> = {
	/** Delete these: each moved original of `from`, and its repeat when `from` had one. */
	removed: AssignmentKey<J>[];
	/** Insert these: the moved pairs, at the end of their new owners' queues. */
	added: Assignment<J>[];
	/** Unstarted pairs nobody could take (every other junior already rates them). */
	stranded: number;
};

/**
 * Moves the not-yet-started pairs of one junior to the others: each pair, in the donor's queue
 * order, goes to the least-loaded junior who does not already rate it (so a pair keeps distinct
 * raters and its rater count), ties broken by a generator seeded from the study's seed and the
 * donor; its side is the one that junior has seen less often for that (model, opponent)
 * combination, so placement stays counterbalanced. An original is movable when neither it nor
 * its repeat is started; the donor's repeat of a moved pair is dropped, not recreated.
 */
export function moveUnstarted<J extends JuniorId>(input: MoveInput<J>): Result<Move<J>> {
	const { pairs, current, from, to, seed } = input;
	if (to.length === 0)
		return {
			ok: false,
			error: {
				code: 'juniors',
				message: 'There is no other enabled junior in this study to take the pairs.'
			}
		};
	if (to.includes(from))
		return {
			ok: false,
			error: { code: 'juniors', message: `"${from}" cannot take their own pairs.` }
		};
	const random = createRandom(`${seed}:move-unstarted:${from}`);
	const { comboOf } = indexPairs(pairs);
	const slot = new Map(to.map((j, i) => [j, i]));
	const load = new Array<number>(to.length).fill(0);
	const nextPosition = new Array<number>(to.length).fill(0);
	const holds = to.map(() => new Set<number>());
	// Per recipient and combination: how often the pair's `model` was on the left, minus right.
	const leftMinusRight = to.map(() => new Map<number, number>());
	const donorRepeats = new Map<number, boolean>();
	const donorOriginals: CurrentAssignment<J>[] = [];
	for (const a of current) {
		if (a.junior === from) {
			if (a.isRepeat) donorRepeats.set(a.pairIndex, a.started);
			else donorOriginals.push(a);
			continue;
		}
		const j = slot.get(a.junior);
		if (j === undefined) continue;
		nextPosition[j] = Math.max(nextPosition[j], a.position + 1);
		if (a.isRepeat) continue;
		load[j]++;
		holds[j].add(a.pairIndex);
		const combo = comboOf[a.pairIndex];
		leftMinusRight[j].set(combo, (leftMinusRight[j].get(combo) ?? 0) + (a.modelOnLeft ? 1 : -1));
	}

	const removed: AssignmentKey<J>[] = [];
	const added: Assignment<J>[] = [];
	let stranded = 0;
	const movable = donorOriginals
		.filter((a) => !a.started && donorRepeats.get(a.pairIndex) !== true)
		.sort((a, b) => a.position - b.position);
	for (const a of movable) {
		let best: number[] = [];
		for (let j = 0; j < to.length; j++) {
			if (holds[j].has(a.pairIndex)) continue;
			if (best.length === 0 || load[j] < load[best[0]]) best = [j];
			else if (load[j] === load[best[0]]) best.push(j);
		}
		if (best.length === 0) {
			stranded++;
			continue;
		}
		const j = best.length === 1 ? best[0] : best[random.int(best.length)];
		const combo = comboOf[a.pairIndex];
		const balance = leftMinusRight[j].get(combo) ?? 0;
		const modelOnLeft = balance === 0 ? random.int(2) === 1 : balance < 0;
		leftMinusRight[j].set(combo, balance + (modelOnLeft ? 1 : -1));
		load[j]++;
		holds[j].add(a.pairIndex);
		added.push({
			pairIndex: a.pairIndex,
			junior: to[j],
			modelOnLeft,
			position: nextPosition[j]++,
			isRepeat: false
		});
		removed.push({ pairIndex: a.pairIndex, junior: from, isRepeat: false });
		if (donorRepeats.has(a.pairIndex))
			removed.push({ pairIndex: a.pairIndex, junior: from, isRepeat: true });
	}
	return { ok: true, value: { removed, added, stranded } };
}
