import { describe, expect, it } from 'vitest';
import { CHOICES, toChoice, toOutcome } from '../../../src/lib/domain/blinding/choice.ts';

describe('displayed choice ↔ canonical outcome', () => {
	it('maps "A better" to a win only when the model is shown as A', () => {
		expect(toOutcome('A', true)).toBe('win');
		expect(toOutcome('A', false)).toBe('loss');
		expect(toOutcome('B', true)).toBe('loss');
		expect(toOutcome('B', false)).toBe('win');
		expect(toOutcome('tie', true)).toBe('tie');
		expect(toOutcome('tie', false)).toBe('tie');
	});

	it('toChoice inverts toOutcome under both placements', () => {
		for (const modelOnLeft of [true, false])
			for (const choice of CHOICES)
				expect(toChoice(toOutcome(choice, modelOnLeft), modelOnLeft)).toBe(choice);
	});
});
