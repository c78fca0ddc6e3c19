import { chanceCorrected } from './chance-corrected.ts';
import type { Estimate } from './types.ts';

/**
 * Gwet's AC1 (identity weights) or AC2 (other weights) for raw ratings with missing values:
 * p_a = weighted percent agreement over items with ≥ 2 ratings, π_k = (1/n) Σ_i n_ik/n_i,
 * p_e = T_w/(q(q − 1)) Σ_k π_k(1 − π_k) with T_w = Σ_kl w_kl, AC = (p_a − p_e)/(1 − p_e);
 * q is the full category list. Gwet (2008) Br. J. Math. Stat. Psychol. 61:29; Gwet (2014),
 * Handbook of Inter-Rater Reliability, 4th ed., ch. 2–3 (irrCAC's `gwet.ac1.raw`).
 */
export function gwetAc(
	weightedShareSum: number,
	pairableItems: number,
	piSums: ArrayLike<number>,
	items: number,
	weights: ArrayLike<number>
): Estimate {
	const q = piSums.length;
	if (pairableItems === 0) {
		return {
			value: null,
			observed: null,
			expected: null,
			reason: 'no item has two or more ratings'
		};
	}
	let weightTotal = 0;
	for (let j = 0; j < weights.length; j++) weightTotal += weights[j];
	let spread = 0;
	for (let k = 0; k < q; k++) {
		const pi = piSums[k] / items;
		spread += pi * (1 - pi);
	}
	const expected = (weightTotal / (q * (q - 1))) * spread;
	return chanceCorrected(
		weightedShareSum / pairableItems,
		expected,
		'weights make every pair agree'
	);
}
