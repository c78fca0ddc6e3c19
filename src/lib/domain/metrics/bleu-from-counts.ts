import type { BleuScore } from './types.ts';

const MAX_ORDER = 4;

// sacreBLEU's my_log: log(0) is taken as -9999999999 so that the score underflows to 0.
function myLog(x: number): number {
	return x === 0 ? -9999999999 : Math.log(x);
}

/**
 * BLEU-4 (0–100) from corpus sufficient statistics, as sacreBLEU's `BLEU.compute_bleu` with
 * `smooth_method='exp'` and no effective order: precisions 100·c_n/t_n, an order with no match gets
 * 100 / (2^k · t_n) with k counting such orders (NIST mteval-v13a "exp" smoothing, Chen & Cherry
 * 2014 method 3), brevity penalty exp(1 − r/c) when c < r, score BP · exp(Σ log p_n / 4); 0 when
 * nothing matches. Reference: Papineni et al. (2002); mjpost/sacrebleu `metrics/bleu.py`.
 */
export function bleuFromCounts(
	counts: readonly number[],
	totals: readonly number[],
	sysLen: number,
	refLen: number
): BleuScore {
	let bp = 1;
	if (sysLen < refLen) bp = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;
	const precisions = new Array<number>(MAX_ORDER).fill(0);
	const result = { counts: [...counts], totals: [...totals], precisions, bp, sysLen, refLen };
	if (!counts.some((count) => count !== 0)) return { score: 0, ...result };

	let smooth = 1;
	for (let n = 0; n < MAX_ORDER; n++) {
		if (totals[n] === 0) break;
		if (counts[n] === 0) {
			smooth *= 2;
			precisions[n] = 100 / (smooth * totals[n]);
		} else precisions[n] = (100 * counts[n]) / totals[n];
	}
	let logSum = 0;
	for (const p of precisions) logSum += myLog(p);
	return { score: bp * Math.exp(logSum / MAX_ORDER), ...result };
}
