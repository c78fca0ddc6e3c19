/**
 * A rater's choices keyed by dimension, limited to the study's dimensions. Keys come from form
 * fields and stored drafts (user-supplied strings), so the record has no prototype and is read
 * with own-property checks only: `__proto__` or `constructor` never stand for a choice.
 */
import { choicesOf, type Choice, type Scale } from './choice.ts';

/** Choices as a null-prototype record. */
export function choiceRecord(entries: Iterable<readonly [string, Choice]>): Record<string, Choice> {
	const record: Record<string, Choice> = Object.create(null);
	for (const [key, choice] of entries) record[key] = choice;
	return record;
}

/**
 * The valid choices for the study's dimensions on its scale; every other key is dropped, and so
 * is a graded choice ("A much better") on a 3-point study.
 */
export function studyChoices(
	choices: Readonly<Record<string, unknown>> | null | undefined,
	dimensions: readonly { key: string }[],
	scale: Scale = 3
): Record<string, Choice> {
	const valid = choicesOf(scale);
	const kept: Record<string, Choice> = Object.create(null);
	if (!choices) return kept;
	for (const { key } of dimensions) {
		const value = Object.hasOwn(choices, key) ? choices[key] : undefined;
		if (valid.includes(value as Choice)) kept[key] = value as Choice;
	}
	return kept;
}
