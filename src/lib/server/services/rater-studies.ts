/**
 * The studies a junior rates in, for choosing which one to work on (issue #12 item 8) and for
 * telling "not in a study yet" apart from "All done" (item 9). Raters see a study's title for
 * raters and its id, never its name (ARCHITECTURE §9).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { raterTitle } from '../../domain/blinding/rater-title.ts';
import { countWhere } from '../db/dialect-sql.ts';
import type { Db } from '../db/index.ts';
import { prepared } from '../db/prepared.ts';
import { assignments, pairs, studies, studyMembers } from '../db/schema.ts';
import * as training from './training.ts';
import * as ratings from './ratings.ts';
import { SHOWN, type PairView } from './ratings.ts';
import { first } from '../db/index.ts';

export type RaterStudy = {
	id: number;
	title: string;
	status: 'open' | 'closed';
	/** The rater's own pairs in the study: submitted and assigned. */
	done: number;
	total: number;
};

/**
 * Every study the user is a junior of, open ones first, with the rater's progress in each.
 * This counts the rater's whole queue, so it runs only where the choice is shown, not on every
 * pair (issue #18).
 */
export async function studiesOf(db: Db, userId: number): Promise<RaterStudy[]> {
	const counts = new Map(
		(
			await db
				.select({
					studyId: pairs.studyId,
					total: sql<number>`count(*)`,
					done: countWhere(sql`${assignments.status} = 'submitted'`)
				})
				.from(assignments)
				.innerJoin(pairs, eq(pairs.id, assignments.pairId))
				.where(and(eq(assignments.userId, userId), eq(assignments.role, 'junior')))
				.groupBy(pairs.studyId)
		).map((row) => [row.studyId, row])
	);
	return (
		await db
			.select({ id: studies.id, titleForRaters: studies.titleForRaters, status: studies.status })
			.from(studyMembers)
			.innerJoin(studies, eq(studies.id, studyMembers.studyId))
			.where(
				and(
					eq(studyMembers.userId, userId),
					eq(studyMembers.role, 'junior'),
					inArray(studies.status, SHOWN)
				)
			)
			.orderBy(sql`${studies.status} = 'closed'`, asc(studies.id))
	).map((study) => ({
		id: study.id,
		title: raterTitle(study),
		status: study.status as RaterStudy['status'],
		done: counts.get(study.id)?.done ?? 0,
		total: counts.get(study.id)?.total ?? 0
	}));
}

/** Whether any pair was ever assigned to the user as a junior (one index probe). */
export async function hasAssignments(db: Db, userId: number): Promise<boolean> {
	return (
		first(
			await prepared(db, 'raterStudies.any', (db) =>
				db
					.select({ id: assignments.id })
					.from(assignments)
					.where(
						and(eq(assignments.userId, sql.placeholder('user')), eq(assignments.role, 'junior'))
					)
					.limit(1)
					.prepare()
			).execute({ user: userId })
		) !== undefined
	);
}

/** What `/annotate` shows: a pair, the study choice, or why there is nothing to rate. */
export type Landing =
	| { kind: 'pair'; pair: PairView; study: { id: number; title: string }; choice: boolean }
	| { kind: 'choose'; studies: RaterStudy[] }
	| {
			kind: 'done';
			/** The study the rater chose, when they chose one. */
			study: { id: number; title: string; status: 'open' | 'closed' } | null;
			/** Closed studies in which the rater still had pairs (why they stopped). */
			closed: string[];
			/** Other open studies with pairs waiting. */
			others: { id: number; title: string }[];
	  }
	| { kind: 'none' }
	| {
			/** Training done but short of the study's minimum: real work stays closed (training.ts). */
			kind: 'training';
			study: { id: number; title: string };
			state: training.TrainingState;
	  };

/**
 * Open studies in which the junior finished training below the minimum (asked only when no pair
 * is waiting: one member row and N training rows per such study).
 */
async function stuckInTraining(
	db: Db,
	userId: number,
	only: number | null
): Promise<{ study: { id: number; title: string }; state: training.TrainingState } | null> {
	for (const study of await ratings.openStudies(db, userId)) {
		if (!study.inTraining || (only !== null && study.id !== only)) continue;
		const state = await training.trainingState(db, userId, study.id);
		if (state && !state.passed && state.submitted === state.total)
			return { study: { id: study.id, title: study.title }, state };
	}
	return null;
}

/**
 * The rater's landing page. In the chosen study (when the rater is a junior of it): its next
 * pair, or "All done" there with the other studies still waiting. Without a choice: with one
 * study waiting its next pair, as before studies could be chosen; with several, the choice;
 * with none, "All done", or "not in a study yet" when nothing was ever assigned. The studies,
 * the next pair and its row are one statement (ratings.raterWork, issue #18).
 */
export async function landing(db: Db, userId: number, chosen: number | null): Promise<Landing> {
	const mine = await ratings.raterWork(db, userId, chosen);
	const waiting = mine.filter((s) => s.next !== null);
	const study = chosen === null ? undefined : mine.find((s) => s.id === chosen);
	if (study) {
		const { id, title, status } = study;
		const pair = study.found ? await ratings.openFound(db, study.found) : null;
		const others = waiting.filter((s) => s.id !== id).map((s) => ({ id: s.id, title: s.title }));
		if (pair) return { kind: 'pair', pair, study: { id, title }, choice: others.length > 0 };
		const stuck = status === 'open' ? await stuckInTraining(db, userId, id) : null;
		if (stuck) return { kind: 'training', ...stuck };
		return {
			kind: 'done',
			study: { id, title, status },
			closed: status === 'closed' ? [title] : [],
			others
		};
	}
	if (waiting.length > 1) return { kind: 'choose', studies: await studiesOf(db, userId) };
	if (waiting.length === 1) {
		const [only] = waiting;
		return {
			kind: 'pair',
			// Read with the studies, unless a study chosen earlier is no longer the rater's.
			pair: only.found
				? await ratings.openFound(db, only.found)
				: await ratings.open(db, only.next!),
			study: { id: only.id, title: only.title },
			choice: false
		};
	}
	if (!(await hasAssignments(db, userId))) return { kind: 'none' };
	const stuck = await stuckInTraining(db, userId, null);
	if (stuck) return { kind: 'training', ...stuck };
	return {
		kind: 'done',
		study: null,
		closed: await ratings.closedStudiesWithWork(db, userId),
		others: []
	};
}
