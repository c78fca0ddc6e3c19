import { goldAccuracy, type Accuracy, type GoldResult } from './gold-accuracy.ts';

/**
 * Accuracy on gold by part of the rater's queue: part q (0-based) holds the checks at positions
 * p with ⌊parts · p / length⌋ = q, so with parts = 4 the quarters of the queue in the order the
 * rater works through it. A falling accuracy is drift (fatigue, a changed reading of the rubric).
 */
export function goldDrift(
	results: readonly GoldResult[],
	queueLength: number,
	parts = 4
): Accuracy[] {
	const byPart: GoldResult[][] = Array.from({ length: parts }, () => []);
	if (queueLength > 0)
		for (const r of results) {
			const part = Math.min(parts - 1, Math.max(0, Math.floor((parts * r.position) / queueLength)));
			byPart[part].push(r);
		}
	return byPart.map(goldAccuracy);
}
