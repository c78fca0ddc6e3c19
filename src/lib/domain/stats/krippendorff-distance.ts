export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/**
 * Krippendorff's squared difference functions δ²_ck (row-major q×q): nominal 0/1; ordinal
 * (Σ_{g=c..k} n_g − (n_c + n_k)/2)² from the coincidence marginals n_g; interval (v_c − v_k)²;
 * ratio ((v_c − v_k)/(v_c + v_k))². Krippendorff (2011), "Computing Krippendorff's
 * Alpha-Reliability" (the difference functions of its general form).
 */
export function krippendorffDistance(
	level: AlphaLevel,
	marginals: ArrayLike<number>,
	values: ArrayLike<number>
): Float64Array {
	const q = marginals.length;
	const delta = new Float64Array(q * q);
	for (let c = 0; c < q; c++) {
		for (let k = c + 1; k < q; k++) {
			let d: number;
			if (level === 'nominal') d = 1;
			else if (level === 'ordinal') {
				let between = 0;
				for (let g = c; g <= k; g++) between += marginals[g];
				d = (between - (marginals[c] + marginals[k]) / 2) ** 2;
			} else if (level === 'interval') d = (values[c] - values[k]) ** 2;
			else {
				// Halved when the sum overflows (values near 1e308): the ratio is the same.
				const [a, b] = Number.isFinite(values[c] + values[k])
					? [values[c], values[k]]
					: [values[c] / 2, values[k] / 2];
				d = a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
			}
			delta[c * q + k] = d;
			delta[k * q + c] = d;
		}
	}
	return delta;
}
