import { and, eq, isNull, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { first } from '../db/index.ts';
import { studies } from '../db/schema.ts';
import { judgmentCount } from './assignments.ts';
import * as audit from './audit.ts';

export { ARCHIVED_MESSAGE } from './assignments.ts';

/** Whether a study is archived (false for a missing study: the caller's 404 comes first). */
export async function isArchived(db: Db, studyId: number): Promise<boolean> {
	const row = first(
		await db
			.select({ archivedAt: studies.archivedAt })
			.from(studies)
			.where(eq(studies.id, studyId))
			.limit(1)
	);
	return row?.archivedAt != null;
}

/**
 * Archives a study: hidden from the studies list by default and read-only. It is also closed,
 * so every rater and senior write path (which already refuses closed studies) refuses it too;
 * unarchiving leaves it closed, and "Reopen study" resumes rating.
 */
export async function archive(db: Db, studyId: number, actorId: number | null): Promise<boolean> {
	return await db.transaction(async (tx) => {
		const changed = await tx
			.update(studies)
			.set({ archivedAt: Date.now(), status: 'closed' })
			.where(and(eq(studies.id, studyId), isNull(studies.archivedAt)))
			.returning({ id: studies.id });
		if (!changed.length) return false;
		await audit.record(tx, { userId: actorId, action: 'study.archive', studyId });
		return true;
	});
}

/** Back into the list, still closed (see archive). */
export async function unarchive(db: Db, studyId: number, actorId: number | null): Promise<boolean> {
	return await db.transaction(async (tx) => {
		const changed = await tx
			.update(studies)
			.set({ archivedAt: null })
			.where(and(eq(studies.id, studyId), isNotNull(studies.archivedAt)))
			.returning({ id: studies.id });
		if (!changed.length) return false;
		await audit.record(tx, { userId: actorId, action: 'study.unarchive', studyId });
		return true;
	});
}

export type RemoveResult =
	| { ok: true; name: string; judgments: number }
	| { ok: false; reason: 'missing' | 'needs-confirmation'; judgments: number; name?: string };

/**
 * Deletes a study and, by cascade, everything under it. A study with judgments is deleted only
 * when `confirmName` repeats its name exactly. The append-only tables (judgment history, note
 * history, audit log) have no foreign keys, so their rows stay: what raters did remains on
 * record, and the audit entry names the deleted study with its judgment count.
 */
export async function remove(
	db: Db,
	studyId: number,
	actorId: number | null,
	confirmName?: string
): Promise<RemoveResult> {
	return await db.transaction(async (tx) => {
		const study = first(
			await tx
				.select({ name: studies.name, status: studies.status })
				.from(studies)
				.where(eq(studies.id, studyId))
				.limit(1)
		);
		if (!study || study.status === 'importing')
			return { ok: false, reason: 'missing', judgments: 0 } as const;
		const count = await judgmentCount(tx, studyId);
		if (count > 0 && confirmName?.trim() !== study.name)
			return {
				ok: false,
				reason: 'needs-confirmation',
				judgments: count,
				name: study.name
			} as const;
		await tx.delete(studies).where(eq(studies.id, studyId));
		await audit.record(tx, {
			userId: actorId,
			action: 'study.delete',
			studyId,
			detail: { name: study.name, judgments: count }
		});
		return { ok: true, name: study.name, judgments: count } as const;
	});
}
