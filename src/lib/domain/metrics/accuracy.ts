import { qaAnswerReader } from './qa-answer.ts';
import type { QaExtract } from './types.ts';

/**
 * Accuracy (0–1): the share of examples whose answer, read from the prediction by `extract`
 * (default `exact`: the whole string), equals the reference after trimming, ignoring case.
 * Reference: BenchHealth §3 "Matching" (classification accuracy for QA); docs/methods.md §8.2.
 * Throws on no examples, where accuracy is undefined.
 */
export function accuracy(
	pairs: readonly { prediction: string; reference: string }[],
	extract: QaExtract = { rule: 'exact' }
): number {
	if (pairs.length === 0) throw new RangeError('accuracy: no examples, accuracy is undefined');
	const answer = qaAnswerReader(extract);
	let correct = 0;
	for (const { prediction, reference } of pairs) {
		if (answer(prediction, reference) === reference.trim().toLowerCase()) correct++;
	}
	return correct / pairs.length;
}
