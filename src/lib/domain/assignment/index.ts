/**
 * Pair generation and blinded, counterbalanced, reproducible assignment of pairs to juniors
 * (ARCHITECTURE.md §2 Pair / Assignment, §3 flow 2). Pure functions: no I/O, seeded randomness.
 */

/** Designs, models, pairs, assignments, queues, keys, the error value and `Result`. */
export type {
	Assignment,
	AssignmentError,
	AssignmentKey,
	Design,
	JuniorId,
	JuniorQueue,
	Pair,
	Result,
	StudyModel
} from './types.ts';

/** The canonical pairs of a design, ordered by prompt, then model, then opponent. */
export { generatePairs } from './generate-pairs.ts';

/** Input of `assignPairs`: pairs (index = pairIndex), juniors in study order, raters per pair, seed, repeat rate. */
export type { AssignInput } from './assign-pairs.ts';

/** Assigns each pair to distinct least-loaded juniors and builds every junior's queue. */
export { assignPairs } from './assign-pairs.ts';

/** Minimum distance, in queue positions, from an original to its repeat (when the queue is long enough). */
export { REPEAT_MIN_GAP } from './insert-repeats.ts';

/** Per-junior workload and left/right counts per combination, and raters per pair. */
export type { AssignmentSummary, CombinationCount, JuniorSummary } from './summarize.ts';

/** Counts for tests and the researcher's progress view. */
export { summarizeAssignments } from './summarize.ts';

/** A stored assignment with its `started` flag, as `rebalanceForNewJunior` reads it. */
export type { CurrentAssignment } from './check-current.ts';

/** Input and output (assignments to delete, queue to insert) of `rebalanceForNewJunior`. */
export type { Rebalance, RebalanceInput } from './rebalance.ts';

/** Moves not-yet-started work to a junior who joins a running study. */
export { rebalanceForNewJunior } from './rebalance.ts';

/** How often a junior sees one response per prompt with a study's juniors, and how many would avoid it. */
export type { BlindingPlan } from './plan-blinding.ts';

/** The plan for a design, models, juniors and raters per pair, and the researcher's warning. */
export { describeBlinding, planBlinding } from './plan-blinding.ts';
