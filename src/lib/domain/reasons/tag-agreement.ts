/**
 * Agreement between raters on an issue tag (issue #16 §2): the tag's presence (yes / no) on
 * each response, over the responses two or more raters rated. Cohen's κ between the first and
 * second rater of each response (by rater slot, as the paper's two juniors; only when every
 * response has exactly two ratings) and Gwet's AC1 for any number, reusing the coefficient
 * functions of stats/ (cohen-kappa.ts, gwet-ac.ts). AC1 is the one to read for rare tags:
 * κ drops towards 0 or below when nearly every response is untagged even if raters agree on
 * almost all of them (Feinstein & Cicchetti 1990, J. Clin. Epidemiol. 43:543; Gwet 2008).
 */
import { cohenKappa } from '../stats/cohen-kappa.ts';
import { gwetAc } from '../stats/gwet-ac.ts';
import type { Estimate } from '../stats/types.ts';

const IDENTITY = [1, 0, 0, 1];

export type TagAgreement = {
	/** Responses with two or more ratings. */
	n: number;
	/** Of those, responses at least one rater tagged. */
	tagged: number;
	/** Share of rater pairs that agree (percent agreement, 0–1). */
	observed: number | null;
	kappa: Estimate;
	ac1: Estimate;
};

/**
 * `ratings`: per response (item), its raters' presence of the tag in rater-slot order
 * (first rater first). Items with fewer than two ratings drop out.
 */
export function tagAgreement(ratings: ReadonlyMap<string, readonly boolean[]>): TagAgreement {
	const items = [...ratings.values()].filter((r) => r.length >= 2);
	const table = [0, 0, 0, 0];
	let shareSum = 0;
	const piSums = [0, 0];
	let tagged = 0;
	const allTwo = items.every((r) => r.length === 2);
	for (const ratings of items) {
		const yes = ratings.filter(Boolean).length;
		const no = ratings.length - yes;
		const n = ratings.length;
		shareSum += (yes * (yes - 1) + no * (no - 1)) / (n * (n - 1));
		piSums[0] += no / n;
		piSums[1] += yes / n;
		if (yes > 0) tagged++;
		table[(ratings[0] ? 1 : 0) * 2 + (ratings[1] ? 1 : 0)]++;
	}
	const kappa: Estimate = allTwo
		? cohenKappa(table, 2, IDENTITY)
		: {
				value: null,
				observed: null,
				expected: null,
				reason: 'some responses have more than two ratings'
			};
	return {
		n: items.length,
		tagged,
		observed: items.length ? shareSum / items.length : null,
		kappa,
		ac1: gwetAc(shareSum, items.length, piSums, items.length, IDENTITY)
	};
}
