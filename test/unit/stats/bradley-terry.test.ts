import { describe, expect, it } from 'vitest';
import { bradleyTerry } from '../../../src/lib/domain/stats/bradley-terry.ts';
import { bradleyTerryFit } from '../../../src/lib/domain/stats/bradley-terry-fit.ts';
import type { Outcome, OutcomeLabel } from '../../../src/lib/domain/stats/types.ts';
import { reference } from './helpers.ts';

const games = (
	model: string,
	opponent: string,
	labels: OutcomeLabel[],
	dimension = 'd'
): Outcome[] =>
	labels.map((outcome, i) => ({
		prompt: `${model}-${opponent}-${i}`,
		model,
		opponent,
		dimension,
		outcome
	}));

describe('Bradley–Terry', () => {
	// Two models: the MLE solves p = W/N exactly, so θ_a − θ_b = ln(W/L) (Bradley & Terry 1952).
	it('gives ln(3)/2 and −ln(3)/2 for 3 wins and 1 loss', () => {
		const [ranking] = bradleyTerry(games('a', 'b', ['win', 'win', 'win', 'loss']));
		const [a, b] = ranking.models;
		expect(a.model).toBe('a');
		expect(a.log_strength).toBeCloseTo(Math.log(3) / 2, 12);
		expect(b.log_strength).toBeCloseTo(-Math.log(3) / 2, 12);
		// Elo = 1000 + 400·log10(e)·θ: a 3:1 odds gap is 400·log10(3) points.
		expect(a.elo! - b.elo!).toBeCloseTo(400 * Math.log10(3), 10);
		expect(a.elo! + b.elo!).toBeCloseTo(2000, 10);
	});

	it('counts a tie as half a win each way', () => {
		// 1 win, 2 ties, 0 losses → 2 points to 1 → θ_a − θ_b = ln 2.
		const [ranking] = bradleyTerry(games('a', 'b', ['win', 'tie', 'tie']));
		expect(ranking.models[0].log_strength! - ranking.models[1].log_strength!).toBeCloseTo(
			Math.LN2,
			12
		);
		expect(ranking.models[0]).toMatchObject({ n: 3, wins: 1, ties: 2, losses: 0 });
		expect(ranking.notes).toEqual([]);
	});

	// make_reference.py fits the same likelihood as a binomial GLM in statsmodels.
	it('equals a statsmodels binomial-GLM fit on 4 models with ties', () => {
		const data = reference.bradley_terry_glm;
		const [ranking] = bradleyTerry(data.outcomes);
		for (const [i, name] of (data.models as string[]).entries()) {
			const model = ranking.models.find((m) => m.model === name)!;
			expect(model.log_strength).toBeCloseTo(data.log_strength[i], 8);
		}
		const sum = ranking.models.reduce((s, m) => s + m.log_strength!, 0);
		expect(sum).toBeCloseTo(0, 12);
		// Sorted strongest first.
		const strengths = ranking.models.map((m) => m.log_strength!);
		expect([...strengths].sort((x, y) => y - x)).toEqual(strengths);
	});

	it('says which model never loses or never wins instead of printing a huge number', () => {
		const [undefeated] = bradleyTerry([
			...games('a', 'b', ['win']),
			...games('b', 'c', ['win', 'loss'])
		]);
		expect(undefeated.models.every((m) => m.log_strength === null && m.elo === null)).toBe(true);
		expect(undefeated.notes[0]).toMatch(/^bradley_terry: the maximum-likelihood strengths diverge/);
		expect(undefeated.notes[0]).toContain('a won every comparison (no loss, no tie)');
		const [winless] = bradleyTerry([
			...games('a', 'b', ['win', 'loss']),
			...games('c', 'b', ['loss'])
		]);
		expect(winless.notes[0]).toContain('c lost every comparison');
		// A tie is half a win each way, so a model with a tie is not undefeated: a–b–c is a cycle.
		const [cycle] = bradleyTerry([
			...games('a', 'b', ['win', 'win']),
			...games('a', 'c', ['win', 'tie']),
			...games('b', 'c', ['loss', 'win'])
		]);
		expect(cycle.notes).toEqual([]);
		expect(cycle.models[0].model).toBe('a');
	});

	it('reports groups that never score against each other both ways', () => {
		// {a, b} beat {c, d} every time, though each group is internally balanced.
		const outcomes = [
			...games('a', 'b', ['win', 'loss']),
			...games('c', 'd', ['win', 'loss']),
			...games('a', 'c', ['win']),
			...games('b', 'd', ['win'])
		];
		const [ranking] = bradleyTerry(outcomes);
		expect(ranking.notes[0]).toContain('split into groups');
		expect(ranking.notes[0]).toContain('{a, b}');
		expect(ranking.notes[0]).toContain('{c, d}');
	});

	it('converges from a badly scaled start (strength gap of e^8)', () => {
		const points = Float64Array.from([0, 2980, 1, 0]);
		const fit = bradleyTerryFit(points, 2);
		expect(fit.ok).toBe(true);
		if (fit.ok) expect(fit.logStrength[0] - fit.logStrength[1]).toBeCloseTo(Math.log(2980), 10);
	});

	it('gives bootstrap intervals over prompts around the estimate', () => {
		const data = reference.bradley_terry_glm;
		const [ranking] = bradleyTerry(data.outcomes, { bootstrap: { B: 200, seed: 7 } });
		for (const model of ranking.models) {
			const [lo, hi] = model.bootstrap95_log_strength!;
			expect(lo).toBeLessThan(model.log_strength!);
			expect(hi).toBeGreaterThan(model.log_strength!);
			expect(model.bootstrap95_elo![0]).toBeCloseTo(1000 + (400 / Math.LN10) * lo, 9);
		}
	});
});
