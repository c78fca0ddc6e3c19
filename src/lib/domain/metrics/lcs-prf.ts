import type { Prf } from './types.ts';

/**
 * ROUGE-L precision = LCS / |prediction|, recall = LCS / |reference|, F1 = 2PR / (P + R); all 0 when
 * either side has no tokens. Reference: rouge-score `_score_lcs` and `scoring.fmeasure`.
 */
export function lcsPrf(lcs: number, referenceLength: number, predictionLength: number): Prf {
	if (referenceLength === 0 || predictionLength === 0) return { precision: 0, recall: 0, f1: 0 };
	const precision = lcs / predictionLength;
	const recall = lcs / referenceLength;
	const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
	return { precision, recall, f1 };
}
