import type { Column, Row, Table } from '../export/table.ts';
import { roundTo } from '../stats/round-to.ts';
import type { BradleyTerryRanking, Interval } from '../stats/types.ts';
import { wilsonInterval } from '../stats/wilson-interval.ts';
import type { PositionBias } from '../study-stats/position-bias.ts';
import type { LengthBias } from './length-bias.ts';
import type { StyleControlReport } from './style-controlled-bt.ts';

const right = (key: string, label: string, group?: string): Column => ({
	key,
	label,
	align: 'right',
	group
});

/** Position bias per rater: A / B / ties, share of A with its Wilson interval, sign-test p. */
export function positionBiasTable(rows: readonly PositionBias[]): Table {
	return {
		caption: 'Position bias: share of “A better” among non-tie choices (exact binomial test)',
		columns: [
			{ key: 'rater', label: 'Rater' },
			right('a', 'A'),
			right('b', 'B'),
			right('ties', 'Ties'),
			right('share_a', 'Share A'),
			right('lo', 'low', 'Wilson 95% CI'),
			right('hi', 'high', 'Wilson 95% CI'),
			right('p', 'p')
		],
		rows: rows.map((r) => {
			const ci = wilsonInterval(r.a, r.a + r.b);
			return {
				rater: r.rater,
				a: r.a,
				b: r.b,
				ties: r.ties,
				share_a: roundTo(r.shareA, 4),
				lo: roundTo(ci?.[0], 4),
				hi: roundTo(ci?.[1], 4),
				p: roundTo(r.p, 4)
			};
		})
	};
}

/** Length bias per rater and overall. */
export function lengthBiasTable(rows: readonly LengthBias[]): Table {
	return {
		caption:
			'Length bias: the longer answer’s win rate among decisive choices (Wilson 95% CI) and the odds ratio of winning per 100 more characters (logistic fit, Wald 95% CI)',
		columns: [
			{ key: 'group', label: 'Rater' },
			right('decisive', 'Decisive'),
			right('ties', 'Ties'),
			right('longer_win_rate', 'Longer wins'),
			right('rate_lo', 'low', 'Wilson 95% CI'),
			right('rate_hi', 'high', 'Wilson 95% CI'),
			right('odds_ratio', 'OR / 100 chars'),
			right('or_lo', 'low', 'Wald 95% CI'),
			right('or_hi', 'high', 'Wald 95% CI'),
			right('p', 'p')
		],
		rows: rows.map((r) => ({
			group: r.group,
			decisive: r.decisive,
			ties: r.ties,
			longer_win_rate: roundTo(r.longer_win_rate, 4),
			rate_lo: roundTo(r.wilson95?.[0], 4),
			rate_hi: roundTo(r.wilson95?.[1], 4),
			odds_ratio: roundTo(r.logistic?.odds_ratio, 4),
			or_lo: roundTo(r.logistic?.odds_ratio_ci95[0], 4),
			or_hi: roundTo(r.logistic?.odds_ratio_ci95[1], 4),
			p: roundTo(r.logistic?.p, 4)
		}))
	};
}

/** The plain and the style-controlled Bradley–Terry ranking side by side, per dimension. */
export function styleControlTable(
	style: StyleControlReport,
	plain: readonly BradleyTerryRanking[]
): Table {
	const rows: Row[] = [];
	for (const ranking of style.rankings) {
		const before = plain.find((r) => r.dimension === ranking.dimension);
		for (const model of ranking.models) {
			const p = before?.models.find((m) => m.model === model.model);
			rows.push({
				dimension: ranking.dimension ?? '',
				model: model.model,
				elo: roundTo(p?.elo, 1),
				elo_lo: roundTo(p?.bootstrap95_elo?.[0], 1),
				elo_hi: roundTo(p?.bootstrap95_elo?.[1], 1),
				elo_style: roundTo(model.elo, 1),
				style_lo: roundTo(model.bootstrap95_elo?.[0], 1),
				style_hi: roundTo(model.bootstrap95_elo?.[1], 1)
			});
		}
	}
	return {
		caption: 'Bradley–Terry ranking, plain and with style control (length, headers, lists, bold)',
		columns: [
			{ key: 'dimension', label: 'Dimension' },
			{ key: 'model', label: 'Model' },
			right('elo', 'Elo', 'Plain'),
			right('elo_lo', 'low', 'Plain'),
			right('elo_hi', 'high', 'Plain'),
			right('elo_style', 'Elo', 'Style-controlled'),
			right('style_lo', 'low', 'Style-controlled'),
			right('style_hi', 'high', 'Style-controlled')
		],
		rows,
		signature: style.signature
	};
}

/** The style coefficients per dimension. */
export function styleCoefficientsTable(style: StyleControlReport): Table {
	return {
		caption: 'Style coefficients: log-odds of winning per root-mean-square normalised difference',
		columns: [
			{ key: 'dimension', label: 'Dimension' },
			{ key: 'feature', label: 'Covariate' },
			right('beta', 'β'),
			right('lo', 'low', 'Bootstrap 95% CI'),
			right('hi', 'high', 'Bootstrap 95% CI')
		],
		rows: style.rankings.flatMap((ranking) =>
			ranking.coefficients.map((c) => ({
				dimension: ranking.dimension ?? '',
				feature: c.feature,
				beta: roundTo(c.beta, 4),
				lo: roundTo(c.bootstrap95?.[0], 4),
				hi: roundTo(c.bootstrap95?.[1], 4)
			}))
		)
	};
}

type LongRow = {
	check: 'position' | 'length' | 'style';
	rater: string | null;
	dimension: string | null;
	model: string | null;
	statistic: string;
	estimate: number | null;
	ci: Interval | null | undefined;
	n: number | null;
	p: number | null;
};

/** Every bias figure in one long table (the CSV export), at full precision. */
export function biasLongTable(
	position: readonly PositionBias[],
	length: readonly LengthBias[],
	style: StyleControlReport | null,
	plain: readonly BradleyTerryRanking[]
): Table {
	const rows: LongRow[] = [];
	for (const r of position) {
		rows.push({
			check: 'position',
			rater: r.rater,
			dimension: null,
			model: null,
			statistic: 'share_a',
			estimate: r.shareA,
			ci: wilsonInterval(r.a, r.a + r.b),
			n: r.a + r.b,
			p: r.p
		});
	}
	for (const r of length) {
		const base = { check: 'length', rater: r.group, dimension: null, model: null } as const;
		rows.push({
			...base,
			statistic: 'longer_win_rate',
			estimate: r.longer_win_rate,
			ci: r.wilson95,
			n: r.decisive,
			p: null
		});
		if (r.logistic) {
			rows.push({
				...base,
				statistic: 'odds_ratio_per_100_chars',
				estimate: r.logistic.odds_ratio,
				ci: r.logistic.odds_ratio_ci95,
				n: r.logistic.n,
				p: r.logistic.p
			});
		}
	}
	for (const ranking of style?.rankings ?? []) {
		const before = plain.find((r) => r.dimension === ranking.dimension);
		for (const model of ranking.models) {
			const p = before?.models.find((m) => m.model === model.model);
			const base = {
				check: 'style',
				rater: null,
				dimension: ranking.dimension,
				model: model.model
			} as const;
			rows.push({
				...base,
				statistic: 'elo',
				estimate: p?.elo ?? null,
				ci: p?.bootstrap95_elo,
				n: p?.n ?? null,
				p: null
			});
			rows.push({
				...base,
				statistic: 'elo_style_controlled',
				estimate: model.elo,
				ci: model.bootstrap95_elo,
				n: ranking.n,
				p: null
			});
		}
		for (const c of ranking.coefficients) {
			rows.push({
				check: 'style',
				rater: null,
				dimension: ranking.dimension,
				model: null,
				statistic: `beta_${c.feature}`,
				estimate: c.beta,
				ci: c.bootstrap95,
				n: ranking.n,
				p: null
			});
		}
	}
	return {
		caption: 'Bias checks (position, length, style), one row per figure',
		columns: [
			'check',
			'rater',
			'dimension',
			'model',
			'statistic',
			'estimate',
			'ci_low',
			'ci_high',
			'n',
			'p'
		].map((key) => ({ key, label: key })),
		rows: rows.map((r) => ({
			check: r.check,
			rater: r.rater,
			dimension: r.dimension,
			model: r.model,
			statistic: r.statistic,
			estimate: r.estimate,
			ci_low: r.ci?.[0] ?? null,
			ci_high: r.ci?.[1] ?? null,
			n: r.n,
			p: r.p
		})),
		signature: style?.signature
	};
}
