/**
 * The senior queue's order (issue #16 §4, "order the senior queue by judge–human disagreement;
 * the researcher chooses"), on SQLite and (project integration-pg) PostgreSQL: raised priority
 * first; then, under `senior_order: "judge-disagreement"`, the pairs where the automatic judges
 * disagree with most junior ratings; then the oldest escalation. Changing the order is audited and
 * refused for an archived study.
 */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import {
	assignments,
	auditLog,
	dimensions,
	escalations,
	judgeJudgments,
	judgments,
	studies as studiesTable
} from '../../src/lib/server/db/schema.ts';
import * as adjudication from '../../src/lib/server/services/adjudication.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import * as archive from '../../src/lib/server/services/study-archive.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';

type O = 'win' | 'tie' | 'loss';
const OPPOSITE: Record<O, O> = { win: 'loss', tie: 'tie', loss: 'win' };
let s: Seeded;

/**
 * Three escalated pairs: junior1 says Tie and junior2 "A better" on every dimension, so each
 * dimension is disputed and junior2's canonical outcome is a win or a loss.
 */
async function escalate(count: number): Promise<number[]> {
	const pairIds: number[] = [];
	for (let i = 0; i < count; i++) {
		const first = (await ratings.next(s.db, s.ids.junior1))!;
		const choices = Object.fromEntries(first.dimensions.map((d) => [d.key, 'tie' as const]));
		expect(
			(await ratings.submit(s.db, s.ids.junior1, first.id, { choices, hard: false, comment: '' }))
				.ok
		).toBe(true);
		const [mine] = await s.db.select().from(assignments).where(eq(assignments.publicId, first.id));
		const [theirs] = await s.db
			.select()
			.from(assignments)
			.where(and(eq(assignments.pairId, mine.pairId), eq(assignments.userId, s.ids.junior2)));
		const a = Object.fromEntries(first.dimensions.map((d) => [d.key, 'A' as const]));
		expect(
			(
				await ratings.submit(s.db, s.ids.junior2, theirs.publicId, {
					choices: a,
					hard: false,
					comment: ''
				})
			).ok
		).toBe(true);
		pairIds.push(mine.pairId);
	}
	return pairIds;
}

/** The judge says the opposite of junior2 on `opposite` dimensions and agrees with junior2 elsewhere. */
async function judge(pairId: number, opposite: number) {
	const rows = await s.db
		.select({ dimensionId: judgments.dimensionId, outcome: judgments.outcome })
		.from(judgments)
		.innerJoin(assignments, eq(assignments.id, judgments.assignmentId))
		.where(and(eq(assignments.pairId, pairId), eq(assignments.userId, s.ids.junior2)));
	const dims = await s.db.select().from(dimensions).where(eq(dimensions.studyId, s.studyId));
	expect(rows).toHaveLength(dims.length);
	await s.db.transaction(async (tx) => {
		for (const [i, row] of rows.entries())
			await tx.insert(judgeJudgments).values({
				studyId: s.studyId,
				judge: 'demo-judge',
				pairId,
				dimensionId: row.dimensionId,
				outcome: i < opposite ? OPPOSITE[row.outcome] : row.outcome,
				modelShownFirst: true
			});
	});
}

/** The senior's queue as pair ids. */
async function queuedPairs(): Promise<number[]> {
	const items = await adjudication.queue(s.db, s.ids.senior);
	const out: number[] = [];
	for (const item of items) {
		const [row] = await s.db.select().from(assignments).where(eq(assignments.publicId, item.id));
		out.push(row.pairId);
	}
	return out;
}

beforeEach(async () => {
	s = await seeded();
});

describe('senior queue order', () => {
	it('is the oldest escalation first by default, and judge–human disagreement first when chosen', async () => {
		const [p1, p2, p3] = await escalate(3);
		// Per pair: every dimension disagrees with one junior (4 dimensions); each dimension on
		// which the judge says the opposite of junior2 disagrees with both (+1).
		await judge(p1, 0); // 4
		await judge(p2, 3); // 7
		await judge(p3, 1); // 5
		const byAge = (await s.db.select().from(escalations))
			.sort((a, b) => a.createdAt - b.createdAt || a.pairId - b.pairId)
			.map((e) => e.pairId);
		expect([...byAge].sort((a, b) => a - b)).toEqual([p1, p2, p3].sort((a, b) => a - b));

		expect((await studies.get(s.db, s.studyId))!.seniorOrder).toBe('oldest');
		expect(await queuedPairs()).toEqual(byAge);

		expect(await studies.setSeniorOrder(s.db, s.studyId, 'judge-disagreement', s.ids.res)).toBe(
			true
		);
		expect(await queuedPairs()).toEqual([p2, p3, p1]);

		// A raised priority still comes first.
		expect(
			await adjudication.setPriority(s.db, { studyId: s.studyId, pairId: p1, priority: 10 })
		).toEqual({ ok: true });
		expect(await queuedPairs()).toEqual([p1, p2, p3]);

		const audit = await s.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'study.senior_order'));
		expect(audit).toHaveLength(1);
		expect(JSON.parse(audit[0].detail!)).toEqual({ from: 'oldest', to: 'judge-disagreement' });
		// Setting the same order again changes and records nothing.
		expect(await studies.setSeniorOrder(s.db, s.studyId, 'judge-disagreement', s.ids.res)).toBe(
			true
		);
		expect(
			await s.db.select().from(auditLog).where(eq(auditLog.action, 'study.senior_order'))
		).toHaveLength(1);
	});

	it('comes from the study file, and an archived study keeps its order', async () => {
		s = await seeded({ senior_order: 'judge-disagreement' });
		expect((await studies.get(s.db, s.studyId))!.seniorOrder).toBe('judge-disagreement');
		expect(await archive.archive(s.db, s.studyId, s.ids.res)).toBe(true);
		expect(await studies.setSeniorOrder(s.db, s.studyId, 'oldest', s.ids.res)).toBe(false);
		const [row] = await s.db.select().from(studiesTable).where(eq(studiesTable.id, s.studyId));
		expect(row.seniorOrder).toBe('judge-disagreement');
	});
});
