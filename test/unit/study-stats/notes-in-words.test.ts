/** The statistics' diagnostic notes in words (issue 17 items 1 and 2). */
import { describe, expect, it } from 'vitest';
import {
	agreementNotesInWords,
	listInWords,
	rankingResampleNote
} from '../../../src/lib/domain/study-stats/notes-in-words.ts';

const shown = new Set(['percent_agreement', 'fleiss_kappa', 'gwet_ac1']);

describe('agreementNotesInWords', () => {
	it('folds resample notes into one sentence with display names, and counts the ones not shown', () => {
		const words = agreementNotesInWords(
			[
				'fleiss_kappa: undefined in 10 of 1000 bootstrap resamples, which the interval leaves out',
				'gwet_ac1: undefined in 3 of 1000 bootstrap resamples, which the interval leaves out',
				'scott_pi: undefined in 10 of 1000 bootstrap resamples, which the interval leaves out'
			],
			shown
		);
		expect(words!.summary).toBe(
			'The intervals of Fleiss’ κ and Gwet’s AC1 leave out up to 10 of 1000 resamples in which the coefficient is undefined; 1 more note on coefficients only in the export.'
		);
		expect(words!.details).toHaveLength(3);
		expect(words!.details[0]).toMatch(/^Fleiss’ κ: undefined in 10 of 1000 bootstrap resamples/);
		expect(words!.details.join(' ')).not.toMatch(/fleiss_kappa|gwet_ac1|scott_pi/);
	});

	it('names coefficients that cannot be computed, with their reason in the details', () => {
		const words = agreementNotesInWords(
			['fleiss_kappa: items have different numbers of ratings'],
			shown
		);
		expect(words!.summary).toBe('Fleiss’ κ cannot be computed here (details below).');
		expect(words!.details).toEqual(['Fleiss’ κ: items have different numbers of ratings']);
	});

	it('is null without notes, or with notes only on coefficients the page does not show', () => {
		expect(agreementNotesInWords([], shown)).toBeNull();
		expect(
			agreementNotesInWords(
				['scott_pi: undefined in 10 of 1000 bootstrap resamples, which the interval leaves out'],
				shown
			)
		).toBeNull();
	});
});

describe('small helpers', () => {
	it('lists in words', () => {
		expect([[], ['a'], ['a', 'b'], ['a', 'b', 'c']].map(listInWords)).toEqual([
			'',
			'a',
			'a and b',
			'a, b and c'
		]);
	});
	it('puts the Bradley–Terry resample note in words and leaves other notes alone', () => {
		expect(
			rankingResampleNote(
				'bradley_terry: strengths not estimable in 12 of 1000 bootstrap resamples, which the intervals leave out'
			)
		).toBe(
			'In 12 of 1000 bootstrap resamples the strengths could not be estimated (a model won or lost everything there); the intervals are taken over the other 988.'
		);
		expect(
			rankingResampleNote('bradley_terry: the maximum-likelihood strengths diverge')
		).toBeNull();
	});
});
