/**
 * Types shared by the assignment code: pairs, assignments, queues and the error value.
 * Vocabulary as in ARCHITECTURE.md §2 (Pair, Assignment) and §3 flow 2 (Assign).
 */

/** How pairs are formed from a study's models. */
export type Design = 'candidate-vs-reference' | 'all-pairs';

/** A model of the study, in study order. */
export type StudyModel = { key: string; group: 'candidate' | 'reference' };

/** A pair in its canonical orientation: `model` is the candidate (or the first in study order). */
export type Pair = { prompt: string; model: string; opponent: string };

/** A junior's identity as the caller stores it (user id or username). */
export type JuniorId = string | number;

/**
 * One pair in one junior's queue. `position` is the 0-based rank in that queue; `modelOnLeft`
 * says whether the pair's `model` is shown as "Response A". A repeat is the same pair again,
 * later and with sides swapped; `repeatOf` is the queue position of its original.
 */
export type Assignment<J extends JuniorId = string> = {
	pairIndex: number;
	junior: J;
	modelOnLeft: boolean;
	position: number;
	isRepeat: boolean;
	repeatOf?: number;
	/** A gold pair's extra copy (issue #16 §3), kept out of results; absent for study work. */
	purpose?: 'training' | 'check';
};

/** One junior's queue, ordered by `position`. */
export type JuniorQueue<J extends JuniorId = string> = {
	junior: J;
	assignments: Assignment<J>[];
};

/** Identifies an assignment in storage: a junior holds a pair at most once as original and once as repeat. */
export type AssignmentKey<J extends JuniorId = string> = {
	pairIndex: number;
	junior: J;
	isRepeat: boolean;
};

/** Why the input cannot be assigned; `message` is meant for the researcher. */
export type AssignmentError = {
	code: 'raters-per-pair' | 'juniors' | 'repeat-rate' | 'pairs' | 'new-junior';
	message: string;
};

/** Success with a value, or an error value (never thrown). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AssignmentError };
