import { chanceCorrected } from './chance-corrected.ts';
import type { Estimate } from './types.ts';

/**
 * Cohen's κ for two raters from their q×q contingency table (rows rater A, columns rater B),
 * with agreement weights w: p_o = Σ w_kl p_kl, p_e = Σ w_kl p_k. p_.l, κ = (p_o − p_e)/(1 − p_e).
 * Cohen (1960) Educ. Psychol. Meas. 20:37; weighted: Cohen (1968) Psychol. Bull. 70:213. Equals
 * scikit-learn's `cohen_kappa_score` with the full label list and weights None/linear/quadratic.
 */
export function cohenKappa(
	table: ArrayLike<number>,
	q: number,
	weights: ArrayLike<number>
): Estimate {
	let n = 0;
	const rows = new Float64Array(q);
	const columns = new Float64Array(q);
	for (let k = 0; k < q; k++) {
		for (let l = 0; l < q; l++) {
			const cell = table[k * q + l];
			n += cell;
			rows[k] += cell;
			columns[l] += cell;
		}
	}
	if (n === 0) {
		return { value: null, observed: null, expected: null, reason: 'the raters share no item' };
	}
	let observed = 0;
	let expected = 0;
	for (let k = 0; k < q; k++) {
		for (let l = 0; l < q; l++) {
			const w = weights[k * q + l];
			observed += w * table[k * q + l];
			expected += w * rows[k] * columns[l];
		}
	}
	return chanceCorrected(
		observed / n,
		expected / (n * n),
		'both raters used one and the same category throughout'
	);
}
