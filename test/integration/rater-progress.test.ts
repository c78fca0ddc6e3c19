/**
 * The progress a rater sees with every pair is read from counters on study_members that triggers
 * on `assignments` keep (issue #18): these tests check that the counters equal a full recount
 * after every kind of change to assignments — import, submission (and a double click), a status
 * going back, a junior added to a running study, a reassignment. Runs on SQLite and PostgreSQL.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { assignments } from '../../src/lib/server/db/schema.ts';
import * as assign from '../../src/lib/server/services/assignments.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import { rawRows } from '../helpers/db.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';

const ALL_TIE = {
	faithfulness: 'tie',
	comprehensiveness: 'tie',
	generalizability: 'tie',
	robustness: 'tie'
} as const;

/** Every member's counters next to a recount of their assignments. */
async function counters(s: Seeded) {
	const rows = await rawRows<Record<string, number | string>>(
		s.db,
		`select m.user_id as "user", m.assigned_count as "assigned", m.submitted_count as "submitted",
			(select count(*) from assignments a join pairs p on p.id = a.pair_id
				where a.user_id = m.user_id and p.study_id = m.study_id) as "total",
			(select count(*) from assignments a join pairs p on p.id = a.pair_id
				where a.user_id = m.user_id and p.study_id = m.study_id and a.status = 'submitted') as "done"
		 from study_members m where m.study_id = ? order by m.user_id`,
		s.studyId
	);
	return rows.map((r) => ({
		user: Number(r.user),
		assigned: Number(r.assigned),
		submitted: Number(r.submitted),
		total: Number(r.total),
		done: Number(r.done)
	}));
}

async function expectCountersRight(s: Seeded) {
	const rows = await counters(s);
	expect(rows.length).toBeGreaterThan(0);
	for (const row of rows)
		expect({ user: row.user, assigned: row.assigned, submitted: row.submitted }).toEqual({
			user: row.user,
			assigned: row.total,
			submitted: row.done
		});
	return rows;
}

async function submitNext(s: Seeded, userId: number) {
	const view = (await ratings.next(s.db, userId))!;
	const result = await ratings.submit(s.db, userId, view.id, {
		choices: ALL_TIE,
		hard: false,
		comment: ''
	});
	expect(result.ok).toBe(true);
	return view;
}

describe('progress counters', () => {
	it('count every assignment at import and every submission, once per pair', async () => {
		const s = await seeded();
		const rows = await expectCountersRight(s);
		const junior1 = rows.find((r) => r.user === s.ids.junior1)!;
		expect(junior1).toMatchObject({ assigned: 6, submitted: 0 }); // 6 pairs × 2 of 2 juniors
		expect(await ratings.progressOf(s.db, s.ids.junior1, s.studyId)).toEqual({
			done: 0,
			total: 6
		});

		const first = await submitNext(s, s.ids.junior1);
		// A double click: the same submission again changes nothing, the count included.
		await ratings.submit(s.db, s.ids.junior1, first.id, {
			choices: ALL_TIE,
			hard: false,
			comment: ''
		});
		// A change of mind on a submitted pair is no new submission either.
		await ratings.submit(s.db, s.ids.junior1, first.id, {
			choices: { ...ALL_TIE, robustness: 'A' },
			hard: true,
			comment: 'changed'
		});
		await submitNext(s, s.ids.junior1);
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		expect(view.progress).toEqual({ done: 2, total: 6 });
		await expectCountersRight(s);
	});

	it('follow a status that goes back (a reopened pair) and a draft that does not count', async () => {
		const s = await seeded();
		const view = await submitNext(s, s.ids.junior2);
		await ratings.saveDraft(s.db, s.ids.junior2, (await ratings.next(s.db, s.ids.junior2))!.id, {
			choices: { faithfulness: 'A' },
			hard: false,
			comment: ''
		});
		expect(await ratings.progressOf(s.db, s.ids.junior2, s.studyId)).toEqual({
			done: 1,
			total: 6
		});
		await s.db.transaction(async (tx) =>
			tx
				.update(assignments)
				.set({ status: 'started', submittedAt: null })
				.where(eq(assignments.publicId, view.id))
		);
		expect(await ratings.progressOf(s.db, s.ids.junior2, s.studyId)).toEqual({
			done: 0,
			total: 6
		});
		await expectCountersRight(s);
	});

	it('follow work moved to a junior added to a running study', async () => {
		const s = await seeded();
		await submitNext(s, s.ids.junior1);
		const added = await assign.addJunior(s.db, s.studyId, 'junior3', s.ids.res);
		expect(added).toMatchObject({ ok: true });
		const rows = await expectCountersRight(s);
		expect(rows.find((r) => r.user === s.ids.junior3)!.assigned).toBeGreaterThan(0);
		expect(rows.reduce((n, r) => n + r.assigned, 0)).toBe(12);
	});

	it('follow a reassignment (every junior assignment deleted and written again)', async () => {
		const s = await seeded();
		const result = await assign.assign(s.db, s.studyId, s.ids.res);
		expect(result).toEqual({ ok: true, assignments: 12 });
		const rows = await expectCountersRight(s);
		expect(rows.reduce((n, r) => n + r.assigned, 0)).toBe(12);
	});
});
