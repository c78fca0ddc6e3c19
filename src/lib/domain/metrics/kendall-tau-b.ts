import { checkPaired } from './check-paired.ts';
import type { Correlation } from './types.ts';

/**
 * Kendall's τ_b = (C − D) / √((n₀ − n₁)(n₀ − n₂)), with C / D the concordant / discordant pairs,
 * n₀ = n(n−1)/2 and n₁, n₂ the pairs tied in x, in y; as scipy.stats.kendalltau (variant 'b').
 * O(n²), meant for a handful of models. Null with a reason for fewer than 2 pairs or a constant
 * variable. Reference: Kendall (1945), "The treatment of ties in ranking problems", Biometrika 33.
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): Correlation {
	checkPaired('kendallTauB', x, y);
	const n = x.length;
	if (n < 2) return { value: null, n, reason: 'needs at least 2 pairs' };
	let concordant = 0;
	let discordant = 0;
	let tiedX = 0;
	let tiedY = 0;
	for (let i = 0; i < n; i++) {
		for (let j = i + 1; j < n; j++) {
			const dx = Math.sign(x[i] - x[j]);
			const dy = Math.sign(y[i] - y[j]);
			if (dx === 0) tiedX++;
			if (dy === 0) tiedY++;
			if (dx !== 0 && dy !== 0) {
				if (dx === dy) concordant++;
				else discordant++;
			}
		}
	}
	const pairs = (n * (n - 1)) / 2;
	const denominator = Math.sqrt((pairs - tiedX) * (pairs - tiedY));
	if (denominator === 0) return { value: null, n, reason: 'one variable is constant' };
	return { value: Math.max(-1, Math.min(1, (concordant - discordant) / denominator)), n };
}
