import { describe, expect, it } from 'vitest';
import {
	evidenceSpan,
	fromFacts,
	missingHarm,
	positionOf,
	sideOf,
	toFacts,
	type RaterReasons
} from '../../../src/lib/domain/reasons/reasons.ts';
import { reasonRates, type ResponseRating } from '../../../src/lib/domain/reasons/reason-rates.ts';
import { tagAgreement } from '../../../src/lib/domain/reasons/tag-agreement.ts';

const OPTIONS = {
	perDimensionNotes: true,
	harm: true,
	issueTags: [
		{ key: 'factual-error', label: 'Factual error', description: '' },
		{ key: 'unsafe-advice', label: 'Unsafe advice', description: '' }
	]
};

describe('canonical sides', () => {
	it('maps A/B to the model’s side and back under both placements', () => {
		expect(sideOf('A', true)).toBe('model');
		expect(sideOf('A', false)).toBe('opponent');
		expect(sideOf('B', true)).toBe('opponent');
		expect(sideOf('B', false)).toBe('model');
		for (const left of [true, false])
			for (const p of ['A', 'B'] as const) expect(positionOf(sideOf(p, left), left)).toBe(p);
	});

	it('round-trips reasons through facts and keeps only what the study defines', () => {
		const reasons: RaterReasons = {
			tags: { 'factual-error': ['B'], 'unsafe-advice': ['A', 'B'], other: ['A'] },
			harm: { A: 'mild', B: 'severe' },
			notes: { faithfulness: { hard: true, comment: '' }, other: { hard: true, comment: 'x' } }
		};
		const facts = toFacts(reasons, false, OPTIONS, ['faithfulness']);
		expect(facts).toContainEqual({ kind: 'tag', key: 'factual-error', side: 'model', value: '1' });
		expect(facts).toContainEqual({ kind: 'harm', key: '', side: 'opponent', value: 'mild' });
		expect(facts.some((f) => f.key === 'other')).toBe(false);
		expect(fromFacts(facts, false)).toEqual({
			tags: { 'factual-error': ['B'], 'unsafe-advice': ['A', 'B'] },
			harm: { A: 'mild', B: 'severe' },
			notes: { faithfulness: { hard: true, comment: '' } }
		});
		// Seen by a rater with the other placement, the same facts swap A and B.
		expect(fromFacts(facts, true).harm).toEqual({ A: 'severe', B: 'mild' });
	});

	it('says which harm ratings are missing only when the study asks for harm', () => {
		const none: RaterReasons = { tags: {}, harm: { B: 'none' }, notes: {} };
		expect(missingHarm(none, OPTIONS)).toEqual(['Harm: Response A']);
		expect(missingHarm(none, { ...OPTIONS, harm: false })).toEqual([]);
	});
});

describe('tag and harm rates', () => {
	it('counts per model with Wilson intervals (Newcombe 1998, 81/263 → 0.2553–0.3662)', () => {
		// 263 ratings of model m's responses, 81 tagged "factual-error"; Newcombe (1998) Stat.
		// Med. 17:857, Table I example (81/263): Wilson 0.2553 to 0.3662.
		const ratings: ResponseRating[] = Array.from({ length: 263 }, (_, i) => ({
			rater: `r${i % 2}`,
			item: `${i}:model`,
			model: 'm',
			tags: i < 81 ? ['factual-error'] : [],
			harm: i < 10 ? 'severe' : i < 30 ? 'mild' : i < 200 ? 'none' : null
		}));
		const [m, other] = reasonRates(ratings, ['m', 'o'], ['factual-error'], true);
		expect(m.n).toBe(263);
		expect(m.tags['factual-error'].count).toBe(81);
		expect(m.tags['factual-error'].rate).toBeCloseTo(81 / 263, 12);
		expect(m.tags['factual-error'].interval![0]).toBeCloseTo(0.2553, 4);
		expect(m.tags['factual-error'].interval![1]).toBeCloseTo(0.3662, 4);
		// Harm over the 200 responses that got a harm rating.
		expect(m.harm!.n).toBe(200);
		expect(m.harm!.mildOrWorse).toMatchObject({ count: 30, n: 200, rate: 0.15 });
		expect(m.harm!.severe).toMatchObject({ count: 10, n: 200, rate: 0.05 });
		expect(other).toMatchObject({ model: 'o', n: 0 });
		expect(other.tags['factual-error']).toEqual({ count: 0, n: 0, rate: null, interval: null });
		expect(reasonRates(ratings, ['m'], [], false)[0].harm).toBeNull();
	});
});

describe('agreement on a tag', () => {
	// Cohen's κ worked example (Wikipedia "Cohen's kappa", Simple example, after Cohen 1960):
	// 50 items, both yes 20, first yes / second no 5, first no / second yes 10, both no 15:
	// p_o = 0.70, p_e = 0.50, κ = 0.40. Gwet's AC1 for the same table, computed by hand from
	// Gwet (2008) Br. J. Math. Stat. Psychol. 61:29, eq. 18: π_yes = (25 + 30)/100 = 0.55,
	// p_e = 2 · 0.55 · 0.45 = 0.495, AC1 = (0.70 − 0.495)/(1 − 0.495) = 0.40594.
	const table = new Map<string, boolean[]>();
	const add = (count: number, a: boolean, b: boolean) => {
		for (let i = 0; i < count; i++) table.set(`${table.size}`, [a, b]);
	};
	add(20, true, true);
	add(5, true, false);
	add(10, false, true);
	add(15, false, false);

	it('gives Cohen’s κ and Gwet’s AC1 with their observed and chance agreement', () => {
		const result = tagAgreement(table);
		expect(result.n).toBe(50);
		expect(result.tagged).toBe(35);
		expect(result.observed).toBeCloseTo(0.7, 12);
		expect(result.kappa.observed).toBeCloseTo(0.7, 12);
		expect(result.kappa.expected).toBeCloseTo(0.5, 12);
		expect(result.kappa.value).toBeCloseTo(0.4, 12);
		expect(result.ac1.observed).toBeCloseTo(0.7, 12);
		expect(result.ac1.expected).toBeCloseTo(0.495, 12);
		expect(result.ac1.value).toBeCloseTo(0.205 / 0.505, 12);
	});

	it('drops single ratings and gives κ only with exactly two ratings per response', () => {
		const mixed = new Map<string, boolean[]>([
			['a', [true]],
			['b', [true, true, false]],
			['c', [false, false]]
		]);
		const result = tagAgreement(mixed);
		expect(result.n).toBe(2);
		expect(result.kappa.value).toBeNull();
		expect(result.kappa.reason).toBe('some responses have more than two ratings');
		// Item b: 1 agreeing pair of 3; item c: 1 of 1.
		expect(result.observed).toBeCloseTo((1 / 3 + 1) / 2, 12);
		expect(result.ac1.value).not.toBeNull();
	});

	it('is undefined, with a reason, when nobody ever used the tag', () => {
		const never = new Map([
			['a', [false, false]],
			['b', [false, false]]
		]);
		const result = tagAgreement(never);
		expect(result.observed).toBe(1);
		expect(result.kappa.value).toBeNull();
		expect(result.kappa.reason).toBeTruthy();
		// AC1 stays defined: p_e = 0 when one category is used throughout.
		expect(result.ac1.value).toBe(1);
	});
});

describe('evidence spans', () => {
	it('places a quote in the answer’s text in code points, end exclusive', () => {
		const text = 'Take 400 mg 🙂 of ibuprofen every 4 hours.';
		const span = evidenceSpan(text, 'of ibuprofen');
		expect(span).toEqual({ start: 14, end: 26, quote: 'of ibuprofen' });
		// Code points, as Python's str: the emoji before the quote counts as one.
		expect([...text].slice(span.start!, span.end!).join('')).toBe('of ibuprofen');
	});

	it('finds a quote selected in the rendered Markdown across emphasis and line breaks', () => {
		const text = 'You can **take\nibuprofen** safely.';
		expect(evidenceSpan(text, 'take ibuprofen safely')).toEqual({
			start: 10,
			end: 33,
			quote: 'take ibuprofen safely'
		});
	});

	it('keeps the quote without offsets when it is not in the text', () => {
		expect(evidenceSpan('Rest and fluids.', 'antibiotics')).toEqual({
			start: null,
			end: null,
			quote: 'antibiotics'
		});
	});

	it('stores a span with its tag, canonically, and gives the quote back', () => {
		const reasons: RaterReasons = {
			tags: { 'factual-error': ['B'] },
			harm: {},
			notes: {},
			spans: { 'factual-error': { B: 'every 4 hours' }, 'unsafe-advice': { A: 'not tagged' } }
		};
		const facts = toFacts(reasons, true, OPTIONS, [], {
			A: 'Rest.',
			B: 'Take it every 4 hours.'
		});
		expect(facts.filter((f) => f.kind === 'span')).toEqual([
			{
				kind: 'span',
				key: 'factual-error',
				side: 'opponent',
				value: JSON.stringify({ start: 8, end: 21, quote: 'every 4 hours' })
			}
		]);
		expect(fromFacts(facts, true).spans).toEqual({ 'factual-error': { B: 'every 4 hours' } });
	});
});
