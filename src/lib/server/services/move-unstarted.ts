/**
 * Moving a junior's not-yet-started pairs to the study's other enabled juniors (issue 17 item
 * 11): a disabled account would otherwise hold pairs nobody rates, and the study never finishes.
 * The choice of new owners and sides is the pure `moveUnstarted` (balanced, seeded).
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { moveUnstarted as planMove } from '../../domain/assignment/move-unstarted.ts';
import type { Db } from '../db/index.ts';
import { assignments, studyMembers, users } from '../db/schema.ts';
import {
	ARCHIVED_MESSAGE,
	drain,
	studyPairs,
	visibleStudy,
	writeAssignments
} from './assignments.ts';
import * as audit from './audit.ts';

export type MoveResult =
	| { ok: true; username: string; moved: number; stranded: number; to: number }
	| { ok: false; message: string };

/** Moves `userId`'s unstarted junior pairs in the study; everything they opened or rated stays. */
export async function moveUnstartedPairs(
	db: Db,
	studyId: number,
	userId: number,
	actorId: number | null
): Promise<MoveResult> {
	return await db.transaction(async (tx) => {
		const study = await visibleStudy(tx, studyId);
		if (!study) return { ok: false, message: `There is no study ${studyId}.` };
		if (study.archivedAt !== null) return { ok: false, message: ARCHIVED_MESSAGE };
		const members = await tx
			.select({
				userId: studyMembers.userId,
				pseudonym: studyMembers.pseudonym,
				username: users.username,
				disabledAt: users.disabledAt
			})
			.from(studyMembers)
			.innerJoin(users, eq(users.id, studyMembers.userId))
			.where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.role, 'junior')));
		members.sort((a, b) => Number(a.pseudonym.slice(1)) - Number(b.pseudonym.slice(1)));
		const donor = members.find((m) => m.userId === userId);
		if (!donor) return { ok: false, message: 'That account is not a junior of this study.' };
		if (donor.disabledAt === null)
			return {
				ok: false,
				message: `“${donor.username}” is not disabled; their pairs stay with them.`
			};
		const recipients = members.filter((m) => m.userId !== userId && m.disabledAt === null);

		const { ids, pairs } = await studyPairs(tx, studyId);
		const indexOf = new Map(ids.map((id, i) => [id, i]));
		const rows = ids.length
			? await tx
					.select()
					.from(assignments)
					// Gold copies (training, checks) stay with their junior: they are not study work.
					.where(
						and(
							eq(assignments.role, 'junior'),
							eq(assignments.purpose, 'study'),
							inArray(assignments.pairId, ids)
						)
					)
			: [];
		const planned = planMove({
			pairs,
			current: rows.map((row) => ({
				pairIndex: indexOf.get(row.pairId)!,
				junior: row.userId,
				modelOnLeft: row.modelOnLeft,
				position: row.position,
				isRepeat: row.isRepeat,
				// As openedCount in assignments.ts: opened, drafted or submitted work never moves.
				started:
					row.status !== 'pending' ||
					row.startedAt !== null ||
					row.submittedAt !== null ||
					row.draft !== null
			})),
			from: userId,
			to: recipients.map((m) => m.userId),
			seed: study.seed
		});
		if (!planned.ok) return { ok: false, message: planned.error.message };
		const { removed, added, stranded } = planned.value;
		const byKey = new Map(
			rows.map((row) => [`${row.pairId}:${row.userId}:${row.isRepeat}`, row.id])
		);
		const idOf = (k: { pairIndex: number; junior: number; isRepeat: boolean }) =>
			byKey.get(`${ids[k.pairIndex]}:${k.junior}:${k.isRepeat}`)!;
		const deleted = new Set<number>();
		const removedIds = removed.map(idOf);
		for (let i = 0; i < removedIds.length; i += 500) {
			const gone = await tx
				.delete(assignments)
				.where(
					and(
						inArray(assignments.id, removedIds.slice(i, i + 500)),
						// Checked again as it is deleted: a pair its junior opened since the read stays
						// theirs (and is not given to anyone else).
						eq(assignments.status, 'pending'),
						isNull(assignments.startedAt),
						isNull(assignments.draft)
					)
				)
				.returning({ id: assignments.id });
			for (const row of gone) deleted.add(row.id);
		}
		const moved = added.filter((a) =>
			deleted.has(idOf({ pairIndex: a.pairIndex, junior: userId, isRepeat: false }))
		);
		await drain(writeAssignments({ db: tx }, ids, moved));
		await audit.record(tx, {
			userId: actorId,
			action: 'study.move-unstarted',
			studyId,
			detail: { from: donor.username, moved: moved.length, stranded }
		});
		return {
			ok: true,
			username: donor.username,
			moved: moved.length,
			stranded: stranded + added.length - moved.length,
			to: new Set(moved.map((a) => a.junior)).size
		};
	});
}
