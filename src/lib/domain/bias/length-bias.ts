import { logisticFit, waldInterval, waldP } from '../stats/logistic-fit.ts';
import type { Interval, OutcomeLabel } from '../stats/types.ts';
import { wilsonInterval } from '../stats/wilson-interval.ts';

/** One judgment (or final label) with the lengths of the two answers compared. */
export type LengthRow = {
	outcome: OutcomeLabel;
	modelLength: number;
	opponentLength: number;
};

/** Length difference unit of the logistic fit: 100 characters (or length units offline). */
export const LENGTH_UNIT = 100;

export type LengthLogistic = {
	n: number;
	intercept: number;
	/** Log-odds of `model` winning per LENGTH_UNIT more characters than its opponent. */
	slope: number;
	slope_se: number;
	slope_ci95: Interval;
	odds_ratio: number;
	odds_ratio_ci95: Interval;
	p: number;
};

export type LengthBias = {
	/** A rater pseudonym, "all raters" or "final labels". */
	group: string;
	n: number;
	ties: number;
	/** Decisive judgments between answers of the same length (left out of the rate). */
	equal_length: number;
	/** Decisive judgments between answers of different lengths: the rate's denominator. */
	decisive: number;
	longer_wins: number;
	longer_win_rate: number | null;
	wilson95: Interval | null;
	logistic: LengthLogistic | null;
	notes: string[];
};

/**
 * Length bias of one rater (or of a pool): the share of decisive judgments won by the longer
 * answer, with a Wilson 95 % interval (about ½ expected when length does not sway the rater and
 * length is unrelated to quality), and a logistic fit of "model won" on the length difference
 * (model − opponent, per LENGTH_UNIT characters) with an intercept, over decisive judgments,
 * with Wald 95 % intervals (Agresti 2013, Categorical Data Analysis, 3rd ed., §5.2). Ties are
 * counted, not modelled. Cf. the length analyses of Dubois et al. (2024), "Length-controlled
 * AlpacaEval", arXiv:2404.04475. Longer answers can also simply be better: this measures
 * association, not bias proved.
 */
export function lengthBias(group: string, rows: readonly LengthRow[]): LengthBias {
	let ties = 0;
	let equal = 0;
	let longerWins = 0;
	let decisive = 0;
	const x: number[] = [];
	const y: number[] = [];
	for (const row of rows) {
		if (row.outcome === 'tie') {
			ties++;
			continue;
		}
		const won = row.outcome === 'win';
		const difference = row.modelLength - row.opponentLength;
		x.push(1, difference / LENGTH_UNIT);
		y.push(won ? 1 : 0);
		if (difference === 0) {
			equal++;
			continue;
		}
		decisive++;
		if (won === difference > 0) longerWins++;
	}
	const notes: string[] = [];
	let logistic: LengthLogistic | null = null;
	if (y.length >= 2) {
		const fit = logisticFit(Float64Array.from(x), y, 2);
		if (fit.ok) {
			const slope = fit.coefficients[1];
			const se = fit.standardErrors[1];
			const ci = waldInterval(slope, se);
			logistic = {
				n: y.length,
				intercept: fit.coefficients[0],
				slope,
				slope_se: se,
				slope_ci95: ci,
				odds_ratio: Math.exp(slope),
				odds_ratio_ci95: [Math.exp(ci[0]), Math.exp(ci[1])],
				p: waldP(slope, se)
			};
		} else notes.push(`logistic fit: ${fit.reason}`);
	} else notes.push('logistic fit: fewer than two decisive judgments');
	return {
		group,
		n: rows.length,
		ties,
		equal_length: equal,
		decisive,
		longer_wins: longerWins,
		longer_win_rate: decisive ? longerWins / decisive : null,
		wilson95: wilsonInterval(longerWins, decisive),
		logistic,
		notes
	};
}
