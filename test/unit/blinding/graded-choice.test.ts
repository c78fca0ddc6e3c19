/**
 * The 5-point scale (issue #16 §1): displayed graded choices ↔ the stored grade −2..2 from the
 * model's side, under both placements, and the collapsed outcome every table reads.
 */
import { describe, expect, it } from 'vitest';
import {
	CHOICES,
	GRADED_CHOICES,
	choiceLabel,
	choicesOf,
	gradeOutcome,
	storedGrade,
	toChoice,
	toGrade,
	toOutcome
} from '../../../src/lib/domain/blinding/choice.ts';
import { studyChoices } from '../../../src/lib/domain/blinding/study-choices.ts';

describe('graded choices', () => {
	it('grades "A much better" +2 when the model is A and −2 when it is B', () => {
		expect(toGrade('AA', true)).toBe(2);
		expect(toGrade('A', true)).toBe(1);
		expect(toGrade('tie', true)).toBe(0);
		expect(toGrade('B', true)).toBe(-1);
		expect(toGrade('BB', true)).toBe(-2);
		expect(toGrade('AA', false)).toBe(-2);
		expect(toGrade('A', false)).toBe(-1);
		expect(toGrade('tie', false)).toBe(0);
		expect(toGrade('B', false)).toBe(1);
		expect(toGrade('BB', false)).toBe(2);
	});

	it('collapses a graded choice to the outcome of its side', () => {
		expect(toOutcome('AA', true)).toBe('win');
		expect(toOutcome('AA', false)).toBe('loss');
		expect(toOutcome('BB', true)).toBe('loss');
		expect(toOutcome('BB', false)).toBe('win');
		for (const modelOnLeft of [true, false])
			for (const choice of GRADED_CHOICES)
				expect(gradeOutcome(toGrade(choice, modelOnLeft))).toBe(toOutcome(choice, modelOnLeft));
	});

	it('toChoice with the stored grade inverts toOutcome and toGrade under both placements', () => {
		for (const modelOnLeft of [true, false])
			for (const choice of GRADED_CHOICES)
				expect(
					toChoice(toOutcome(choice, modelOnLeft), modelOnLeft, toGrade(choice, modelOnLeft))
				).toBe(choice);
	});

	it('stores no grade on a 3-point study, whose choices read back as before', () => {
		for (const modelOnLeft of [true, false])
			for (const choice of CHOICES) {
				expect(storedGrade(choice, modelOnLeft, 3)).toBeNull();
				expect(toChoice(toOutcome(choice, modelOnLeft), modelOnLeft, null)).toBe(choice);
			}
		expect(storedGrade('A', false, 5)).toBe(-1);
	});

	it('names the radios as ARCHITECTURE §9 says, per scale', () => {
		expect(choicesOf(3).map((c) => choiceLabel(c, 3))).toEqual(['A better', 'Tie', 'B better']);
		expect(choicesOf(5).map((c) => choiceLabel(c, 5))).toEqual([
			'A much better',
			'A slightly better',
			'Tie',
			'B slightly better',
			'B much better'
		]);
	});

	it('keeps graded choices only on a 5-point study', () => {
		const dims = [{ key: 'faithfulness' }, { key: 'robustness' }];
		const sent = { faithfulness: 'AA', robustness: 'B' };
		expect({ ...studyChoices(sent, dims, 5) }).toEqual(sent);
		expect({ ...studyChoices(sent, dims, 3) }).toEqual({ robustness: 'B' });
		expect({ ...studyChoices(sent, dims) }).toEqual({ robustness: 'B' });
	});
});
