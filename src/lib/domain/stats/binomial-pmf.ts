/**
 * Stirling's-series error ln(n!) − (n + ½)ln n + n − ½ln(2π) for n = 0..15, to double
 * precision (computed with 40-digit decimals in test/fixtures/stats/make_reference.py).
 */
const STIRLING_ERROR = [
	0, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093,
	0.016644691189821193, 0.013876128823070748, 0.01189670994589177, 0.010411265261972096,
	0.009255462182712733, 0.00833056343336287, 0.007573675487951841, 0.00694284010720953,
	0.006408994188004207, 0.0059513701127588475, 0.005554733551962801
];

function stirlingError(n: number): number {
	if (n <= 15) return STIRLING_ERROR[n];
	const nn = n * n;
	if (n > 500) return (1 / 12 - 1 / 360 / nn) / n;
	if (n > 80) return (1 / 12 - (1 / 360 - 1 / 1260 / nn) / nn) / n;
	if (n > 35) return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / 1680 / nn) / nn) / nn) / n;
	return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / nn) / nn) / nn) / nn) / n;
}

/** x ln(x/m) + m − x without cancellation when x ≈ m (Loader's bd0). */
function deviance(x: number, m: number): number {
	if (Math.abs(x - m) < 0.1 * (x + m)) {
		const v = (x - m) / (x + m);
		let s = (x - m) * v;
		let term = 2 * x * v;
		const v2 = v * v;
		for (let j = 1; j < 1000; j++) {
			term *= v2;
			const next = s + term / (2 * j + 1);
			if (next === s) return next;
			s = next;
		}
		return s;
	}
	return x * Math.log(x / m) + m - x;
}

/**
 * Binomial probability P(X = k), X ~ Bin(n, p), to full double precision for large n, by
 * Loader's saddle-point expansion (the algorithm of R's dbinom and SciPy/Boost). Loader (2000),
 * "Fast and Accurate Computation of Binomial Probabilities".
 */
export function binomialPmf(k: number, n: number, p: number): number {
	if (k < 0 || k > n) return 0;
	const q = 1 - p;
	if (k === 0) return n === 0 ? 1 : Math.exp(n * Math.log1p(-p));
	if (k === n) return Math.exp(n * Math.log(p));
	const lc =
		stirlingError(n) -
		stirlingError(k) -
		stirlingError(n - k) -
		deviance(k, n * p) -
		deviance(n - k, n * q);
	const lf = Math.log(2 * Math.PI) + Math.log(k) + Math.log1p(-k / n);
	return Math.exp(lc - 0.5 * lf);
}
