/**
 * Intra-rater agreement from repeats: each junior's original and repeat judgments of the same
 * pair (sides swapped, compared canonically) as two "raters" of one item, per dimension.
 */
import type { Rating } from '../stats/types.ts';
import type { JudgmentRow } from './types.ts';

/** Ratings for agreementReport: item = rater + pair, raters "original" and "repeat". */
export function intraRaterRatings(rows: readonly JudgmentRow[]): Rating[] {
	const repeated = new Set(
		rows.filter((r) => r.isRepeat && r.role === 'junior').map((r) => `${r.rater}\u0000${r.pairId}`)
	);
	return rows
		.filter((r) => r.role === 'junior' && repeated.has(`${r.rater}\u0000${r.pairId}`))
		.map((r) => ({
			item: `${r.rater}:${r.pairId}`,
			rater: r.isRepeat ? 'repeat' : 'original',
			label: r.outcome,
			dimension: r.dimension,
			prompt: r.prompt
		}));
}
