import type { Column, Row, Table } from '../export/table.ts';
import { roundTo } from './round-to.ts';
import type { AgreementResult, Components, Interval } from './types.ts';

const r4 = (value: number | null | undefined) => roundTo(value, 4);

/**
 * Readable tables of one dimension's agreement: the coefficients with observed and chance
 * agreement (disagreements D_o, D_e for α) and, with a bootstrap, the 95 % interval; then the
 * rater-pair table. For terminals and exports; `--json` carries the full-precision numbers.
 */
export function agreementTables(result: AgreementResult): Table[] {
	const ci = result.bootstrap?.ci95;
	const rows: Row[] = [];
	const add = (
		label: string,
		value: number | null,
		parts: Components | null,
		interval?: Interval | null
	) =>
		rows.push({
			coefficient: label,
			value: r4(value),
			observed: r4(parts?.observed),
			expected: r4(parts?.expected),
			ci_lo: r4(interval?.[0]),
			ci_hi: r4(interval?.[1])
		});
	const c = result.components;
	add(
		'Percent agreement',
		result.percent_agreement,
		{ observed: result.percent_agreement, expected: null },
		ci?.percent_agreement
	);
	if (result.cohen_kappa && c.cohen_kappa) {
		add(
			"Cohen's κ",
			result.cohen_kappa.unweighted,
			c.cohen_kappa.unweighted,
			ci?.cohen_kappa?.unweighted
		);
		add(
			"Cohen's κ, linear",
			result.cohen_kappa.linear,
			c.cohen_kappa.linear,
			ci?.cohen_kappa?.linear
		);
		add(
			"Cohen's κ, quadratic",
			result.cohen_kappa.quadratic,
			c.cohen_kappa.quadratic,
			ci?.cohen_kappa?.quadratic
		);
		add("Scott's π", result.scott_pi, c.scott_pi, ci?.scott_pi);
	}
	add("Fleiss' κ", result.fleiss_kappa, c.fleiss_kappa, ci?.fleiss_kappa);
	add(
		"Fleiss' κ, generalized (Gwet)",
		result.fleiss_kappa_generalized,
		c.fleiss_kappa_generalized,
		ci?.fleiss_kappa_generalized
	);
	for (const level of ['nominal', 'ordinal', 'interval', 'ratio'] as const) {
		add(
			`Krippendorff's α, ${level}`,
			result.krippendorff_alpha[level],
			c.krippendorff_alpha[level],
			ci?.krippendorff_alpha[level]
		);
	}
	add("Gwet's AC1", result.gwet_ac1, c.gwet_ac1, ci?.gwet_ac1);
	add("Gwet's AC2, linear", result.gwet_ac2.linear, c.gwet_ac2.linear, ci?.gwet_ac2.linear);
	add(
		"Gwet's AC2, quadratic",
		result.gwet_ac2.quadratic,
		c.gwet_ac2.quadratic,
		ci?.gwet_ac2.quadratic
	);

	const columns: Column[] = [
		{ key: 'coefficient', label: 'Coefficient' },
		{ key: 'value', label: 'Value', align: 'right' },
		{ key: 'observed', label: 'Observed (p_o or D_o)', align: 'right' },
		{ key: 'expected', label: 'Chance (p_e or D_e)', align: 'right' }
	];
	if (result.bootstrap) {
		const group = 'Bootstrap 95% CI';
		columns.push(
			{ key: 'ci_lo', label: 'low', align: 'right', group },
			{ key: 'ci_hi', label: 'high', align: 'right', group }
		);
	}
	const name = result.dimension ?? 'all ratings';
	const resampling = result.bootstrap
		? `; intervals from ${result.bootstrap.B} resamples of ${result.bootstrap.n_clusters} ${result.bootstrap.cluster}s`
		: '';
	const summary: Table = {
		caption: `Agreement: ${name} (${result.n_items} items, ${result.n_raters} raters, ${result.n_ratings} ratings, ${result.n_items_pairable} items with two or more ratings${resampling})`,
		columns,
		rows
	};
	const pairs: Table = {
		caption: `Rater pairs: ${name}`,
		columns: [
			{ key: 'rater_a', label: 'First rater' },
			{ key: 'rater_b', label: 'Second rater' },
			{ key: 'n_common', label: 'Common items', align: 'right' },
			{ key: 'percent_agreement', label: 'Agreement', align: 'right' },
			{ key: 'kappa', label: "Cohen's κ", align: 'right' },
			{ key: 'linear', label: 'κ linear', align: 'right' },
			{ key: 'quadratic', label: 'κ quadratic', align: 'right' },
			{ key: 'scott_pi', label: "Scott's π", align: 'right' }
		],
		rows: result.pairwise.map((pair) => ({
			rater_a: pair.rater_a,
			rater_b: pair.rater_b,
			n_common: pair.n_common,
			percent_agreement: r4(pair.percent_agreement),
			kappa: r4(pair.cohen_kappa.unweighted),
			linear: r4(pair.cohen_kappa.linear),
			quadratic: r4(pair.cohen_kappa.quadratic),
			scott_pi: r4(pair.scott_pi)
		}))
	};
	return result.pairwise.length > 0 ? [summary, pairs] : [summary];
}
