/**
 * When a pair goes to the senior queue (ARCHITECTURE §3 step 4): once every junior assigned to
 * it has submitted, if any of them ticked "Hard to decide" (for the pair or, with per-dimension
 * notes, for one dimension) or they differ on as many dimensions
 * as the study's escalation rule asks for (default: any). Otherwise their common outcome is the
 * final label (source "consensus") on every dimension they agree on; dimensions they differ on
 * in a pair the rule does not escalate are `unresolved` and get no final label. Repeats are not
 * votes.
 */
import type { Outcome } from '../blinding/choice.ts';
import type { Fact } from '../reasons/reasons.ts';
import { DEFAULT_ESCALATION, escalates, type EscalationRule } from './protocol.ts';

export type JuniorVote = {
	/** Anonymous label shown to seniors, e.g. "Rater 1". */
	rater: string;
	submitted: boolean;
	hard: boolean;
	comment: string;
	/** Canonical outcome per dimension key. */
	outcomes: Record<string, Outcome>;
	/** Graded outcome (−2..2) per dimension key on a 5-point study; absent on 3-point ones. */
	grades?: Record<string, number | null>;
	/**
	 * Dimension keys the rater flagged "Hard to decide" one by one (study option
	 * `per_dimension_notes`, issue #16 §2); such a flag escalates like the pair-level one.
	 */
	hardDimensions?: string[];
	/** The rater's tags, harms and per-dimension notes, canonical (issue #16 §2). */
	facts?: Fact[];
};

/**
 * The graded consensus of juniors who agree on the collapsed outcome (issue #16 §1): their
 * common grade, or, when they differ only in strength ("much" vs "slightly" on the same side),
 * the weaker one: every junior holds at least that strength of preference. Escalation looks at
 * the collapsed outcome only, so this is how such a pair gets its graded final label. Null
 * when a grade is missing (3-point study).
 */
export function consensusGrade(grades: readonly (number | null | undefined)[]): number | null {
	if (grades.length === 0 || grades.some((g) => g === null || g === undefined)) return null;
	return (grades as number[]).reduce((weakest, g) =>
		Math.abs(g) < Math.abs(weakest) ? g : weakest
	);
}

export type EscalationReasons = {
	/** Dimension keys on which the juniors differ. */
	dimensions: string[];
	/** Raters (anonymous) who ticked "Hard to decide". */
	flaggedBy: string[];
	comments: { rater: string; text: string }[];
	/** Raters and the dimensions they flagged one by one, when any did. */
	hardDimensions?: { rater: string; dimensions: string[] }[];
};

export type EscalationState =
	| { state: 'incomplete' }
	| { state: 'consensus'; outcomes: Record<string, Outcome>; unresolved: string[] }
	| { state: 'escalate'; reasons: EscalationReasons };

export function escalationState(
	votes: readonly JuniorVote[],
	dimensionKeys: readonly string[],
	rule: EscalationRule = DEFAULT_ESCALATION
): EscalationState {
	if (votes.length === 0 || votes.some((v) => !v.submitted)) return { state: 'incomplete' };
	const differing = dimensionKeys.filter(
		(key) => new Set(votes.map((v) => v.outcomes[key])).size > 1
	);
	const flaggedBy = votes
		.filter((v) => v.hard || (v.hardDimensions?.length ?? 0) > 0)
		.map((v) => v.rater);
	if (!escalates(rule, differing.length, flaggedBy.length > 0)) {
		const outcomes = Object.fromEntries(
			dimensionKeys
				.filter((key) => !differing.includes(key))
				.map((key) => [key, votes[0].outcomes[key]])
		);
		return { state: 'consensus', outcomes, unresolved: differing };
	}
	const comments = votes
		.filter((v) => v.comment.trim() !== '')
		.map((v) => ({ rater: v.rater, text: v.comment }));
	const hardDimensions = votes
		.filter((v) => (v.hardDimensions?.length ?? 0) > 0)
		.map((v) => ({ rater: v.rater, dimensions: v.hardDimensions! }));
	return {
		state: 'escalate',
		reasons: {
			dimensions: differing,
			flaggedBy,
			comments,
			...(hardDimensions.length > 0 && { hardDimensions })
		}
	};
}
