import { createRandom } from '../random.ts';
import {
	agreementCoefficients,
	COEFFICIENT_KEYS,
	type CoefficientContext,
	type CoefficientKey
} from './agreement-coefficients.ts';
import { percentileInterval } from './percentile-interval.ts';
import { resampleCounts } from './resample-counts.ts';
import type { BootstrapOptions, Interval } from './types.ts';

export type AgreementIntervals = {
	intervals: Record<CoefficientKey, Interval | null>;
	/** Resamples in which the coefficient was undefined (left out of its interval). */
	undefinedResamples: Record<CoefficientKey, number>;
};

/**
 * Percentile bootstrap intervals over clusters (items, or prompts) for every agreement
 * coefficient. A resample draws clusters with replacement and sums their rows of sufficient
 * statistics with the drawn multiplicities, so no raw rating is revisited (cluster bootstrap:
 * Davison & Hinkley 1997, §3.8; percentile interval: Efron & Tibshirani 1993, §13.3).
 * Reproducible: the resamples depend only on the seed and the number of clusters.
 */
export function bootstrapAgreement(
	clusterRows: Float64Array,
	context: CoefficientContext,
	options: BootstrapOptions,
	level = 0.95
): AgreementIntervals {
	const size = context.layout.size;
	const nClusters = clusterRows.length / size;
	const random = createRandom(options.seed);
	const counts = new Int32Array(nClusters);
	const total = new Float64Array(size);
	const replicates = COEFFICIENT_KEYS.map(() => new Float64Array(options.B));
	const defined = COEFFICIENT_KEYS.map(() => 0);

	for (let b = 0; b < options.B; b++) {
		resampleCounts(nClusters, random, counts);
		total.fill(0);
		for (let c = 0; c < nClusters; c++) {
			const m = counts[c];
			if (m === 0) continue;
			const row = c * size;
			for (let j = 0; j < size; j++) total[j] += m * clusterRows[row + j];
		}
		const estimates = agreementCoefficients(total, context);
		COEFFICIENT_KEYS.forEach((key, index) => {
			const value = estimates[key].value;
			if (value !== null) replicates[index][defined[index]++] = value;
		});
	}

	const intervals = {} as Record<CoefficientKey, Interval | null>;
	const undefinedResamples = {} as Record<CoefficientKey, number>;
	COEFFICIENT_KEYS.forEach((key, index) => {
		intervals[key] = percentileInterval(replicates[index].subarray(0, defined[index]), level);
		undefinedResamples[key] = options.B - defined[index];
	});
	return { intervals, undefinedResamples };
}
