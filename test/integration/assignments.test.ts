/** Assignment as stored: repeats' links, adding juniors, and when reassigning is refused. */
import { eq } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { assignments, studyMembers } from '../../src/lib/server/db/schema.ts';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import * as assign from '../../src/lib/server/services/assignments.ts';
import * as demo from '../../src/lib/server/services/demo.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { rawExec, rawRows, testDb } from '../helpers/db.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';

let s: Seeded;

/** Every junior assignment row, in id order, as the database holds it. */
async function rows(db = s.db) {
	return await db.select().from(assignments).orderBy(assignments.id);
}

describe('repeats', () => {
	it('repeat_of points at the same junior’s original of the same pair, never at a repeat', async () => {
		s = await seeded({ repeat_rate: 0.5 });
		const all = await rows();
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
		expect((await assign.addJunior(s.db, s.studyId, 'junior3', s.ids.res)).ok).toBe(true);
		const all = await rows();
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

	it('refuses a disabled account with a clear message and changes nothing', async () => {
		await users.setDisabled(s.db, s.ids.junior3, true, s.ids.res);
		const before = await rows();
		expect(await assign.addJunior(s.db, s.studyId, 'junior3', s.ids.res)).toEqual({
			ok: false,
			message:
				'The account "junior3" is disabled; enable it on the Accounts page before adding it to a study.'
		});
		expect(await rows()).toEqual(before);
		const member = await s.db
			.select()
			.from(studyMembers)
			.where(eq(studyMembers.userId, s.ids.junior3));
		expect(member).toEqual([]);
	});

	it('accepts the same account once it is enabled again', async () => {
		await users.setDisabled(s.db, s.ids.junior3, true, s.ids.res);
		await users.setDisabled(s.db, s.ids.junior3, false, s.ids.res);
		const result = await assign.addJunior(s.db, s.studyId, 'junior3', s.ids.res);
		expect(result.ok && result.assignments).toBeGreaterThan(0);
	});
});

describe('reassigning', () => {
	beforeEach(async () => {
		s = await seeded();
	});

	const refusal = (opened: number) => ({
		ok: false,
		message: `Juniors have already opened ${opened} ${opened === 1 ? 'pair' : 'pairs'} of this study; reassigning would delete their work in progress, so nothing was changed. Add juniors instead.`
	});

	it('refuses once a junior has opened a pair, and keeps that pair (the submit still works)', async () => {
		const opened = (await ratings.next(s.db, s.ids.junior1))!;
		const before = await rows();
		expect(await assign.assign(s.db, s.studyId, s.ids.res)).toEqual(refusal(1));
		expect(await rows()).toEqual(before);
		const submitted = await ratings.submit(s.db, s.ids.junior1, opened.id, {
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
	])('refuses when a pending pair has %s, and changes nothing', async (_, set) => {
		const [target] = await rows();
		await s.db.transaction(async (tx) =>
			tx.update(assignments).set(set).where(eq(assignments.id, target.id))
		);
		const before = await rows();
		expect(await assign.assign(s.db, s.studyId, s.ids.res)).toEqual(refusal(1));
		expect(await rows()).toEqual(before);
	});

	it('still reassigns, identically, while nobody has opened anything', async () => {
		const placement = async () =>
			(await rows()).map((r) => [r.pairId, r.userId, r.modelOnLeft, r.position, r.isRepeat]);
		const before = await placement();
		expect(await assign.assign(s.db, s.studyId, s.ids.res)).toEqual({ ok: true, assignments: 12 });
		expect(await placement()).toEqual(before);
	});
});

describe('blinding by repetition: the demo study', () => {
	const DEMO_STATEMENT =
		'Blinding: with 2 juniors and 2 raters per pair, a junior sees each reference answer up to 3 times and each candidate answer up to 2 times per question, so recognising an answer seen before can hint at its model. With 6 juniors (2 per pair × 3 sets of pairs without a repeated answer) every junior would see each answer at most once per question. Until then, each junior’s pairs of one question are spread far apart in their queue.';

	/** Most times one junior meets one response of one prompt, per model group, from the rows. */
	async function measured(db: Seeded['db']) {
		const rows = await rawRows<{ n: number; grp: string }>(
			db,
			`select max(n) as n, m.grp as grp from (
				   select a.user_id, p.prompt_id, x.model_id, count(*) as n
				   from assignments a join pairs p on p.id = a.pair_id
				   join (select id, model_id from pairs union all select id, opponent_id from pairs) x on x.id = p.id
				   where a.role = 'junior' and not a.is_repeat
				   group by a.user_id, p.prompt_id, x.model_id
				 ) c join (select id, "group" as grp from models) m on m.id = c.model_id group by m.grp`
		);
		return Object.fromEntries(rows.map((r) => [r.grp, r.n]));
	}

	it('states the figures the stored demo assignment shows: references 3 times, candidates 2 times, 6 juniors needed', async () => {
		const fresh = await testDb();
		expect(await demo.load(fresh, 'seed')).toBe(true);
		const [study] = await rawRows<{ id: number }>(fresh, 'select id from studies');
		expect(await assign.blindingNote(fresh, study.id)).toBe(DEMO_STATEMENT);
		expect(await measured(fresh)).toEqual({ candidate: 2, reference: 3 });
	});

	it('with 6 juniors the demo design shows every junior each answer at most once per question', async () => {
		const file = JSON.parse(readFileSync('seed/demo-study.json', 'utf8'));
		const juniors = ['junior1', 'junior2', 'junior3', 'j4', 'j5', 'j6'];
		const six = await seeded();
		for (const username of juniors.slice(3))
			await users.create(six.db, { username, role: 'junior', password: 'twelve chars!!' });
		const parsed = parseStudyFile(
			JSON.stringify({ ...file, members: { junior: juniors, senior: ['senior'] } }),
			{ loadSideFile: (path) => readFileSync(`seed/${path}`, 'utf8') }
		);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
		const result = await studies.importStudy(six.db, parsed.value, six.ids.res);
		expect(result.ok && result.warnings).toEqual([]);
		if (!result.ok) return;
		expect(await assign.blindingNote(six.db, result.id)).toBeNull();
		// Both studies' rows are in this database; the small one (2 juniors) recurs, so measure the demo alone.
		await rawExec(six.db, 'delete from studies where id <> ?', result.id);
		expect(await measured(six.db)).toEqual({ candidate: 1, reference: 1 });
	});
});
