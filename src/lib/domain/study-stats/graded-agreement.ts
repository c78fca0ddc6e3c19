/**
 * Agreement on the full 5-point scale of a study with `scale: 5` (issue #16 §1): the juniors'
 * grades −2..2 (from `model`'s side) as ordered categories with their values, so the weighted
 * κ (linear, quadratic), ordinal and interval Krippendorff's α and Gwet's AC2 (same weights) use
 * the distance between "much" and "slightly". The collapsed 3-point report (win / tie / loss) is
 * computed from the same judgments as on every study; the study page and exports show both.
 */
import { agreementReport } from '../stats/agreement-report.ts';
import type { AgreementReport, BootstrapOptions, Rating } from '../stats/types.ts';
import type { JudgmentRow } from './types.ts';

/** The grades as category labels, in order, and their values for interval α. */
export const GRADE_CATEGORIES = ['-2', '-1', '0', '1', '2'] as const;
export const GRADE_VALUES = [-2, -1, 0, 1, 2] as const;

/** The juniors' graded ratings (repeats left out, as in the collapsed report). */
export function gradedRatings(rows: readonly JudgmentRow[]): Rating[] {
	return rows
		.filter((r) => r.role === 'junior' && !r.isRepeat && r.grade !== null && r.grade !== undefined)
		.map((r) => ({
			item: String(r.pairId),
			rater: r.rater,
			label: String(r.grade),
			dimension: r.dimension,
			prompt: r.prompt
		}));
}

/** The 5-point agreement report of the juniors, or null when no graded judgment exists. */
export function gradedAgreement(
	rows: readonly JudgmentRow[],
	bootstrap?: BootstrapOptions | null
): AgreementReport | null {
	const ratings = gradedRatings(rows);
	if (ratings.length === 0) return null;
	return agreementReport(ratings, {
		categories: GRADE_CATEGORIES,
		values: GRADE_VALUES,
		bootstrap
	});
}
