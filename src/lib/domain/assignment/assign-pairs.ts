import { createRandom } from '../random.ts';
import { buildQueue } from './build-queue.ts';
import { chooseRaters } from './choose-raters.ts';
import { indexPairs } from './pair-index.ts';
import type { JuniorId, JuniorQueue, Pair, Result } from './types.ts';
import { checkJuniors, checkRatersPerPair, checkRepeatRate } from './validate.ts';

export type AssignInput<J extends JuniorId = string> = {
	/** The study's pairs; an assignment's `pairIndex` is the index in this array. */
	pairs: readonly Pair[];
	/** The study's juniors, in study order (the order matters for reproducibility). */
	juniors: readonly J[];
	ratersPerPair: number;
	seed: number | string;
	/** Share (0..1) of each junior's pairs shown again later with sides swapped; default 0. */
	repeatRate?: number;
	/**
	 * Pair indices given to nobody as study work (a study file's gold pairs, issue #16 §3). The
	 * others are assigned exactly as if the held-out pairs were not in the list.
	 */
	holdOut?: ReadonlySet<number>;
};

/**
 * Assigns every pair to `ratersPerPair` distinct juniors (least-loaded first, seeded ties; per
 * prompt in matchings, so a junior sees each response as rarely as possible — see chooseRaters)
 * and builds each junior's queue (ARCHITECTURE.md §3 flow 2). Returns one queue per junior in study
 * order; the same input and seed always give the same queues.
 */
export function assignPairs<J extends JuniorId>(input: AssignInput<J>): Result<JuniorQueue<J>[]> {
	const { holdOut } = input;
	if (holdOut && holdOut.size > 0) {
		const kept = input.pairs.flatMap((_, i) => (holdOut.has(i) ? [] : [i]));
		const result = assignPairs({
			...input,
			pairs: kept.map((i) => input.pairs[i]),
			holdOut: undefined
		});
		if (!result.ok) return result;
		for (const queue of result.value)
			for (const a of queue.assignments) a.pairIndex = kept[a.pairIndex];
		return result;
	}
	const { pairs, juniors, ratersPerPair, seed, repeatRate = 0 } = input;
	const error =
		checkJuniors(juniors) ??
		checkRatersPerPair(ratersPerPair, juniors.length) ??
		checkRepeatRate(repeatRate);
	if (error) return { ok: false, error };

	const random = createRandom(seed);
	const index = indexPairs(pairs);
	const owned = chooseRaters(index, juniors.length, ratersPerPair, random.fork());
	const queues = juniors.map((junior, j) => ({
		junior,
		assignments: buildQueue(junior, owned[j], index, repeatRate, random.fork())
	}));
	return { ok: true, value: queues };
}
