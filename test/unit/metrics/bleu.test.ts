import { describe, expect, it } from 'vitest';
import { bleuFromCounts } from '../../../src/lib/domain/metrics/bleu-from-counts.ts';
import { corpusBleu } from '../../../src/lib/domain/metrics/corpus-bleu.ts';
import { tokenize13a } from '../../../src/lib/domain/metrics/tokenize-13a.ts';
import { createRandom } from '../../../src/lib/domain/random.ts';
import bleuFixture from '../../fixtures/metrics/bleu.json' with { type: 'json' };
import tokenFixture from '../../fixtures/metrics/tokenize-13a.json' with { type: 'json' };

// sacreBLEU README example, asserted in mjpost/sacrebleu test/test_bleu.py (test_corpus_bleu_cases).
const README_REFS = [
	['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
	['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.']
];
const README_HYPS = [
	'The dog bit the man.',
	"It wasn't surprising.",
	'The man had just bitten him.'
];

describe('corpusBleu against sacreBLEU published test values', () => {
	it('README example with two reference streams: 48.530827 (test_bleu.py, to 1e-8)', () => {
		expect(Math.abs(corpusBleu(README_HYPS, README_REFS).score - 48.530827)).toBeLessThan(1e-6);
	});

	it('empty hypotheses are kept and score 0 (test_bleu.py)', () => {
		expect(corpusBleu(['', '', ''], README_REFS).score).toBe(0);
	});

	it('single reference, exp smoothing: 8.493 (test_sentence_bleu.py, issue #98)', () => {
		const score = corpusBleu(
			['Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;'],
			[['producţia de zahăr brut se exprimă în zahăr alb;']]
		);
		expect(Math.abs(score.score - 8.493)).toBeLessThan(1e-3);
	});

	it('no match at all scores 0 (test_sentence_bleu.py, issue #141)', () => {
		expect(corpusBleu(['this is a cat'], [['okay thanks']]).score).toBe(0);
	});

	it('statistics: counts [4,2,1,0], totals [6,5,4,3] (test_bleu.py test_case_statistics)', () => {
		const score = corpusBleu(
			['am I am a character sequence'],
			[['I am a symbol string sequence a a']]
		);
		expect(score.counts).toEqual([4, 2, 1, 0]);
		expect(score.totals).toEqual([6, 5, 4, 3]);
		expect(score.sysLen).toBe(6);
		expect(score.refLen).toBe(8);
		// exp smoothing of the zero 4-gram order: 100 / (2 · 3); BP = exp(1 − 8/6).
		expect(score.precisions[3]).toBeCloseTo(100 / 6, 12);
		expect(score.bp).toBeCloseTo(Math.exp(1 - 8 / 6), 15);
	});

	it('scoring from statistics: 0.8375922397 (test_bleu.py test_case_scoring)', () => {
		expect(
			Math.abs(bleuFromCounts([9, 7, 5, 3], [10, 8, 6, 4], 11, 11).score / 100 - 0.8375922397)
		).toBeLessThan(1e-8);
	});

	it('rejects a segment with no non-empty reference, as sacreBLEU does', () => {
		expect(() => corpusBleu(['a'], [['']])).toThrow('segment 1 has no non-empty reference');
		expect(() => corpusBleu(['a', 'b'], [['x']])).toThrow('1 segments for 2 hypotheses');
	});
});

describe('bleuFromCounts degenerate statistics', () => {
	it('exp smoothing doubles the divisor for each order without matches', () => {
		const score = bleuFromCounts([6, 0, 0, 0], [6, 5, 4, 3], 6, 6);
		expect(score.precisions).toEqual([100, 100 / 10, 100 / 16, 100 / 24]);
		const want = Math.exp(
			(Math.log(100) + Math.log(10) + Math.log(100 / 16) + Math.log(100 / 24)) / 4
		);
		expect(score.score).toBeCloseTo(want, 10);
	});
	it('no system output: BP 0, score 0', () => {
		const score = bleuFromCounts([0, 0, 0, 0], [0, 0, 0, 0], 0, 5);
		expect(score.bp).toBe(0);
		expect(score.score).toBe(0);
	});
	it('an order with no n-grams at all (hypothesis shorter than 4 tokens) gives ~0', () => {
		expect(bleuFromCounts([3, 2, 1, 0], [3, 2, 1, 0], 3, 3).score).toBe(0);
	});
});

describe(`tokenize13a against the sacreBLEU Tokenizer13a port (${tokenFixture.cases.length} lines)`, () => {
	it('splits every fixture line into the same tokens', () => {
		for (const c of tokenFixture.cases)
			expect(tokenize13a(c.line), JSON.stringify(c.line)).toEqual(c.tokens);
	});
	it('keeps decimals and thousands together and splits a dash after a digit', () => {
		expect(tokenize13a('It costs $3.50, i.e. 1,000 x 2-3.')).toEqual([
			'It',
			'costs',
			'$',
			'3.50',
			',',
			'i',
			'.',
			'e',
			'.',
			'1,000',
			'x',
			'2',
			'-',
			'3',
			'.'
		]);
	});
});

describe(`corpusBleu against the sacreBLEU port and NLTK ${bleuFixture.nltk} corpus_bleu`, () => {
	it.each(bleuFixture.corpora.map((c) => [c.name, c] as const))('%s', (_, c) => {
		const score = corpusBleu(c.hypotheses, [c.references]);
		expect(score.counts).toEqual(c.counts);
		expect(score.totals).toEqual(c.totals);
		expect(score.sysLen).toBe(c.sys_len);
		expect(score.refLen).toBe(c.ref_len);
		expect(score.bp).toBeCloseTo(c.bp, 14);
		expect(score.score).toBeCloseTo(c.score, 10);
		if ('nltk' in c && typeof c.nltk === 'number') expect(score.score).toBeCloseTo(c.nltk, 9);
	});
});

/** sacreBLEU's statistics the plain way (string-keyed n-gram counters), to check the fast path. */
function naiveStats(hyps: string[], streams: string[][]) {
	const ngrams = (tokens: string[]) => {
		const counter = new Map<string, number>();
		for (let n = 1; n <= 4; n++) {
			for (let i = 0; i + n <= tokens.length; i++) {
				const key = tokens.slice(i, i + n).join(' ');
				counter.set(key, (counter.get(key) ?? 0) + 1);
			}
		}
		return counter;
	};
	const counts = [0, 0, 0, 0];
	const totals = [0, 0, 0, 0];
	let refLen = 0;
	let sysLen = 0;
	hyps.forEach((hyp, i) => {
		const refs = streams.map((s) => tokenize13a(s[i]));
		const refMax = new Map<string, number>();
		for (const ref of refs) {
			for (const [g, c] of ngrams(ref)) refMax.set(g, Math.max(refMax.get(g) ?? 0, c));
		}
		const h = tokenize13a(hyp);
		for (const [g, c] of ngrams(h)) {
			const n = g.split(' ').length - 1;
			totals[n] += c;
			counts[n] += Math.min(c, refMax.get(g) ?? 0);
		}
		sysLen += h.length;
		const lengths = refs.map((r) => r.length);
		const best = Math.min(...lengths.map((l) => Math.abs(l - h.length)));
		refLen += Math.min(...lengths.filter((l) => Math.abs(l - h.length) === best));
	});
	return { counts, totals, sysLen, refLen };
}

describe('corpusBleu fast path against plain n-gram counting', () => {
	it('agrees on long, repetitive segments with several references (hash-table growth, clipping)', () => {
		const random = createRandom('bleu-naive');
		const sentence = (length: number, vocabulary: number) =>
			Array.from({ length }, () => `w${random.int(vocabulary)}`).join(' ');
		const lengths = [0, 1, 2, 3, 4, 5, 40, 700, 2500];
		const hyps = lengths.map((l, i) => sentence(l, i % 2 ? 6 : 300));
		const streams = [0, 1, 2].map(() =>
			lengths.map((l, i) => sentence(l + random.int(9) + 1, i % 2 ? 6 : 300))
		);
		const score = corpusBleu(hyps, streams);
		const want = naiveStats(hyps, streams);
		expect(score.counts).toEqual(want.counts);
		expect(score.totals).toEqual(want.totals);
		expect(score.sysLen).toBe(want.sysLen);
		expect(score.refLen).toBe(want.refLen);
	});

	it('takes the closest reference length, the shorter one on ties', () => {
		const score = corpusBleu(['a b c d e'], [['a b c d'], ['a b c d e f']]);
		expect(score.refLen).toBe(4);
	});
});
