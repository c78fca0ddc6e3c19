import { krippendorffDistance, type AlphaLevel } from './krippendorff-distance.ts';
import type { Estimate } from './types.ts';

/**
 * Krippendorff's α = 1 − D_o/D_e from the coincidence matrix o_ck of the pairable units:
 * D_o = Σ o_ck δ²_ck / n, D_e = Σ n_c n_k δ²_ck / (n(n − 1)), n = Σ n_c.
 * `observed`/`expected` are the disagreements D_o and D_e. Krippendorff (2011), "Computing
 * Krippendorff's Alpha-Reliability" (any number of observers, missing values).
 * α is undefined exactly when D_e = 0, i.e. when no two categories that occur are a positive
 * distance apart. That is tested on the δ² and marginals themselves, not against an absolute
 * tolerance: interval α is invariant under rescaling the values, so values 1e-7, 2e-7, 3e-7
 * (D_e ~ 1e-14) or ratio values near 10⁶ (δ² ~ 1e-13) must give the same α as 1, 2, 3.
 */
export function krippendorffAlpha(
	coincidence: ArrayLike<number>,
	level: AlphaLevel,
	values: ArrayLike<number>
): Estimate {
	const q = values.length;
	const marginals = new Float64Array(q);
	let n = 0;
	for (let c = 0; c < q; c++) {
		for (let k = 0; k < q; k++) marginals[c] += coincidence[c * q + k];
		n += marginals[c];
	}
	if (n < 1e-9) {
		return {
			value: null,
			observed: null,
			expected: null,
			reason: 'no unit has two or more ratings'
		};
	}
	const delta = krippendorffDistance(level, marginals, values);
	let observedSum = 0;
	let expectedSum = 0;
	let spread = false;
	for (let c = 0; c < q; c++) {
		for (let k = 0; k < q; k++) {
			observedSum += coincidence[c * q + k] * delta[c * q + k];
			const term = marginals[c] * marginals[k] * delta[c * q + k];
			expectedSum += term;
			if (term > 0) spread = true;
		}
	}
	const observed = observedSum / n;
	const expected = expectedSum / (n * (n - 1));
	if (!spread || !(expectedSum > 0)) {
		return {
			value: null,
			observed,
			expected,
			reason: 'expected disagreement is 0: all pairable values are equal'
		};
	}
	return { value: 1 - observed / expected, observed, expected };
}
