import { stronglyConnectedComponents } from './strongly-connected-components.ts';

export type BradleyTerryFit =
	| { ok: true; logStrength: Float64Array; iterations: number }
	| {
			ok: false;
			/** The comparison graph's strongly connected components (Tarjan order). */
			components: number[][];
	  };

const logSigmoid = (x: number) => (x > 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Maximum-likelihood Bradley–Terry log-strengths θ (natural log, centred to mean 0) from a
 * points matrix `points[i·m + j]` = points of i against j (win 1, tie ½ each way), with
 * P(i beats j) = e^θi/(e^θi + e^θj). Bradley & Terry (1952), Biometrika 39:324. Solved by Newton's
 * method with step halving on the concave log-likelihood, run until the score equations hold
 * (max |∂ℓ/∂θ| ≤ 1e-14 × points), then polished by full Newton steps. The estimate exists iff the graph
 * "i scored against j" is strongly connected (Ford 1957, Am. Math. Mon. 64:28; Hunter 2004,
 * Ann. Stat. 32:384, assumption 1); otherwise the fit reports the components instead.
 */
export function bradleyTerryFit(points: Float64Array, m: number): BradleyTerryFit {
	const components = stronglyConnectedComponents(m, (i, j) => points[i * m + j] > 0);
	if (components.length !== 1) return { ok: false, components };

	const theta = new Float64Array(m);
	const scored = new Float64Array(m);
	for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) scored[i] += points[i * m + j];
	const games = (i: number, j: number) => points[i * m + j] + points[j * m + i];
	const logLikelihood = (t: Float64Array) => {
		let sum = 0;
		for (let i = 0; i < m; i++) {
			for (let j = 0; j < m; j++) {
				if (points[i * m + j] > 0) sum += points[i * m + j] * logSigmoid(t[i] - t[j]);
			}
		}
		return sum;
	};

	// θ_0 is fixed at 0; unknowns θ_1..θ_{m−1}. The score equations ∂ℓ/∂θ_i = scored_i −
	// Σ_j n_ij p_ij = 0 are the stopping rule: near the maximum ℓ is flat to rounding, so a
	// step-size or ℓ-based rule stops early (issue #15: θ off by 4e-8, slope −5e-9).
	const d = m - 1;
	const gradient = new Float64Array(d);
	const information = new Float64Array(d * d);
	const trial = new Float64Array(m);
	let total = 0;
	for (let i = 0; i < m; i++) total += scored[i];
	const tolerance = 1e-14 * Math.max(1, total);
	/** Fills gradient and information at t; returns max |∂ℓ/∂θ_i| over the unknowns. */
	const derivatives = (t: Float64Array) => {
		gradient.fill(0);
		information.fill(0);
		let largest = 0;
		for (let i = 1; i < m; i++) {
			let g = scored[i];
			for (let j = 0; j < m; j++) {
				if (j === i) continue;
				const n = games(i, j);
				if (n === 0) continue;
				const p = sigmoid(t[i] - t[j]);
				g -= n * p;
				const v = n * p * (1 - p);
				information[(i - 1) * d + (i - 1)] += v;
				if (j > 0) information[(i - 1) * d + (j - 1)] -= v;
			}
			gradient[i - 1] = g;
			largest = Math.max(largest, Math.abs(g));
		}
		return largest;
	};

	let current = logLikelihood(theta);
	let iterations = 0;
	let slope = derivatives(theta);
	for (; iterations < 200 && slope > tolerance; iterations++) {
		const step = solve(information, gradient, d);
		// Step halving keeps Newton safe far from the maximum; a step that loses no more than
		// rounding in ℓ is accepted, so the full Newton step is taken near the maximum.
		const slack = 1e-15 * Math.abs(current);
		let t = 1;
		let next = current;
		for (let halving = 0; halving < 60; halving++, t /= 2) {
			for (let i = 1; i < m; i++) trial[i] = theta[i] + t * step[i - 1];
			next = logLikelihood(trial);
			if (next >= current - slack) break;
		}
		const before = slope;
		const saved = Float64Array.from(theta);
		for (let i = 1; i < m; i++) theta[i] = trial[i];
		slope = derivatives(theta);
		if (next < current && slope >= before) {
			// Neither ℓ nor the score equations improved: rounding floor reached.
			theta.set(saved);
			slope = derivatives(theta);
			break;
		}
		current = Math.max(current, next);
	}
	// Newton polish: up to three full steps, each kept only if it reduces max |∂ℓ/∂θ|.
	for (let polish = 0; polish < 3 && slope > 0; polish++) {
		const step = solve(information, gradient, d);
		const saved = Float64Array.from(theta);
		for (let i = 1; i < m; i++) theta[i] += step[i - 1];
		const after = derivatives(theta);
		if (!(after < slope)) {
			theta.set(saved);
			break;
		}
		slope = after;
	}
	let mean = 0;
	for (let i = 0; i < m; i++) mean += theta[i] / m;
	for (let i = 0; i < m; i++) theta[i] -= mean;
	return { ok: true, logStrength: theta, iterations: iterations + 1 };
}

/** Solves A x = b for symmetric positive definite A (d×d) by Cholesky; A is overwritten. */
function solve(a: Float64Array, b: Float64Array, d: number): Float64Array {
	for (let j = 0; j < d; j++) {
		let s = a[j * d + j];
		for (let k = 0; k < j; k++) s -= a[j * d + k] ** 2;
		const pivot = Math.sqrt(Math.max(s, 1e-300));
		a[j * d + j] = pivot;
		for (let i = j + 1; i < d; i++) {
			let t = a[i * d + j];
			for (let k = 0; k < j; k++) t -= a[i * d + k] * a[j * d + k];
			a[i * d + j] = t / pivot;
		}
	}
	const x = Float64Array.from(b);
	for (let i = 0; i < d; i++) {
		for (let k = 0; k < i; k++) x[i] -= a[i * d + k] * x[k];
		x[i] /= a[i * d + i];
	}
	for (let i = d - 1; i >= 0; i--) {
		for (let k = i + 1; k < d; k++) x[i] -= a[k * d + i] * x[k];
		x[i] /= a[i * d + i];
	}
	return x;
}
