import { Z95 } from './wilson-interval.ts';

export type LogisticFit =
	| {
			ok: true;
			coefficients: Float64Array;
			/** √diag of the inverse Fisher information (the usual Wald standard errors). */
			standardErrors: Float64Array;
			logLikelihood: number;
			iterations: number;
	  }
	| { ok: false; reason: string };

const logSigmoid = (x: number) => (x > 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Maximum-likelihood logistic regression P(y = 1 | x) = σ(x·β) with weights and soft labels
 * y ∈ [0, 1] (a tie as y = ½ is the "half a win each way" of ARCHITECTURE §5), by Newton's
 * method (= iteratively reweighted least squares; McCullagh & Nelder 1989, Generalized Linear
 * Models, §4.4) with step halving, run until the score equations hold (max |∂ℓ/∂β| ≤ 1e-10 ×
 * Σw), from 0 or `start`. `x` is n×p row-major; put a column of ones in it for an intercept. Fails, rather than
 * returning huge numbers, when the data separate (Albert & Anderson 1984, Biometrika 71:1: the
 * estimate then does not exist) or a column is constant zero / collinear.
 */
export function logisticFit(
	x: Float64Array,
	y: ArrayLike<number>,
	p: number,
	weights?: ArrayLike<number>,
	/** Starting coefficients (default 0): a bootstrap starts from the full-data estimate. */
	start?: ArrayLike<number>
): LogisticFit {
	const n = y.length;
	const w = (i: number) => (weights ? weights[i] : 1);
	let total = 0;
	for (let i = 0; i < n; i++) total += w(i);
	if (total === 0) return { ok: false, reason: 'no observations' };
	const beta = new Float64Array(p);
	if (start) beta.set(start);
	const trial = new Float64Array(p);
	const gradient = new Float64Array(p);
	const information = new Float64Array(p * p);
	const eta = (b: Float64Array, i: number) => {
		let s = 0;
		for (let k = 0; k < p; k++) s += x[i * p + k] * b[k];
		return s;
	};
	const logLikelihood = (b: Float64Array) => {
		let sum = 0;
		for (let i = 0; i < n; i++) {
			const wi = w(i);
			if (wi === 0) continue;
			const e = eta(b, i);
			sum += wi * (y[i] * logSigmoid(e) + (1 - y[i]) * logSigmoid(-e));
		}
		return sum;
	};
	const derivatives = (b: Float64Array) => {
		gradient.fill(0);
		information.fill(0);
		for (let i = 0; i < n; i++) {
			const wi = w(i);
			if (wi === 0) continue;
			const mu = sigmoid(eta(b, i));
			const r = wi * (y[i] - mu);
			const v = wi * mu * (1 - mu);
			for (let k = 0; k < p; k++) {
				const xk = x[i * p + k];
				if (xk === 0) continue;
				gradient[k] += r * xk;
				for (let l = 0; l <= k; l++) information[k * p + l] += v * xk * x[i * p + l];
			}
		}
		for (let k = 0; k < p; k++)
			for (let l = 0; l < k; l++) information[l * p + k] = information[k * p + l];
		let largest = 0;
		for (let k = 0; k < p; k++) largest = Math.max(largest, Math.abs(gradient[k]));
		return largest;
	};

	const tolerance = 1e-10 * Math.max(1, total);
	let current = logLikelihood(beta);
	let slope = derivatives(beta);
	let iterations = 0;
	for (; iterations < 100 && slope > tolerance; iterations++) {
		const step = choleskySolve(Float64Array.from(information), gradient, p);
		if (!step) return { ok: false, reason: 'the covariates are collinear (singular information)' };
		let t = 1;
		let next = current;
		for (let halving = 0; halving < 50; halving++, t /= 2) {
			for (let k = 0; k < p; k++) trial[k] = beta[k] + t * step[k];
			next = logLikelihood(trial);
			if (next >= current - 1e-12 * Math.abs(current)) break;
		}
		beta.set(trial);
		current = next;
		slope = derivatives(beta);
		// A coefficient this large means a fitted probability of 0 or 1 within rounding:
		// (quasi-)complete separation, where the maximum is at infinity.
		if (beta.some((b) => Math.abs(b) > 30)) {
			return {
				ok: false,
				reason: 'the outcomes are separated by the covariates; the estimate does not exist'
			};
		}
	}
	if (slope > Math.sqrt(tolerance)) return { ok: false, reason: 'Newton did not converge' };
	derivatives(beta);
	const covariance = choleskyInverse(information, p);
	if (!covariance)
		return { ok: false, reason: 'the covariates are collinear (singular information)' };
	const standardErrors = new Float64Array(p);
	for (let k = 0; k < p; k++) standardErrors[k] = Math.sqrt(covariance[k * p + k]);
	return { ok: true, coefficients: beta, standardErrors, logLikelihood: current, iterations };
}

/** Wald 95 % interval β ± z·se. */
export function waldInterval(estimate: number, se: number): [number, number] {
	return [estimate - Z95 * se, estimate + Z95 * se];
}

/** Two-sided Wald p-value 2·(1 − Φ(|β/se|)), Φ by erfc (W. J. Cody's rational form not needed: |z| small). */
export function waldP(estimate: number, se: number): number {
	return erfc(Math.abs(estimate / se) / Math.SQRT2);
}

/** erfc by Numerical Recipes' Chebyshev fit (erfcc, 3rd ed. §6.2.2), relative error < 1.2e-7. */
function erfc(x: number): number {
	const z = Math.abs(x);
	const t = 1 / (1 + 0.5 * z);
	const r =
		t *
		Math.exp(
			-z * z -
				1.26551223 +
				t *
					(1.00002368 +
						t *
							(0.37409196 +
								t *
									(0.09678418 +
										t *
											(-0.18628806 +
												t *
													(0.27886807 +
														t *
															(-1.13520398 +
																t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
		);
	return x >= 0 ? r : 2 - r;
}

/** Cholesky factor of a symmetric positive definite p×p matrix, in place; null if singular. */
function cholesky(a: Float64Array, p: number): Float64Array | null {
	let scale = 0;
	for (let k = 0; k < p; k++) scale = Math.max(scale, a[k * p + k]);
	for (let j = 0; j < p; j++) {
		let s = a[j * p + j];
		for (let k = 0; k < j; k++) s -= a[j * p + k] ** 2;
		if (!(s > 1e-12 * scale)) return null;
		const pivot = Math.sqrt(s);
		a[j * p + j] = pivot;
		for (let i = j + 1; i < p; i++) {
			let t = a[i * p + j];
			for (let k = 0; k < j; k++) t -= a[i * p + k] * a[j * p + k];
			a[i * p + j] = t / pivot;
		}
	}
	return a;
}

function choleskySolve(a: Float64Array, b: Float64Array, p: number): Float64Array | null {
	const l = cholesky(a, p);
	if (!l) return null;
	const x = Float64Array.from(b);
	for (let i = 0; i < p; i++) {
		for (let k = 0; k < i; k++) x[i] -= l[i * p + k] * x[k];
		x[i] /= l[i * p + i];
	}
	for (let i = p - 1; i >= 0; i--) {
		for (let k = i + 1; k < p; k++) x[i] -= l[k * p + i] * x[k];
		x[i] /= l[i * p + i];
	}
	return x;
}

function choleskyInverse(a: Float64Array, p: number): Float64Array | null {
	const l = cholesky(Float64Array.from(a), p);
	if (!l) return null;
	const inverse = new Float64Array(p * p);
	const e = new Float64Array(p);
	for (let c = 0; c < p; c++) {
		e.fill(0);
		e[c] = 1;
		const x = e;
		for (let i = 0; i < p; i++) {
			for (let k = 0; k < i; k++) x[i] -= l[i * p + k] * x[k];
			x[i] /= l[i * p + i];
		}
		for (let i = p - 1; i >= 0; i--) {
			for (let k = i + 1; k < p; k++) x[i] -= l[k * p + i] * x[k];
			x[i] /= l[i * p + i];
		}
		for (let i = 0; i < p; i++) inverse[i * p + c] = x[i];
	}
	return inverse;
}
