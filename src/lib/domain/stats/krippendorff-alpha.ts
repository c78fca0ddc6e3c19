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
	// Interval α depends on the values only through (v_c − v_k)², a common factor of D_o and D_e:
	// computing on values divided by the power of two nearest their range keeps α defined at any
	// scale (1e-170 squared underflows, 1e170 squared overflows) and, the division being exact,
	// bit-identical for ordinary values; D_o and D_e are scaled back for the report.
	const unit = level === 'interval' ? range(values) : 1;
	const delta = krippendorffDistance(
		level,
		marginals,
		unit === 1 ? values : Array.from(values, (v) => v / unit)
	);
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
	const observedScaled = observedSum / n;
	const expectedScaled = expectedSum / (n * (n - 1));
	const observed = observedScaled * unit * unit;
	const expected = expectedScaled * unit * unit;
	if (!spread || !(expectedSum > 0)) {
		return {
			value: null,
			observed,
			expected,
			reason: 'expected disagreement is 0: all pairable values are equal'
		};
	}
	return { value: 1 - observedScaled / expectedScaled, observed, expected };
}

/** The power of two nearest max − min of the values (1 when that is 0 or not finite). */
function range(values: ArrayLike<number>): number {
	let low = Infinity;
	let high = -Infinity;
	for (let c = 0; c < values.length; c++) {
		low = Math.min(low, values[c]);
		high = Math.max(high, values[c]);
	}
	const width = high - low;
	return width > 0 && Number.isFinite(width) ? 2 ** Math.round(Math.log2(width)) : 1;
}
