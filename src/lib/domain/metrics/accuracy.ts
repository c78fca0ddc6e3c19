/**
 * Accuracy (0–1): the share of examples whose prediction equals the reference after trimming,
 * ignoring case. Reference: BenchHealth §3 "Matching" (classification accuracy for QA);
 * ARCHITECTURE.md §6. Throws on no examples, where accuracy is undefined.
 */
export function accuracy(pairs: readonly { prediction: string; reference: string }[]): number {
	if (pairs.length === 0) throw new RangeError('accuracy: no examples, accuracy is undefined');
	let correct = 0;
	for (const { prediction, reference } of pairs) {
		if (prediction.trim().toLowerCase() === reference.trim().toLowerCase()) correct++;
	}
	return correct / pairs.length;
}
