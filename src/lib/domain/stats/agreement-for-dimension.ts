import {
	agreementCoefficients,
	COEFFICIENT_KEYS,
	type CoefficientContext,
	type CoefficientKey
} from './agreement-coefficients.ts';
import { agreementWeights } from './agreement-weights.ts';
import { bootstrapAgreement } from './bootstrap-agreement.ts';
import { clusterStatistics } from './cluster-statistics.ts';
import type { EncodedRatings } from './encode-ratings.ts';
import { pairwiseAgreement } from './pairwise-agreement.ts';
import { statisticsLayout } from './statistics-layout.ts';
import type { AgreementResult, BootstrapOptions, Components, Estimate, Interval } from './types.ts';

/**
 * The agreement report of one dimension (field definitions: ARCHITECTURE §5, issue #5):
 * per-item counts → per-cluster sufficient statistics → every coefficient from their sum,
 * plus rater-pair tables and, on request, cluster-bootstrap percentile intervals.
 */
export function agreementForDimension(
	ratings: EncodedRatings,
	dimension: string | null,
	options: { values?: readonly number[] | null; bootstrap?: BootstrapOptions | null }
): AgreementResult {
	const { q, itemStart, raters } = ratings;
	const nItems = ratings.nItems;
	const twoRaters = raters.length === 2;
	const layout = statisticsLayout(q, twoRaters);
	const identity = agreementWeights(q, 'identity');
	const linear = agreementWeights(q, 'linear');
	const quadratic = agreementWeights(q, 'quadratic');

	let low = Infinity;
	let high = 0;
	for (let i = 0; i < nItems; i++) {
		const n = itemStart[i + 1] - itemStart[i];
		if (n >= 2) {
			low = Math.min(low, n);
			high = Math.max(high, n);
		}
	}
	const context: CoefficientContext = {
		layout,
		identity,
		linear,
		quadratic,
		positions: Float64Array.from({ length: q }, (_, k) => k),
		values: options.values ? Float64Array.from(options.values) : null,
		ratingsPerItem: low === high ? low : null,
		noCohen: twoRaters
			? null
			: `defined for exactly two raters; this dimension has ${raters.length} (see pairwise)`
	};

	const total = clusterStatistics(ratings, layout, linear, quadratic, false);
	const estimates = agreementCoefficients(total, context);
	const value = (key: CoefficientKey) => estimates[key].value;
	const parts = (key: CoefficientKey): Components => ({
		observed: estimates[key].observed,
		expected: estimates[key].expected
	});

	const notes = notesFor(estimates);
	let bootstrap: AgreementResult['bootstrap'] = null;
	if (options.bootstrap) {
		const rows = clusterStatistics(ratings, layout, linear, quadratic, true);
		const { intervals, undefinedResamples } = bootstrapAgreement(rows, context, options.bootstrap);
		const ci = (key: CoefficientKey): Interval | null => intervals[key];
		for (const key of COEFFICIENT_KEYS) {
			const missing = undefinedResamples[key];
			if (missing > 0 && estimates[key].value !== null) {
				notes.push(
					`${key}: undefined in ${missing} of ${options.bootstrap.B} bootstrap resamples, which the interval leaves out`
				);
			}
		}
		bootstrap = {
			B: options.bootstrap.B,
			seed: options.bootstrap.seed,
			cluster: ratings.clustered ? 'prompt' : 'item',
			n_clusters: ratings.nClusters,
			ci95: {
				percent_agreement: ci('percent_agreement'),
				cohen_kappa: twoRaters
					? {
							unweighted: ci('cohen_kappa.unweighted'),
							linear: ci('cohen_kappa.linear'),
							quadratic: ci('cohen_kappa.quadratic')
						}
					: null,
				scott_pi: ci('scott_pi'),
				fleiss_kappa: ci('fleiss_kappa'),
				fleiss_kappa_generalized: ci('fleiss_kappa_generalized'),
				krippendorff_alpha: {
					nominal: ci('krippendorff_alpha.nominal'),
					ordinal: ci('krippendorff_alpha.ordinal'),
					interval: ci('krippendorff_alpha.interval'),
					ratio: ci('krippendorff_alpha.ratio')
				},
				gwet_ac1: ci('gwet_ac1'),
				gwet_ac2: { linear: ci('gwet_ac2.linear'), quadratic: ci('gwet_ac2.quadratic') }
			}
		};
	}

	return {
		dimension,
		n_items: nItems,
		n_raters: raters.length,
		n_ratings: ratings.rater.length,
		n_items_pairable: total[layout.pairable],
		percent_agreement: value('percent_agreement'),
		cohen_kappa: twoRaters
			? {
					unweighted: value('cohen_kappa.unweighted'),
					linear: value('cohen_kappa.linear'),
					quadratic: value('cohen_kappa.quadratic')
				}
			: null,
		scott_pi: value('scott_pi'),
		fleiss_kappa: value('fleiss_kappa'),
		fleiss_kappa_generalized: value('fleiss_kappa_generalized'),
		krippendorff_alpha: {
			nominal: value('krippendorff_alpha.nominal'),
			ordinal: value('krippendorff_alpha.ordinal'),
			interval: value('krippendorff_alpha.interval'),
			ratio: value('krippendorff_alpha.ratio')
		},
		gwet_ac1: value('gwet_ac1'),
		gwet_ac2: { linear: value('gwet_ac2.linear'), quadratic: value('gwet_ac2.quadratic') },
		pairwise: pairwiseAgreement(
			ratings,
			{ identity, linear, quadratic },
			twoRaters ? total.slice(layout.cohen, layout.cohen + q * q) : undefined
		),
		components: {
			cohen_kappa: twoRaters
				? {
						unweighted: parts('cohen_kappa.unweighted'),
						linear: parts('cohen_kappa.linear'),
						quadratic: parts('cohen_kappa.quadratic')
					}
				: null,
			scott_pi: twoRaters ? parts('scott_pi') : null,
			fleiss_kappa: parts('fleiss_kappa'),
			fleiss_kappa_generalized: parts('fleiss_kappa_generalized'),
			krippendorff_alpha: {
				nominal: parts('krippendorff_alpha.nominal'),
				ordinal: parts('krippendorff_alpha.ordinal'),
				interval: parts('krippendorff_alpha.interval'),
				ratio: parts('krippendorff_alpha.ratio')
			},
			gwet_ac1: parts('gwet_ac1'),
			gwet_ac2: { linear: parts('gwet_ac2.linear'), quadratic: parts('gwet_ac2.quadratic') }
		},
		bootstrap,
		notes
	};
}

/** One note per distinct reason, naming every coefficient it leaves undefined. */
function notesFor(estimates: Record<CoefficientKey, Estimate>): string[] {
	const byReason = new Map<string, string[]>();
	for (const key of COEFFICIENT_KEYS) {
		const reason = estimates[key].reason;
		if (reason === undefined) continue;
		const name = key.startsWith('cohen_kappa.') ? 'cohen_kappa' : key;
		const keys = byReason.get(reason) ?? [];
		if (!keys.includes(name)) keys.push(name);
		byReason.set(reason, keys);
	}
	return [...byReason].map(([reason, keys]) => `${keys.join(', ')}: ${reason}`);
}
