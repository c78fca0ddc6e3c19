/**
 * Moving a disabled junior's unstarted pairs to the study's other juniors (issue 17 item 11), as
 * stored: every pair keeps its rater count with distinct raters, started work stays, loads stay
 * balanced, and the same study and seed give the same result. Runs on SQLite and PostgreSQL.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { assignments, auditLog } from '../../src/lib/server/db/schema.ts';
import { moveUnstartedPairs } from '../../src/lib/server/services/move-unstarted.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { seeded } from '../helpers/seeded.ts';

// 6 prompts × 2 candidates × 1 reference = 12 pairs, 2 raters each, over 3 juniors: 8 each.
const prompts = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'].map((key) => ({
	key,
	text: `Question ${key}?`
}));
const models = ['cand-a', 'cand-b', 'ref'];
const overrides = {
	members: { junior: ['junior1', 'junior2', 'junior3'], senior: ['senior'] },
	prompts,
	responses: prompts.flatMap((p) =>
		models.map((m, i) => ({ prompt: p.key, model: m, text: `Answer ${i + 1} to ${p.key}` }))
	)
};

async function prepared() {
	const s = await seeded(overrides);
	// junior3 opens one pair (it stays theirs), then is disabled.
	const opened = (await ratings.next(s.db, s.ids.junior3))!;
	await users.setDisabled(s.db, s.ids.junior3, true, s.ids.res);
	return { ...s, opened };
}

async function juniorRows(s: Awaited<ReturnType<typeof prepared>>) {
	return (await s.db.select().from(assignments).where(eq(assignments.role, 'junior'))).sort(
		(a, b) => a.pairId - b.pairId || a.userId - b.userId
	);
}

describe('moving a disabled junior’s unstarted pairs', () => {
	it('keeps two distinct raters per pair, leaves started work, balances the others', async () => {
		const s = await prepared();
		const before = await juniorRows(s);
		expect(before.filter((r) => r.userId === s.ids.junior3)).toHaveLength(8);

		const result = await moveUnstartedPairs(s.db, s.studyId, s.ids.junior3, s.ids.res);
		expect(result).toEqual({ ok: true, username: 'junior3', moved: 7, stranded: 0, to: 2 });

		const after = await juniorRows(s);
		const own = after.filter((r) => r.userId === s.ids.junior3);
		expect(own.map((r) => r.publicId)).toEqual([s.opened.id]);
		const byPair = new Map<number, number[]>();
		for (const r of after) byPair.set(r.pairId, [...(byPair.get(r.pairId) ?? []), r.userId]);
		expect(byPair.size).toBe(12);
		for (const raters of byPair.values()) {
			expect(raters).toHaveLength(2);
			expect(new Set(raters).size).toBe(2);
		}
		const load = (id: number) => after.filter((r) => r.userId === id).length;
		expect(load(s.ids.junior1) + load(s.ids.junior2)).toBe(23);
		expect(Math.abs(load(s.ids.junior1) - load(s.ids.junior2))).toBeLessThanOrEqual(1);
		// Positions in each junior's queue stay unique (moved pairs go after their last one).
		for (const id of [s.ids.junior1, s.ids.junior2]) {
			const positions = after.filter((r) => r.userId === id).map((r) => r.position);
			expect(new Set(positions).size).toBe(positions.length);
		}
		const audit = await s.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'study.move-unstarted'));
		expect(audit).toHaveLength(1);
		// Nothing left to move the second time.
		expect(await moveUnstartedPairs(s.db, s.studyId, s.ids.junior3, s.ids.res)).toMatchObject({
			ok: true,
			moved: 0
		});
	});

	it('gives the same owners and sides for the same study and seed', async () => {
		const shape = async () => {
			const s = await prepared();
			await moveUnstartedPairs(s.db, s.studyId, s.ids.junior3, s.ids.res);
			return (await juniorRows(s)).map((r) => [r.pairId, r.userId, r.modelOnLeft, r.position]);
		};
		expect(await shape()).toEqual(await shape());
	});

	it('refuses an enabled junior and a non-member, changing nothing', async () => {
		const s = await prepared();
		const before = await juniorRows(s);
		expect(await moveUnstartedPairs(s.db, s.studyId, s.ids.junior1, s.ids.res)).toEqual({
			ok: false,
			message: '“junior1” is not disabled; their pairs stay with them.'
		});
		expect(await moveUnstartedPairs(s.db, s.studyId, s.ids.senior, s.ids.res)).toEqual({
			ok: false,
			message: 'That account is not a junior of this study.'
		});
		expect(await juniorRows(s)).toEqual(before);
	});
});
