/**
 * Bias checks (issue #16 §5) against independent computations: test/fixtures/bias/reference.json
 * is written by test/fixtures/bias/make_reference.py (statsmodels 0.13.5 and FastChat's own
 * regular expressions in Python), and the Challenger fit is also checked against its published
 * values.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lengthBias } from '../../../src/lib/domain/bias/length-bias.ts';
import { styleFeatures } from '../../../src/lib/domain/bias/style-features.ts';
import {
	styleControlledBradleyTerry,
	type StyledOutcome
} from '../../../src/lib/domain/bias/style-controlled-bt.ts';
import { logisticFit, waldP } from '../../../src/lib/domain/stats/logistic-fit.ts';
import { tablesReport } from '../../../src/lib/domain/stats/tables-report.ts';

type Style = { length: number; headers: number; lists: number; bold: number };
type Reference = {
	challenger: {
		temperature: number[];
		distress: number[];
		coefficients: number[];
		standard_errors: number[];
		log_likelihood: number;
		pvalues: number[];
	};
	style_features: (Style & { text: string })[];
	style_bt: {
		rows: {
			prompt: string;
			model: string;
			opponent: string;
			outcome: 'win' | 'tie' | 'loss';
			model_style: Style;
			opponent_style: Style;
		}[];
		fit: { log_strength: Record<string, number>; beta: Record<string, number> };
	};
	wilson_8_of_10: [number, number];
	length_logistic: {
		n: number;
		coefficients: number[];
		standard_errors: number[];
		pvalues: number[];
		longer_wins: number;
		decisive: number;
	};
};
const reference = JSON.parse(
	readFileSync(new URL('../../fixtures/bias/reference.json', import.meta.url), 'utf8')
) as Reference;

const styled: StyledOutcome[] = reference.style_bt.rows.map((r) => ({
	prompt: r.prompt,
	model: r.model,
	opponent: r.opponent,
	dimension: 'd',
	outcome: r.outcome,
	modelStyle: r.model_style,
	opponentStyle: r.opponent_style
}));

describe('logistic fit', () => {
	const { temperature, distress } = reference.challenger;
	const x = Float64Array.from(temperature.flatMap((t) => [1, t]));

	// Challenger O-ring data (Dalal, Fowlkes & Hoadley 1989, JASA 84:945): the published ML fit
	// of "any thermal distress" on launch temperature is logit(π) = 15.043 − 0.2322·x with
	// standard errors 7.379 and 0.1082 (Agresti, An Introduction to Categorical Data Analysis).
	it('reproduces the published Challenger fit', () => {
		const fit = logisticFit(x, distress, 2);
		if (!fit.ok) throw new Error(fit.reason);
		expect(fit.coefficients[0]).toBeCloseTo(15.043, 3);
		expect(fit.coefficients[1]).toBeCloseTo(-0.2322, 4);
		expect(fit.standardErrors[0]).toBeCloseTo(7.379, 3);
		expect(fit.standardErrors[1]).toBeCloseTo(0.1082, 4);
	});

	it('matches statsmodels Logit on the same data to 1e-8', () => {
		const fit = logisticFit(x, distress, 2);
		if (!fit.ok) throw new Error(fit.reason);
		const ref = reference.challenger;
		for (let k = 0; k < 2; k++) {
			expect(fit.coefficients[k]).toBeCloseTo(ref.coefficients[k], 8);
			expect(fit.standardErrors[k]).toBeCloseTo(ref.standard_errors[k], 8);
		}
		expect(fit.logLikelihood).toBeCloseTo(ref.log_likelihood, 9);
		// Wald p of the slope: Φ by a Chebyshev erfc, relative error < 1.2e-7.
		expect(waldP(fit.coefficients[1], fit.standardErrors[1])).toBeCloseTo(ref.pvalues[1], 6);
	});

	it('treats weights as repeated observations', () => {
		const weights = temperature.map((_, i) => (i % 3) + 1);
		const repeated = temperature.flatMap((t, i) => Array<number>(weights[i]).fill(t));
		const labels = distress.flatMap((d, i) => Array<number>(weights[i]).fill(d));
		const a = logisticFit(x, distress, 2, weights);
		const b = logisticFit(Float64Array.from(repeated.flatMap((t) => [1, t])), labels, 2);
		if (!a.ok || !b.ok) throw new Error('fit failed');
		expect(a.coefficients[1]).toBeCloseTo(b.coefficients[1], 10);
		expect(a.standardErrors[1]).toBeCloseTo(b.standardErrors[1], 10);
	});

	it('refuses separated data instead of returning huge coefficients', () => {
		const fit = logisticFit(Float64Array.from([1, 1, 1, 2, 1, 3, 1, 4]), [0, 0, 1, 1], 2);
		expect(fit).toEqual({
			ok: false,
			reason: 'the outcomes are separated by the covariates; the estimate does not exist'
		});
	});
});

describe('style features (FastChat count_markdown_elements)', () => {
	for (const [i, expected] of reference.style_features.entries()) {
		it(`counts text ${i + 1} as Python's re does`, () => {
			const { text, ...counts } = expected;
			expect(styleFeatures(text)).toEqual(counts);
		});
	}

	it('counts characters as code points, not UTF-16 units', () => {
		expect(styleFeatures('胸痛😷').length).toBe(3);
	});
});

describe('length bias', () => {
	it('matches statsmodels Logit and counts the longer answer’s wins', () => {
		const rows = styled.map((r) => ({
			outcome: r.outcome,
			modelLength: r.modelStyle.length,
			opponentLength: r.opponentStyle.length
		}));
		const bias = lengthBias('all', rows);
		const ref = reference.length_logistic;
		expect(bias.longer_wins).toBe(ref.longer_wins);
		expect(bias.decisive).toBe(ref.decisive);
		expect(bias.logistic!.n).toBe(ref.n);
		expect(bias.logistic!.intercept).toBeCloseTo(ref.coefficients[0], 8);
		expect(bias.logistic!.slope).toBeCloseTo(ref.coefficients[1], 8);
		expect(bias.logistic!.slope_se).toBeCloseTo(ref.standard_errors[1], 8);
		expect(bias.logistic!.p).toBeCloseTo(ref.pvalues[1], 6);
		expect(bias.logistic!.odds_ratio).toBeCloseTo(Math.exp(ref.coefficients[1]), 10);
	});

	it('gives the Wilson interval of the longer answer’s win rate', () => {
		// 8 of 10 decisive judgments won by the longer answer: Wilson (1927) 95 % interval as
		// statsmodels proportion_confint(8, 10, method="wilson").
		const rows = [
			...Array(8).fill({ outcome: 'win', modelLength: 500, opponentLength: 300 }),
			...Array(2).fill({ outcome: 'loss', modelLength: 500, opponentLength: 300 }),
			{ outcome: 'tie', modelLength: 500, opponentLength: 300 },
			{ outcome: 'win', modelLength: 400, opponentLength: 400 }
		];
		const bias = lengthBias('J1', rows);
		expect(bias).toMatchObject({ n: 12, ties: 1, equal_length: 1, decisive: 10, longer_wins: 8 });
		expect(bias.longer_win_rate).toBe(0.8);
		expect(bias.wilson95![0]).toBeCloseTo(reference.wilson_8_of_10[0], 12);
		expect(bias.wilson95![1]).toBeCloseTo(reference.wilson_8_of_10[1], 12);
	});
});

describe('style-controlled Bradley–Terry', () => {
	it('matches a statsmodels GLM fit of the same model to 1e-7', () => {
		const [ranking] = styleControlledBradleyTerry(styled).rankings;
		const ref = reference.style_bt.fit;
		for (const model of ranking.models) {
			expect(model.log_strength).toBeCloseTo(ref.log_strength[model.model], 7);
		}
		for (const c of ranking.coefficients) expect(c.beta).toBeCloseTo(ref.beta[c.feature], 7);
		expect(ranking.coefficients.map((c) => c.feature)).toEqual([
			'length',
			'headers',
			'lists',
			'bold'
		]);
	});

	it('equals the plain Bradley–Terry fit when no style feature differs', () => {
		const same = { length: 100, headers: 1, lists: 2, bold: 0 };
		const plain = styled.map((r) => ({ ...r, modelStyle: same, opponentStyle: same }));
		const [ranking] = styleControlledBradleyTerry(plain).rankings;
		const [bt] = tablesReport(plain).bradley_terry;
		expect(ranking.coefficients).toEqual([]);
		expect(ranking.notes).toContain('length: the same in every pair, left out of the model');
		for (const model of bt.models) {
			const controlled = ranking.models.find((m) => m.model === model.model)!;
			expect(controlled.log_strength).toBeCloseTo(model.log_strength!, 8);
		}
	});

	it('gives seeded bootstrap intervals around the estimate', () => {
		const bootstrap = { B: 60, seed: 42 };
		const first = styleControlledBradleyTerry(styled, { bootstrap });
		const again = styleControlledBradleyTerry(styled, { bootstrap });
		expect(again).toEqual(first);
		expect(first.signature).toBe(
			'style-control:features=length+headers+lists+bold,diff=(a-b)/(a+b+1),scale=rms,ties=half|bootstrap:B=60,seed=42,cluster=prompt'
		);
		for (const model of first.rankings[0].models) {
			const [lo, hi] = model.bootstrap95_elo!;
			expect(lo).toBeLessThan(model.elo!);
			expect(hi).toBeGreaterThan(model.elo!);
		}
		const length = first.rankings[0].coefficients[0];
		expect(length.bootstrap95![0]).toBeLessThan(length.beta);
		expect(length.bootstrap95![1]).toBeGreaterThan(length.beta);
	});
});
