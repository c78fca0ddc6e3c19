/** Assignment as stored: repeats' links, adding juniors, and when reassigning is refused. */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { assignments, studyMembers } from '../../src/lib/server/db/schema.ts';
import * as assign from '../../src/lib/server/services/assignments.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';

let s: Seeded;

/** Every junior assignment row, in id order, as the database holds it. */
function rows(db = s.db) {
	return db.select().from(assignments).orderBy(assignments.id).all();
}

describe('repeats', () => {
	it('repeat_of points at the same junior’s original of the same pair, never at a repeat', async () => {
		s = await seeded({ repeat_rate: 0.5 });
		const all = rows();
		const byId = new Map(all.map((row) => [row.id, row]));
		const repeats = all.filter((row) => row.isRepeat);
		// 6 originals per junior, half of them repeated, for both juniors.
		expect(repeats).toHaveLength(6);
		for (const repeat of repeats) {
			const original = byId.get(repeat.repeatOf!);
			expect(original, `repeat ${repeat.id} points at a missing row`).toBeDefined();
			expect(original!.userId).toBe(repeat.userId);
			expect(original!.pairId).toBe(repeat.pairId);
			expect(original!.isRepeat).toBe(false);
			expect(original!.modelOnLeft).toBe(!repeat.modelOnLeft);
		}
		for (const original of all.filter((row) => !row.isRepeat)) expect(original.repeatOf).toBeNull();
	});

	it('repeat_of stays right for the queue of a junior added later', async () => {
		s = await seeded({ repeat_rate: 0.5 });
		expect(assign.addJunior(s.db, s.studyId, 'junior3', s.ids.res).ok).toBe(true);
		const all = rows();
		const byId = new Map(all.map((row) => [row.id, row]));
		const added = all.filter((row) => row.userId === s.ids.junior3 && row.isRepeat);
		expect(added.length).toBeGreaterThan(0);
		for (const repeat of added) {
			const original = byId.get(repeat.repeatOf!)!;
			expect([original.userId, original.pairId, original.isRepeat]).toEqual([
				repeat.userId,
				repeat.pairId,
				false
			]);
		}
	});
});

describe('adding a junior', () => {
	beforeEach(async () => {
		s = await seeded();
	});

	it('refuses a disabled account with a clear message and changes nothing', () => {
		users.setDisabled(s.db, s.ids.junior3, true, s.ids.res);
		const before = rows();
		expect(assign.addJunior(s.db, s.studyId, 'junior3', s.ids.res)).toEqual({
			ok: false,
			message:
				'The account "junior3" is disabled; enable it on the Accounts page before adding it to a study.'
		});
		expect(rows()).toEqual(before);
		const member = s.db
			.select()
			.from(studyMembers)
			.where(eq(studyMembers.userId, s.ids.junior3))
			.all();
		expect(member).toEqual([]);
	});

	it('accepts the same account once it is enabled again', () => {
		users.setDisabled(s.db, s.ids.junior3, true, s.ids.res);
		users.setDisabled(s.db, s.ids.junior3, false, s.ids.res);
		const result = assign.addJunior(s.db, s.studyId, 'junior3', s.ids.res);
		expect(result.ok && result.assignments).toBeGreaterThan(0);
	});
});

describe('reassigning', () => {
	beforeEach(async () => {
		s = await seeded();
	});

	const refusal = (opened: number) => ({
		ok: false,
		message: `Juniors have already opened ${opened} pair(s) of this study; reassigning would delete their work in progress, so nothing was changed. Add juniors instead.`
	});

	it('refuses once a junior has opened a pair, and keeps that pair (the submit still works)', () => {
		const opened = ratings.next(s.db, s.ids.junior1)!;
		const before = rows();
		expect(assign.assign(s.db, s.studyId, s.ids.res)).toEqual(refusal(1));
		expect(rows()).toEqual(before);
		const submitted = ratings.submit(s.db, s.ids.junior1, opened.id, {
			choices: {
				faithfulness: 'A',
				comprehensiveness: 'tie',
				generalizability: 'B',
				robustness: 'A'
			},
			hard: false,
			comment: ''
		});
		expect(submitted).toEqual({ ok: true, changed: true });
	});

	it.each([
		['a draft', { draft: '{"choices":{"faithfulness":"A"}}' }],
		['started_at', { startedAt: 1 }],
		['status started', { status: 'started' as const }]
	])('refuses when a pending pair has %s, and changes nothing', (_, set) => {
		const [target] = rows();
		s.db.update(assignments).set(set).where(eq(assignments.id, target.id)).run();
		const before = rows();
		expect(assign.assign(s.db, s.studyId, s.ids.res)).toEqual(refusal(1));
		expect(rows()).toEqual(before);
	});

	it('still reassigns, identically, while nobody has opened anything', () => {
		const placement = () =>
			rows().map((r) => [r.pairId, r.userId, r.modelOnLeft, r.position, r.isRepeat]);
		const before = placement();
		expect(assign.assign(s.db, s.studyId, s.ids.res)).toEqual({ ok: true, assignments: 12 });
		expect(placement()).toEqual(before);
	});
});
