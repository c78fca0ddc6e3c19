import { describe, expect, it } from 'vitest';
import { escalationRates } from '../../../src/lib/domain/study-stats/escalation-rates.ts';
import { humanVsAutomatic } from '../../../src/lib/domain/study-stats/human-vs-automatic.ts';
import { intraRaterRatings } from '../../../src/lib/domain/study-stats/intra-rater.ts';
import { positionBias } from '../../../src/lib/domain/study-stats/position-bias.ts';
import {
	estimateHoursLeft,
	median
} from '../../../src/lib/domain/study-stats/progress-estimate.ts';
import { agreementReading } from '../../../src/lib/domain/study-stats/reading-aid.ts';
import { seniorAgreement } from '../../../src/lib/domain/study-stats/senior-agreement.ts';
import type { JudgmentRow } from '../../../src/lib/domain/study-stats/types.ts';
import type { ModelUsefulness } from '../../../src/lib/domain/metrics/types.ts';
import type { WinTieCell } from '../../../src/lib/domain/stats/types.ts';

const row = (over: Partial<JudgmentRow>): JudgmentRow => ({
	pairId: 1,
	prompt: 'q1',
	model: 'm',
	opponent: 'r',
	dimension: 'faithfulness',
	rater: 'J1',
	role: 'junior',
	stage: 'rating',
	outcome: 'win',
	modelOnLeft: true,
	isRepeat: false,
	hard: false,
	...over
});

describe('escalationRates', () => {
	it('counts, per dimension, fully rated pairs on which the juniors differ', () => {
		const rows = [
			row({ pairId: 1, rater: 'J1', outcome: 'win' }),
			row({ pairId: 1, rater: 'J2', outcome: 'tie' }),
			row({ pairId: 2, rater: 'J1', outcome: 'win' }),
			row({ pairId: 2, rater: 'J2', outcome: 'win' }),
			row({ pairId: 3, rater: 'J1', outcome: 'loss' }) // pair 3 is not complete
		];
		expect(escalationRates(rows, ['faithfulness'], new Set([1, 2]), new Set([1, 2]))).toEqual({
			pairs: 2,
			escalated: 2,
			overall: 1,
			byDimension: [{ dimension: 'faithfulness', differ: 1, rate: 0.5 }]
		});
		expect(escalationRates([], ['faithfulness'], new Set(), new Set()).overall).toBeNull();
	});
});

describe('positionBias', () => {
	it('translates canonical outcomes back to A/B and tests the share of A against 1/2', () => {
		// J1 picks A 9 times (6 wins with model left, 3 losses with model right) and B once.
		const rows = [
			...Array.from({ length: 6 }, () => row({ outcome: 'win', modelOnLeft: true })),
			...Array.from({ length: 3 }, () => row({ outcome: 'loss', modelOnLeft: false })),
			row({ outcome: 'win', modelOnLeft: false }),
			row({ outcome: 'tie' })
		];
		const [bias] = positionBias(rows);
		expect(bias).toMatchObject({ rater: 'J1', a: 9, b: 1, ties: 1, shareA: 0.9 });
		// Exact two-sided binomial: P(X ≥ 9 or X ≤ 1 | n = 10, p = ½) = 22/1024.
		expect(bias.p).toBeCloseTo(22 / 1024, 12);
	});
});

describe('seniorAgreement', () => {
	it('orders juniors by pseudonym number (J2 before J10), the one rater scheme', () => {
		const rows = ['J10', 'J2'].flatMap((rater) => [row({ rater, outcome: 'win' })]);
		rows.push(row({ rater: 'S1', role: 'senior', stage: 'independent', outcome: 'win' }));
		rows.push(row({ rater: 'S1', role: 'senior', stage: 'final', outcome: 'win' }));
		expect(seniorAgreement(rows).withJunior.map((j) => j.rater)).toEqual(['J2', 'J10']);
	});
	it('compares the independent judgment with each junior and their majority, and counts changes at Finalize', () => {
		const rows = [
			row({ rater: 'J1', outcome: 'win' }),
			row({ rater: 'J2', outcome: 'tie' }),
			row({ rater: 'S1', role: 'senior', stage: 'independent', outcome: 'win' }),
			row({ rater: 'S1', role: 'senior', stage: 'final', outcome: 'tie' }),
			row({ dimension: 'robustness', rater: 'J1', outcome: 'loss' }),
			row({ dimension: 'robustness', rater: 'J2', outcome: 'loss', hard: true }),
			row({
				dimension: 'robustness',
				rater: 'S1',
				role: 'senior',
				stage: 'independent',
				outcome: 'loss'
			}),
			row({ dimension: 'robustness', rater: 'S1', role: 'senior', stage: 'final', outcome: 'loss' })
		];
		expect(seniorAgreement(rows)).toEqual({
			n: 2,
			withJunior: [
				{ rater: 'J1', agree: 2, n: 2, rate: 1 },
				{ rater: 'J2', agree: 1, n: 2, rate: 0.5 }
			],
			withMajority: { agree: 1, n: 1, rate: 1 },
			changedAtFinal: { changed: 1, n: 2, rate: 0.5 }
		});
	});
});

describe('intraRaterRatings', () => {
	it('pairs each original with its repeat as two raters of one item', () => {
		const rows = [
			row({ outcome: 'win' }),
			row({ isRepeat: true, outcome: 'tie', modelOnLeft: false }),
			row({ pairId: 2, outcome: 'loss' })
		];
		expect(intraRaterRatings(rows)).toEqual([
			{ item: 'J1:1', rater: 'original', label: 'win', dimension: 'faithfulness', prompt: 'q1' },
			{ item: 'J1:1', rater: 'repeat', label: 'tie', dimension: 'faithfulness', prompt: 'q1' }
		]);
	});
});

describe('reading aid and progress estimate', () => {
	it('reads coefficients on the Landis & Koch (1977) scale', () => {
		expect([-0.1, 0.1, 0.3, 0.41, 0.7, 0.95, null].map(agreementReading)).toEqual([
			'worse than chance',
			'slight',
			'fair',
			'moderate',
			'substantial',
			'almost perfect',
			'undefined'
		]);
	});

	it('estimates time left from the recent pace, else from the median time per pair', () => {
		expect(median([3, 1, 2])).toBe(2);
		expect(median([4, 1, 2, 3])).toBe(2.5);
		expect(median([])).toBeNull();
		expect(
			estimateHoursLeft({
				remaining: 100,
				recentSubmissions: 50,
				windowHours: 2,
				medianSeconds: 60,
				ratersWithWork: 2
			})
		).toEqual({ hours: 4, basis: 'pace' });
		expect(
			estimateHoursLeft({
				remaining: 120,
				recentSubmissions: 0,
				windowHours: 2,
				medianSeconds: 60,
				ratersWithWork: 2
			})
		).toEqual({ hours: 1, basis: 'median' });
		expect(
			estimateHoursLeft({
				remaining: 0,
				recentSubmissions: 0,
				windowHours: 2,
				medianSeconds: null,
				ratersWithWork: 0
			})
		).toEqual({ hours: 0, basis: null });
	});
});

describe('humanVsAutomatic', () => {
	const cell = (model: string, wins: number, ties: number, losses: number): WinTieCell =>
		({
			model,
			opponent: 'ref',
			dimension: 'faithfulness',
			n: wins + ties + losses,
			wins,
			ties,
			losses,
			notes: []
		}) as unknown as WinTieCell;
	const usefulness = (model: string, faithfulness: number) =>
		({ model, faithfulness, robustness: null }) as unknown as ModelUsefulness;

	it('correlates pooled win+tie rates with the same-named automatic figure, from 3 models', () => {
		const cells = [cell('a', 8, 1, 1), cell('b', 5, 0, 5), cell('c', 1, 1, 8)];
		const [result] = humanVsAutomatic(
			cells,
			[usefulness('a', 90), usefulness('b', 70), usefulness('c', 75)],
			['faithfulness']
		);
		expect(result.models.map((m) => [m.model, m.human])).toEqual([
			['a', 0.9],
			['b', 0.5],
			['c', 0.2]
		]);
		// Ranks human (3,2,1) vs automatic (3,1,2): ρ = 1 − 6·2/(3·8) = 0.5, τ-b = (2 − 1)/3.
		expect(result.spearman).toBeCloseTo(0.5, 12);
		expect(result.kendall).toBeCloseTo(1 / 3, 12);
		expect(result.n).toBe(3);
	});

	it('refuses with a reason below 3 models', () => {
		const [result] = humanVsAutomatic(
			[cell('a', 1, 0, 0), cell('b', 0, 0, 1)],
			[usefulness('a', 1), usefulness('b', 2)],
			['faithfulness']
		);
		expect(result).toMatchObject({
			spearman: null,
			kendall: null,
			n: 2,
			reason: 'needs at least 3 models with both human and automatic results'
		});
	});
});
