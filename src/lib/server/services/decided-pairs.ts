/**
 * A senior's decided pairs: the list of their own Finalized pairs, and Reopen, which takes a
 * decision back until the study is closed.
 *
 * Reopened is not a state of its own: the pair becomes an escalated, undecided pair again
 * (`escalations.decided_at` back to null, the senior's assignment `started`), so the queue,
 * progress, the juniors' lock and the final labels all follow the rules they already have for
 * an undecided pair. Its final labels are removed until the next Finalize (the tables never
 * count a decision that is being changed); the senior's final judgments stay in `judgments`
 * and the next Finalize updates them, so `judgment_history` holds both versions (old → new)
 * and `note_history` the comment's change. The Reopen itself is in the audit log.
 */
import { and, desc, eq } from 'drizzle-orm';
import { raterTitle } from '../../domain/blinding/rater-title.ts';
import { lockPairOf } from '../db/dialect-sql.ts';
import type { Db } from '../db/index.ts';
import { assignments, escalations, pairs, prompts, studies } from '../db/schema.ts';
import { find, type ActionResult } from './adjudication.ts';
import * as audit from './audit.ts';
import { reconcile } from './final-labels.ts';
import { first } from '../db/index.ts';

export type DecidedItem = {
	id: string;
	question: string;
	studyName: string;
	decidedAt: number;
	/** The study is closed: the pair opens read-only. */
	closed: boolean;
};

/** The senior's own decided pairs, newest decision first. */
export async function list(db: Db, seniorId: number): Promise<DecidedItem[]> {
	return (
		await db
			.select({
				id: assignments.publicId,
				question: prompts.text,
				studyId: studies.id,
				titleForRaters: studies.titleForRaters,
				status: studies.status,
				decidedAt: assignments.submittedAt
			})
			.from(assignments)
			.innerJoin(pairs, eq(pairs.id, assignments.pairId))
			.innerJoin(prompts, eq(prompts.id, pairs.promptId))
			.innerJoin(studies, eq(studies.id, pairs.studyId))
			.where(
				and(
					eq(assignments.userId, seniorId),
					eq(assignments.role, 'senior'),
					eq(assignments.status, 'submitted')
				)
			)
			.orderBy(desc(assignments.submittedAt), desc(assignments.id))
	).map((r) => ({
		id: r.id,
		question: r.question,
		studyName: raterTitle({ id: r.studyId, titleForRaters: r.titleForRaters }),
		decidedAt: r.decidedAt ?? 0,
		closed: r.status === 'closed'
	}));
}

/** Takes back the senior's own decision on a pair of an open study, for a new Finalize. */
export async function reopen(db: Db, seniorId: number, publicId: string): Promise<ActionResult> {
	return await db.transaction(async (tx) => {
		await lockPairOf(tx, publicId);
		const found = await find(tx, seniorId, publicId);
		if (!found.ok) return found;
		const assignment = found.value;
		const pair = first(
			await tx.select().from(pairs).where(eq(pairs.id, assignment.pairId)).limit(1)
		)!;
		const study = first(
			await tx.select().from(studies).where(eq(studies.id, pair.studyId)).limit(1)
		)!;
		if (study.status === 'closed')
			return {
				ok: false,
				status: 409,
				message: 'This study is closed; its decisions can no longer change.'
			};
		const escalation = first(
			await tx.select().from(escalations).where(eq(escalations.pairId, pair.id)).limit(1)
		);
		if (assignment.status !== 'submitted' || !escalation?.decidedAt)
			return {
				ok: false,
				status: 409,
				message: 'This pair is not decided; there is nothing to reopen.'
			};
		await tx.update(escalations).set({ decidedAt: null }).where(eq(escalations.pairId, pair.id));
		await tx
			.update(assignments)
			.set({ status: 'started', submittedAt: null, draft: null })
			.where(eq(assignments.id, assignment.id));
		// As for any undecided pair: the juniors' votes decide whether it waits for a senior
		// (its final labels removed) or no longer needs one.
		await reconcile(tx, pair.id);
		await audit.record(tx, {
			userId: seniorId,
			action: 'adjudication.reopen',
			studyId: pair.studyId,
			detail: { pairId: pair.id }
		});
		return { ok: true };
	});
}
