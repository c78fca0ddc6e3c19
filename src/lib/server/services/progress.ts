/** Who has rated how much, how fast, and how long the rest will take (the study page's progress). */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { estimateHoursLeft, median } from '../../domain/study-stats/progress-estimate.ts';
import { countWhere } from '../db/dialect-sql.ts';
import type { Db } from '../db/index.ts';
import { assignments, escalations, pairs, studyMembers, users } from '../db/schema.ts';
import { first } from '../db/index.ts';

const WINDOW_HOURS = 2;

export async function studyProgress(db: Db, studyId: number, now = Date.now()) {
	const rows = await db
		.select({
			userId: assignments.userId,
			username: users.username,
			pseudonym: studyMembers.pseudonym,
			role: assignments.role,
			status: assignments.status,
			seconds: assignments.secondsSpent,
			submittedAt: assignments.submittedAt
		})
		.from(assignments)
		.innerJoin(pairs, eq(pairs.id, assignments.pairId))
		.innerJoin(users, eq(users.id, assignments.userId))
		.innerJoin(
			studyMembers,
			and(eq(studyMembers.studyId, pairs.studyId), eq(studyMembers.userId, assignments.userId))
		)
		.where(eq(pairs.studyId, studyId));

	const members = await db
		.select({
			userId: studyMembers.userId,
			username: users.username,
			disabled: sql<boolean>`${users.disabledAt} is not null`.mapWith(Boolean),
			pseudonym: studyMembers.pseudonym,
			role: studyMembers.role
		})
		.from(studyMembers)
		.innerJoin(users, eq(users.id, studyMembers.userId))
		.where(eq(studyMembers.studyId, studyId))
		.orderBy(studyMembers.role, sql`cast(substr(${studyMembers.pseudonym}, 2) as integer)`);

	// Group the rows once (not one pass over every row per member).
	const byUser = new Map<number, typeof rows>();
	for (const row of rows) {
		const own = byUser.get(row.userId);
		if (own) own.push(row);
		else byUser.set(row.userId, [row]);
	}
	const raters = members.map((member) => {
		const own = byUser.get(member.userId) ?? [];
		const done = own.filter((r) => r.status === 'submitted');
		return {
			...member,
			assigned: own.length,
			rated: done.length,
			medianSeconds: median(done.map((r) => r.seconds).filter((s) => s > 0)),
			lastActivity: done.length ? Math.max(...done.map((r) => r.submittedAt ?? 0)) : null
		};
	});

	const juniorRows = rows.filter((r) => r.role === 'junior');
	const remaining = juniorRows.filter((r) => r.status !== 'submitted').length;
	const since = now - WINDOW_HOURS * 3_600_000;
	const estimate = estimateHoursLeft({
		remaining,
		recentSubmissions: juniorRows.filter((r) => (r.submittedAt ?? 0) >= since).length,
		windowHours: WINDOW_HOURS,
		medianSeconds: median(
			juniorRows.filter((r) => r.status === 'submitted' && r.seconds > 0).map((r) => r.seconds)
		),
		ratersWithWork: new Set(juniorRows.filter((r) => r.status !== 'submitted').map((r) => r.userId))
			.size
	});

	const queue = first(
		await db
			.select({
				pending: countWhere(
					sql`${escalations.decidedAt} is null and ${escalations.withdrawnAt} is null`
				),
				decided: countWhere(sql`${escalations.decidedAt} is not null`)
			})
			.from(escalations)
			.innerJoin(pairs, eq(pairs.id, escalations.pairId))
			.where(eq(pairs.studyId, studyId))
			.limit(1)
	)!;
	const pendingOld = first(
		await db
			.select({ oldest: sql<number | null>`min(${escalations.createdAt})` })
			.from(escalations)
			.innerJoin(pairs, eq(pairs.id, escalations.pairId))
			.where(
				and(
					eq(pairs.studyId, studyId),
					isNull(escalations.decidedAt),
					isNull(escalations.withdrawnAt)
				)
			)
			.limit(1)
	);

	return {
		juniors: { assigned: juniorRows.length, rated: juniorRows.length - remaining },
		raters,
		queue: { ...queue, oldestPending: pendingOld?.oldest ?? null },
		hoursLeft: estimate.hours,
		estimateBasis: estimate.basis,
		lastActivity: raters.reduce<number | null>(
			(last, r) => (r.lastActivity && r.lastActivity > (last ?? 0) ? r.lastActivity : last),
			null
		)
	};
}
