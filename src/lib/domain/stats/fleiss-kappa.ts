import { chanceCorrected } from './chance-corrected.ts';
import type { Estimate } from './types.ts';

/**
 * Fleiss' κ over the items with ≥ 2 ratings, all rated the same number of times:
 * P̄ = mean of Σ_j n_ij(n_ij − 1)/(n(n − 1)), p_j = Σ_i n_ij/(N n), P̄_e = Σ_j p_j²,
 * κ = (P̄ − P̄_e)/(1 − P̄_e). Fleiss (1971) Psychol. Bull. 76:378, eqs. 2–9.
 * `ratingsPerItem` is the common n, or null when the pairable items differ in n.
 */
export function fleissKappa(
	shareSum: number,
	pairableItems: number,
	categoryTotals: ArrayLike<number>,
	ratingsPerItem: number | null
): Estimate {
	if (pairableItems === 0) {
		return {
			value: null,
			observed: null,
			expected: null,
			reason: 'no item has two or more ratings'
		};
	}
	if (ratingsPerItem === null) {
		return {
			value: null,
			observed: null,
			expected: null,
			reason:
				'items have different numbers of ratings; see fleiss_kappa_generalized (Gwet) or krippendorff_alpha'
		};
	}
	let total = 0;
	for (let j = 0; j < categoryTotals.length; j++) total += categoryTotals[j];
	let expected = 0;
	for (let j = 0; j < categoryTotals.length; j++) expected += (categoryTotals[j] / total) ** 2;
	return chanceCorrected(shareSum / pairableItems, expected, 'every rating is in one category');
}
