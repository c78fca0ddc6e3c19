import { averageRanks } from './average-ranks.ts';
import { checkPaired } from './check-paired.ts';
import type { Correlation } from './types.ts';

/**
 * Spearman's ρ: Pearson's correlation of the average ranks of x and y (ties share their mean rank),
 * as scipy.stats.spearmanr. Null with a reason for fewer than 2 pairs or a constant variable.
 * Reference: Spearman (1904); Kendall & Gibbons (1990) §2.
 */
export function spearman(x: readonly number[], y: readonly number[]): Correlation {
	checkPaired('spearman', x, y);
	const n = x.length;
	if (n < 2) return { value: null, n, reason: 'needs at least 2 pairs' };
	const rx = averageRanks(x);
	const ry = averageRanks(y);
	const mean = (n + 1) / 2;
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < n; i++) {
		const dx = rx[i] - mean;
		const dy = ry[i] - mean;
		sxy += dx * dy;
		sxx += dx * dx;
		syy += dy * dy;
	}
	if (sxx === 0 || syy === 0) return { value: null, n, reason: 'one variable is constant' };
	return { value: Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))), n };
}
