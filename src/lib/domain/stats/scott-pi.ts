import { chanceCorrected } from './chance-corrected.ts';
import type { Estimate } from './types.ts';

/**
 * Scott's π for two raters from their q×q contingency table: p_o = Σ_k p_kk,
 * p_e = Σ_k ((p_k. + p_.k)/2)², π = (p_o − p_e)/(1 − p_e). Scott (1955) Public Opin. Q. 19:321.
 * With every item rated by both raters it equals Fleiss' κ (Fleiss 1971, p. 379).
 */
export function scottPi(table: ArrayLike<number>, q: number): Estimate {
	let n = 0;
	let agree = 0;
	const pooled = new Float64Array(q);
	for (let k = 0; k < q; k++) {
		for (let l = 0; l < q; l++) {
			const cell = table[k * q + l];
			n += cell;
			pooled[k] += cell;
			pooled[l] += cell;
			if (k === l) agree += cell;
		}
	}
	if (n === 0) {
		return { value: null, observed: null, expected: null, reason: 'the raters share no item' };
	}
	let expected = 0;
	for (let k = 0; k < q; k++) expected += (pooled[k] / (2 * n)) ** 2;
	return chanceCorrected(agree / n, expected, 'every rating is in one category');
}
