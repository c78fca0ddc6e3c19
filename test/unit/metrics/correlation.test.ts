import { describe, expect, it } from 'vitest';
import { averageRanks } from '../../../src/lib/domain/metrics/average-ranks.ts';
import { kendallTauB } from '../../../src/lib/domain/metrics/kendall-tau-b.ts';
import { spearman } from '../../../src/lib/domain/metrics/spearman.ts';
import fixture from '../../fixtures/metrics/correlations.json' with { type: 'json' };

describe('rank correlations', () => {
	it('average ranks share tied positions (scipy.stats.rankdata docstring: [0, 2, 3, 2] → [1, 2.5, 4, 2.5])', () => {
		expect(averageRanks([0, 2, 3, 2])).toEqual([1, 2.5, 4, 2.5]);
	});

	it('spearmanr docstring example: ρ([1..5], [5, 6, 7, 8, 7]) = 0.8207826816681233', () => {
		expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).value).toBeCloseTo(0.8207826816681233, 14);
	});

	it('kendalltau docstring example: τ_b([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) = −0.47140452079103173', () => {
		expect(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]).value).toBeCloseTo(
			-0.47140452079103173,
			14
		);
	});

	it(`matches ${fixture.source} on ${fixture.cases.length} vectors with ties`, () => {
		for (const c of fixture.cases) {
			expect(spearman(c.x, c.y)).toEqual({ value: expect.closeTo(c.spearman, 12), n: c.x.length });
			expect(kendallTauB(c.x, c.y)).toEqual({
				value: expect.closeTo(c.kendall, 12),
				n: c.x.length
			});
		}
	});

	it('is null with a reason when undefined, and refuses unpaired input', () => {
		expect(spearman([1], [2])).toEqual({ value: null, n: 1, reason: 'needs at least 2 pairs' });
		expect(kendallTauB([1, 1, 1], [1, 2, 3])).toEqual({
			value: null,
			n: 3,
			reason: 'one variable is constant'
		});
		expect(spearman([1, 2, 3], [4, 4, 4])).toEqual({
			value: null,
			n: 3,
			reason: 'one variable is constant'
		});
		expect(() => spearman([1, 2], [1])).toThrow('spearman: x has 2 values but y has 1');
		expect(() => kendallTauB([1, NaN], [1, 2])).toThrow(
			'kendallTauB: values must be finite numbers, got NaN'
		);
	});
});
