/**
 * Where each sufficient statistic sits in one cluster's row of the agreement statistics matrix.
 * Every coefficient of the agreement report is a function of the sum of these rows, so a
 * bootstrap resample only re-weights rows (see cluster-statistics.ts, bootstrap-agreement.ts).
 *
 *   items         number of items with at least one rating
 *   pairable      number of items with two or more ratings
 *   pa + w        Σ over pairable items of Σ_k n_ik (Σ_l w_kl n_il − 1) / (n_i (n_i − 1)),
 *                 for w = identity (0), linear (1), quadratic (2)   [Gwet 2014, ch. 2–3]
 *   pi + k        Σ over items of n_ik / n_i                        [Gwet 2014, π_k · n]
 *   totals + k    Σ over pairable items of n_ik                      [Fleiss 1971, p_j · N n]
 *   coincidence   q×q Σ over pairable items of n_ic (n_ik − δ_ck)/(n_i − 1) [Krippendorff 2011]
 *   cohen         q×q contingency table of the two raters (only when there are exactly two)
 */
export type StatisticsLayout = {
	q: number;
	items: number;
	pairable: number;
	pa: number;
	pi: number;
	totals: number;
	coincidence: number;
	cohen: number;
	withCohen: boolean;
	size: number;
};

/** The layout for q categories; the Cohen table is included only when `withCohen`. */
export function statisticsLayout(q: number, withCohen: boolean): StatisticsLayout {
	const pi = 5;
	const totals = pi + q;
	const coincidence = totals + q;
	const cohen = coincidence + q * q;
	return {
		q,
		items: 0,
		pairable: 1,
		pa: 2,
		pi,
		totals,
		coincidence,
		cohen,
		withCohen,
		size: cohen + (withCohen ? q * q : 0)
	};
}
