import { cohenKappa } from './cohen-kappa.ts';
import { fleissKappaGeneralized } from './fleiss-kappa-generalized.ts';
import { fleissKappa } from './fleiss-kappa.ts';
import { gwetAc } from './gwet-ac.ts';
import { krippendorffAlpha } from './krippendorff-alpha.ts';
import { percentAgreement } from './percent-agreement.ts';
import { scottPi } from './scott-pi.ts';
import type { StatisticsLayout } from './statistics-layout.ts';
import type { Estimate } from './types.ts';

/** Every coefficient of the agreement report, by flat key (bootstrap intervals use the same). */
export const COEFFICIENT_KEYS = [
	'percent_agreement',
	'cohen_kappa.unweighted',
	'cohen_kappa.linear',
	'cohen_kappa.quadratic',
	'scott_pi',
	'fleiss_kappa',
	'fleiss_kappa_generalized',
	'krippendorff_alpha.nominal',
	'krippendorff_alpha.ordinal',
	'krippendorff_alpha.interval',
	'krippendorff_alpha.ratio',
	'gwet_ac1',
	'gwet_ac2.linear',
	'gwet_ac2.quadratic'
] as const;

export type CoefficientKey = (typeof COEFFICIENT_KEYS)[number];

export type CoefficientContext = {
	layout: StatisticsLayout;
	identity: Float64Array;
	linear: Float64Array;
	quadratic: Float64Array;
	/** Category positions 0..q−1. */
	positions: Float64Array;
	/** The user's numeric category values, or null (interval then uses positions; no ratio). */
	values: Float64Array | null;
	/** The common number of ratings of pairable items, or null when it varies (Fleiss' κ). */
	ratingsPerItem: number | null;
	/** Why Cohen's κ and Scott's π are not computed (not exactly two raters), or null. */
	noCohen: string | null;
};

const undefinedEstimate = (reason: string): Estimate => ({
	value: null,
	observed: null,
	expected: null,
	reason
});

/**
 * All agreement coefficients from one summed row of sufficient statistics (layout in
 * statistics-layout.ts); the point estimate and every bootstrap resample go through here.
 */
export function agreementCoefficients(
	total: Float64Array,
	context: CoefficientContext
): Record<CoefficientKey, Estimate> {
	const { layout, values } = context;
	const { q } = layout;
	const items = total[layout.items];
	const pairable = total[layout.pairable];
	const pi = total.subarray(layout.pi, layout.pi + q);
	const coincidence = total.subarray(layout.coincidence, layout.coincidence + q * q);
	const share = (w: number) => total[layout.pa + w];

	let cohen: Estimate[];
	let scott: Estimate;
	if (context.noCohen !== null) {
		const none = undefinedEstimate(context.noCohen);
		cohen = [none, none, none];
		scott = none;
	} else {
		const table = total.subarray(layout.cohen, layout.cohen + q * q);
		cohen = [context.identity, context.linear, context.quadratic].map((w) =>
			cohenKappa(table, q, w)
		);
		scott = scottPi(table, q);
	}

	let ratio: Estimate;
	if (values === null) ratio = undefinedEstimate('the ratio level needs numeric category values');
	else if (values.some((v) => v < 0)) {
		ratio = undefinedEstimate('the ratio level needs category values ≥ 0');
	} else ratio = krippendorffAlpha(coincidence, 'ratio', values);

	return {
		percent_agreement: percentAgreement(share(0), pairable),
		'cohen_kappa.unweighted': cohen[0],
		'cohen_kappa.linear': cohen[1],
		'cohen_kappa.quadratic': cohen[2],
		scott_pi: scott,
		fleiss_kappa: fleissKappa(
			share(0),
			pairable,
			total.subarray(layout.totals, layout.totals + q),
			context.ratingsPerItem
		),
		fleiss_kappa_generalized: fleissKappaGeneralized(share(0), pairable, pi, items),
		'krippendorff_alpha.nominal': krippendorffAlpha(coincidence, 'nominal', context.positions),
		'krippendorff_alpha.ordinal': krippendorffAlpha(coincidence, 'ordinal', context.positions),
		'krippendorff_alpha.interval': krippendorffAlpha(
			coincidence,
			'interval',
			values ?? context.positions
		),
		'krippendorff_alpha.ratio': ratio,
		gwet_ac1: gwetAc(share(0), pairable, pi, items, context.identity),
		'gwet_ac2.linear': gwetAc(share(1), pairable, pi, items, context.linear),
		'gwet_ac2.quadratic': gwetAc(share(2), pairable, pi, items, context.quadratic)
	};
}
