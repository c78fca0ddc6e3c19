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

describe('Bradley–Terry convergence (issue #15, differential testing)', () => {
	// Score equations of the BT likelihood (Hunter 2004, eq. 3): for every model i,
	// points_i = Σ_j n_ij e^θi/(e^θi + e^θj), n_ij the games between i and j.
	function residuals(points: Float64Array, m: number, theta: Float64Array): number[] {
		return Array.from({ length: m }, (_, i) => {
			let r = 0;
			for (let j = 0; j < m; j++) {
				if (j === i) continue;
				const n = points[i * m + j] + points[j * m + i];
				r += points[i * m + j] - n / (1 + Math.exp(theta[j] - theta[i]));
			}
			return r;
		});
	}

	// A small seeded generator (mulberry32) so the datasets are fixed.
	function random(seed: number) {
		let a = seed >>> 0;
		return () => {
			a = (a + 0x6d2b79f5) >>> 0;
			let t = a;
			t = Math.imul(t ^ (t >>> 15), t | 1);
			t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		};
	}

	function pointsOf(outcomes: { model: string; opponent: string; outcome: string }[]) {
		const names = [...new Set(outcomes.flatMap((o) => [o.model, o.opponent]))];
		const m = names.length;
		const points = new Float64Array(m * m);
		for (const o of outcomes) {
			const i = names.indexOf(o.model);
			const j = names.indexOf(o.opponent);
			if (o.outcome === 'win') points[i * m + j] += 1;
			else if (o.outcome === 'loss') points[j * m + i] += 1;
			else {
				points[i * m + j] += 0.5;
				points[j * m + i] += 0.5;
			}
		}
		return { points, m };
	}

	function randomPoints(seed: number, m: number, games: number, spread: number) {
		const next = random(seed);
		const strength = Array.from({ length: m }, () => spread * (next() - 0.5));
		const points = new Float64Array(m * m);
		for (let g = 0; g < games; g++) {
			const i = Math.floor(next() * m);
			let j = Math.floor(next() * (m - 1));
			if (j >= i) j++;
			const p = 1 / (1 + Math.exp(strength[j] - strength[i]));
			const u = next();
			if (u < 0.15) {
				points[i * m + j] += 0.5;
				points[j * m + i] += 0.5;
			} else if (u < 0.15 + 0.85 * p) points[i * m + j] += 1;
			else points[j * m + i] += 1;
		}
		return points;
	}

	const datasets: [string, Float64Array, number][] = [
		[
			'statsmodels fixture',
			pointsOf(reference.bradley_terry_glm.outcomes).points,
			pointsOf(reference.bradley_terry_glm.outcomes).m
		],
		['3 models, lopsided 97 : 3', Float64Array.from([0, 97, 60, 3, 0, 40, 1, 2, 0]), 3],
		// Random tournaments (ties 15 %) where the former stopping rule (step size < 1e-11 after
		// ℓ-based step halving) left residuals of 1e-8 to 2e-6.
		...(
			[
				[2, 3, 1000, 2],
				[4, 10, 5400, 3],
				[7, 10, 5400, 3],
				[13, 10, 5400, 3],
				[15, 27, 5400, 3],
				[8, 4, 100000, 4]
			] as const
		).map(
			([seed, m, games, spread]) =>
				[
					`random ${seed}: ${m} models, ${games} games`,
					randomPoints(seed, m, games, spread),
					m
				] as [string, Float64Array, number]
		)
	];

	it.each(datasets)(
		'the score equations hold to 1e-12 at the returned point: %s',
		(_, points, m) => {
			const fit = bradleyTerryFit(points, m);
			if (!fit.ok) throw new Error('expected a fit');
			const games = points.reduce((sum, x) => sum + x, 0);
			for (const r of residuals(points, m, fit.logStrength)) {
				expect(Math.abs(r)).toBeLessThanOrEqual(1e-12 * Math.max(1, games));
			}
		}
	);
});
