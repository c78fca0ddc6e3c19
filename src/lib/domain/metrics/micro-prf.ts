import type { MicroPrf } from './types.ts';

function labelSet(labels: string | readonly string[]): Set<string> {
	const set = new Set<string>();
	for (const label of typeof labels === 'string' ? [labels] : labels) {
		const key = label.trim().toLowerCase();
		if (key !== '') set.add(key);
	}
	return set;
}

/**
 * Micro precision / recall / F1 (0–1) over per-example label sets: TP = |pred ∩ ref|, FP = |pred ∖ ref|,
 * FN = |ref ∖ pred| summed over examples, P = TP/(TP+FP), R = TP/(TP+FN), F1 = 2PR/(P+R). Labels
 * (entity strings) are trimmed and compared case-insensitively; empty labels are dropped; a string
 * is a one-label set. A ratio with a zero denominator is 0, as scikit-learn's `zero_division=0`.
 * Reference: BenchHealth Table 1 (entity-level F1, micro F1); scikit-learn `precision_recall_fscore_support(average='micro')`.
 */
export function microPrf(
	pairs: readonly {
		prediction: string | readonly string[];
		reference: string | readonly string[];
	}[]
): MicroPrf {
	let tp = 0;
	let fp = 0;
	let fn = 0;
	for (const pair of pairs) {
		const predicted = labelSet(pair.prediction);
		const expected = labelSet(pair.reference);
		let hits = 0;
		for (const label of predicted) if (expected.has(label)) hits++;
		tp += hits;
		fp += predicted.size - hits;
		fn += expected.size - hits;
	}
	const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
	const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
	const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
	return { precision, recall, f1, tp, fp, fn };
}
