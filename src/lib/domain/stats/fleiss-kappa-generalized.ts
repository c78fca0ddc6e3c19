import { chanceCorrected } from './chance-corrected.ts';
import type { Estimate } from './types.ts';

/**
 * Fleiss' generalized κ for missing ratings (Gwet's form): p_a = percent agreement over items
 * with ≥ 2 ratings; π_k = (1/n) Σ_i n_ik/n_i over all n rated items; p_e = Σ_k π_k²;
 * κ = (p_a − p_e)/(1 − p_e). Gwet (2014), Handbook of Inter-Rater Reliability, 4th ed., ch. 2
 * (the `fleiss.kappa.raw` of irrCAC).
 */
export function fleissKappaGeneralized(
	shareSum: number,
	pairableItems: number,
	piSums: ArrayLike<number>,
	items: number
): Estimate {
	if (pairableItems === 0) {
		return {
			value: null,
			observed: null,
			expected: null,
			reason: 'no item has two or more ratings'
		};
	}
	let expected = 0;
	for (let k = 0; k < piSums.length; k++) expected += (piSums[k] / items) ** 2;
	return chanceCorrected(shareSum / pairableItems, expected, 'every rating is in one category');
}
