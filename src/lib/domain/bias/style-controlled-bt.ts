import { createRandom } from '../random.ts';
import { logisticFit } from '../stats/logistic-fit.ts';
import { percentileInterval } from '../stats/percentile-interval.ts';
import { resampleCounts } from '../stats/resample-counts.ts';
import type { BootstrapOptions, Interval, Outcome } from '../stats/types.ts';
import { STYLE_FEATURES, type StyleFeature, type StyleFeatures } from './style-features.ts';

/** A final outcome with the style features of both answers. */
export type StyledOutcome = Outcome & { modelStyle: StyleFeatures; opponentStyle: StyleFeatures };

export type StyleControlModel = {
	model: string;
	log_strength: number | null;
	elo: number | null;
	bootstrap95_elo?: Interval | null;
};

export type StyleCoefficient = {
	feature: StyleFeature;
	/** Change in log-odds of winning per root-mean-square of the normalised difference. */
	beta: number;
	bootstrap95?: Interval | null;
};

export type StyleControlRanking = {
	dimension: string | null;
	n: number;
	models: StyleControlModel[];
	coefficients: StyleCoefficient[];
	notes: string[];
};

export type StyleControlReport = { signature: string; rankings: StyleControlRanking[] };

const elo = (logStrength: number) => 1000 + (400 / Math.LN10) * logStrength;
const SCORE = { win: 1, tie: 0.5, loss: 0 } as const;

export function styleControlSignature(bootstrap?: BootstrapOptions | null): string {
	const b = bootstrap
		? `bootstrap:B=${bootstrap.B},seed=${bootstrap.seed},cluster=prompt`
		: 'bootstrap:none';
	return `style-control:features=${STYLE_FEATURES.join('+')},diff=(a-b)/(a+b+1),scale=rms,ties=half|${b}`;
}

/**
 * Style-controlled Bradley–Terry per dimension, as FastChat's Chatbot Arena ranking "with style
 * control" (lm-sys/FastChat, fastchat/serve/monitor/elo_analysis.py `construct_style_matrices`;
 * LMSYS blog "Does style matter?", 2024-08-28; Li et al. 2024): a logistic model
 * P(model beats opponent) = σ(θ_model − θ_opponent + Σ_k β_k z_k) over final outcomes, ties as ½
 * (ARCHITECTURE §5), where z_k is the difference of feature k between the two answers normalised
 * as (a − b)/(a + b + 1) and scaled to unit root mean square. FastChat also subtracts the mean,
 * which is ≈ 0 in the Arena because sides are random; medpair's canonical orientation is not
 * random, so centring would act as an intercept for the candidate side and is left out. A
 * feature that never differs is dropped (with a note). Log-strengths are centred at 0; Elo-style
 * points as the plain ranking. Unregularised maximum likelihood (FastChat adds a small L2 term).
 */
export function styleControlledBradleyTerry(
	outcomes: readonly StyledOutcome[],
	options: { bootstrap?: BootstrapOptions | null } = {}
): StyleControlReport {
	const { bootstrap } = options;
	const byDimension = new Map<string | null, StyledOutcome[]>();
	for (const outcome of outcomes) {
		const key = outcome.dimension ?? null;
		let list = byDimension.get(key);
		if (!list) byDimension.set(key, (list = []));
		list.push(outcome);
	}
	const rankings = [...byDimension].map(([dimension, rows]) => rank(dimension, rows, bootstrap));
	return { signature: styleControlSignature(bootstrap), rankings };
}

function rank(
	dimension: string | null,
	rows: StyledOutcome[],
	bootstrap: BootstrapOptions | null | undefined
): StyleControlRanking {
	const modelIndex = new Map<string, number>();
	for (const row of rows) {
		if (!modelIndex.has(row.model)) modelIndex.set(row.model, modelIndex.size);
		if (!modelIndex.has(row.opponent)) modelIndex.set(row.opponent, modelIndex.size);
	}
	const names = [...modelIndex.keys()];
	const m = names.length;
	const n = rows.length;
	const notes: string[] = [];

	const raw = STYLE_FEATURES.map((feature) =>
		rows.map((row) => {
			const a = row.modelStyle[feature];
			const b = row.opponentStyle[feature];
			return (a - b) / (a + b + 1);
		})
	);
	const kept: { feature: StyleFeature; values: number[]; rms: number }[] = [];
	STYLE_FEATURES.forEach((feature, k) => {
		const values = raw[k];
		const rms = Math.sqrt(values.reduce((s, v) => s + v * v, 0) / Math.max(1, n));
		if (rms > 0) kept.push({ feature, values, rms });
		else notes.push(`${feature}: the same in every pair, left out of the model`);
	});
	const p = m - 1 + kept.length;
	const x = new Float64Array(n * p);
	const y = new Float64Array(n);
	rows.forEach((row, i) => {
		const a = modelIndex.get(row.model)!;
		const b = modelIndex.get(row.opponent)!;
		if (a > 0) x[i * p + a - 1] = 1;
		if (b > 0) x[i * p + b - 1] = -1;
		kept.forEach((covariate, k) => {
			x[i * p + m - 1 + k] = covariate.values[i] / covariate.rms;
		});
		y[i] = SCORE[row.outcome];
	});

	const strengths = (coefficients: Float64Array) => {
		const theta = [0, ...coefficients.subarray(0, m - 1)];
		const mean = theta.reduce((s, t) => s + t, 0) / m;
		return theta.map((t) => t - mean);
	};
	const fit =
		m >= 2 ? logisticFit(x, y, p) : ({ ok: false, reason: 'fewer than two models' } as const);
	if (!fit.ok) {
		notes.push(`style-controlled strengths not estimable: ${fit.reason}`);
		return {
			dimension,
			n,
			models: names.map((model) => ({ model, log_strength: null, elo: null })),
			coefficients: [],
			notes
		};
	}
	const theta = strengths(fit.coefficients);
	const models: StyleControlModel[] = names.map((model, i) => ({
		model,
		log_strength: theta[i],
		elo: elo(theta[i])
	}));
	const coefficients: StyleCoefficient[] = kept.map((covariate, k) => ({
		feature: covariate.feature,
		beta: fit.coefficients[m - 1 + k]
	}));

	if (bootstrap) {
		const promptIndex = new Map<string, number>();
		const rowPrompt = rows.map((row) => {
			let at = promptIndex.get(row.prompt);
			if (at === undefined) promptIndex.set(row.prompt, (at = promptIndex.size));
			return at;
		});
		const random = createRandom(bootstrap.seed);
		const counts = new Int32Array(promptIndex.size);
		const weights = new Float64Array(n);
		const thetaDraws = names.map((): number[] => []);
		const betaDraws = kept.map((): number[] => []);
		let failed = 0;
		for (let b = 0; b < bootstrap.B; b++) {
			resampleCounts(promptIndex.size, random, counts);
			for (let i = 0; i < n; i++) weights[i] = counts[rowPrompt[i]];
			const draw = logisticFit(x, y, p, weights, fit.coefficients);
			if (!draw.ok) {
				failed++;
				continue;
			}
			strengths(draw.coefficients).forEach((t, i) => thetaDraws[i].push(t));
			kept.forEach((_, k) => betaDraws[k].push(draw.coefficients[m - 1 + k]));
		}
		models.forEach((model, i) => {
			const interval = percentileInterval(thetaDraws[i]);
			model.bootstrap95_elo = interval && [elo(interval[0]), elo(interval[1])];
		});
		coefficients.forEach((c, k) => (c.bootstrap95 = percentileInterval(betaDraws[k])));
		if (failed > 0)
			notes.push(
				`style control: not estimable in ${failed} of ${bootstrap.B} bootstrap resamples, which the intervals leave out`
			);
	}
	models.sort((a, b) => b.log_strength! - a.log_strength!);
	return { dimension, n, models, coefficients, notes };
}
