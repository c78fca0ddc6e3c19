import type { Estimate } from './types.ts';

/**
 * Percent agreement: over items with ≥ 2 ratings, the mean of Σ_c n_ic(n_ic − 1)/(n_i(n_i − 1)),
 * the share of agreeing ordered rater pairs. ARCHITECTURE §5; Fleiss (1971) P̄; Gwet (2014) p_a.
 * Input: the sum of the per-item shares and the number of such items.
 */
export function percentAgreement(shareSum: number, pairableItems: number): Estimate {
	if (pairableItems === 0) {
		return {
			value: null,
			observed: null,
			expected: null,
			reason: 'no item has two or more ratings'
		};
	}
	const value = shareSum / pairableItems;
	return { value, observed: value, expected: null };
}
