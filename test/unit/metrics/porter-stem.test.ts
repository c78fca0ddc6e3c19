import { describe, expect, it } from 'vitest';
import { porterStem } from '../../../src/lib/domain/metrics/porter-stem.ts';
import fixture from '../../fixtures/metrics/porter-stems.json' with { type: 'json' };

describe('porterStem', () => {
	// Porter (1980), "An algorithm for suffix stripping", the examples printed with each rule.
	it.each([
		['caresses', 'caress'],
		['ponies', 'poni'],
		['cats', 'cat'],
		['feed', 'feed'],
		['agreed', 'agre'],
		['plastered', 'plaster'],
		['motoring', 'motor'],
		['hopping', 'hop'],
		['relational', 'relat'],
		['conditional', 'condit'],
		['generalizations', 'gener'],
		['oscillators', 'oscil']
	])('stems %s to %s as the paper (via NLTK) does', (word, stem) => {
		expect(porterStem(word)).toBe(stem);
	});

	// NLTK_EXTENSIONS behaviour that differs from the original paper (nltk/stem/porter.py).
	it.each([
		['dies', 'die'], // 4-letter -ies
		['spied', 'spi'],
		['died', 'die'],
		['sky', 'sky'], // irregular form
		['dying', 'die'],
		['enjoy', 'enjoy'], // y after a vowel stays
		['happy', 'happi'],
		['Sky', 'ski'], // the irregular table is looked up before lower-casing
		['by', 'by'] // two letters are not stemmed
	])('NLTK extension: %s → %s', (word, stem) => {
		expect(porterStem(word)).toBe(stem);
	});

	it(`matches NLTK ${fixture.nltk} PorterStemmer on all ${fixture.count} fixture words`, () => {
		const mismatches = fixture.pairs
			.map(([word, stem]) => ({ word, want: stem, got: porterStem(word) }))
			.filter(({ want, got }) => want !== got);
		expect(mismatches).toEqual([]);
		expect(fixture.pairs.length).toBeGreaterThan(5000);
	});
});
