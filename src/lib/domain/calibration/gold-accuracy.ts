import { wilsonInterval } from '../stats/wilson-interval.ts';
import type { Interval } from '../stats/types.ts';

/** One rated gold copy: where it sat in the rater's queue and how many dimensions matched. */
export type GoldResult = { position: number; matched: number; judged: number };

export type Accuracy = {
	matched: number;
	judged: number;
	/** matched / judged; null when nothing was judged. */
	accuracy: number | null;
	/** Wilson 95 % interval (wilsonInterval); null when nothing was judged. */
	interval: Interval | null;
};

/**
 * A rater's accuracy on gold: the share of (gold pair, dimension) judgments equal to the expected
 * outcome, with a Wilson score interval. Dimensions are counted as trials, as in the paper's
 * per-dimension outcomes; they are not independent within a pair, so the interval is a guide.
 */
export function goldAccuracy(results: readonly GoldResult[]): Accuracy {
	let matched = 0;
	let judged = 0;
	for (const r of results) {
		matched += r.matched;
		judged += r.judged;
	}
	return {
		matched,
		judged,
		accuracy: judged === 0 ? null : matched / judged,
		interval: wilsonInterval(matched, judged)
	};
}
