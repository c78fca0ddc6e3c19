import { extractOptionLetter } from './extract-option-letter.ts';
import type { QaExtract } from './types.ts';

const YES_NO_MAYBE = new Set(['yes', 'no', 'maybe']);
const FIRST_YES_NO_MAYBE = /\b(yes|no|maybe)\b/iu;

type Reader = (prediction: string, reference: string) => string | null;

/**
 * A reader of the answer a QA prediction gives, as it is compared with the reference (trimmed,
 * lower-cased); it returns null when the rule finds none, and a null answer is wrong.
 * `exact`: the whole prediction. `letter`: an option letter (extractOptionLetter) when the
 * reference is one letter A–J; the first "yes" / "no" / "maybe" when the reference is one of
 * those (PubMedQA); else the whole prediction. `regex`: the first match of the pattern, case
 * ignored, its first group if it has one. Reference: docs/methods.md §8.2.
 */
export function qaAnswerReader(extract: QaExtract): Reader {
	const whole: Reader = (prediction) => prediction.trim().toLowerCase();
	if (extract.rule === 'exact') return whole;
	if (extract.rule === 'regex') {
		const pattern = new RegExp(extract.pattern, 'iu');
		return (prediction) => {
			const match = pattern.exec(prediction);
			return match ? (match[1] ?? match[0]).trim().toLowerCase() : null;
		};
	}
	return (prediction, reference) => {
		const gold = reference.trim().toLowerCase();
		if (/^[a-j]$/u.test(gold)) return extractOptionLetter(prediction)?.toLowerCase() ?? null;
		if (YES_NO_MAYBE.has(gold))
			return FIRST_YES_NO_MAYBE.exec(prediction)?.[1].toLowerCase() ?? null;
		return whole(prediction, reference);
	};
}
