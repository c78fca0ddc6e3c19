export type WeightKind = 'identity' | 'linear' | 'quadratic';

/**
 * Agreement weights on category positions k, l = 0..q−1 (row-major q×q):
 * identity δ_kl, linear 1 − |k − l|/(q − 1), quadratic 1 − (k − l)²/(q − 1)².
 * Reference: Cohen (1968), Psychol. Bull. 70:213; Gwet (2014), Handbook of Inter-Rater
 * Reliability, 4th ed., ch. 3. Same positions as scikit-learn's `cohen_kappa_score(weights=...)`.
 */
export function agreementWeights(q: number, kind: WeightKind): Float64Array {
	const weights = new Float64Array(q * q);
	const span = Math.max(q - 1, 1);
	for (let k = 0; k < q; k++) {
		for (let l = 0; l < q; l++) {
			const d = Math.abs(k - l) / span;
			weights[k * q + l] =
				kind === 'identity' ? (k === l ? 1 : 0) : kind === 'linear' ? 1 - d : 1 - d * d;
		}
	}
	return weights;
}
