/**
 * Issue #12 items 11 and 13: the senior's drafts (step 1 and step 2), the list of decided pairs,
 * and Reopen / re-Finalize with both versions kept in the history.
 */
import { and, asc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { toChoice } from '../../src/lib/domain/blinding/choice.ts';
import {
	assignments,
	auditLog,
	escalations,
	finalLabels,
	judgmentHistory,
	judgments,
	noteHistory
} from '../../src/lib/server/db/schema.ts';
import * as adjudication from '../../src/lib/server/services/adjudication.ts';
import * as decidedPairs from '../../src/lib/server/services/decided-pairs.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import { pairAssignments, seeded, type Seeded } from '../helpers/seeded.ts';
import { first } from '../../src/lib/server/db/index.ts';

type C = 'A' | 'tie' | 'B';
type O = 'win' | 'tie' | 'loss';
const DIMS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
const all = (c: C) => Object.fromEntries(DIMS.map((d) => [d, c])) as Record<string, C>;
let s: Seeded;

beforeEach(async () => {
	s = await seeded();
});

/** Junior1 and junior2 rate junior1's next pair, differing on robustness; returns the pair id. */
async function escalate(): Promise<number> {
	const v1 = (await ratings.next(s.db, s.ids.junior1))!;
	const [a1, a2] = await pairAssignments(s.db, v1.id, s.ids.junior2);
	const choices = (o: O[], left: boolean) =>
		Object.fromEntries(DIMS.map((d, i) => [d, toChoice(o[i], left)])) as Record<string, C>;
	await ratings.submit(s.db, s.ids.junior1, a1.publicId, {
		choices: choices(['win', 'win', 'win', 'win'], a1.modelOnLeft),
		hard: false,
		comment: ''
	});
	await ratings.submit(s.db, s.ids.junior2, a2.publicId, {
		choices: choices(['win', 'win', 'win', 'loss'], a2.modelOnLeft),
		hard: false,
		comment: ''
	});
	return a1.pairId;
}

/** Escalates a pair and has the senior decide it: independent all Tie, final all A. */
async function decide(comment = 'first decision') {
	const pairId = await escalate();
	const id = (await adjudication.next(s.db, s.ids.senior))!.id;
	expect(
		await adjudication.submitIndependent(s.db, s.ids.senior, id, {
			choices: all('tie'),
			comment: ''
		})
	).toEqual({ ok: true });
	expect(
		await adjudication.finalize(s.db, s.ids.senior, id, { choices: all('A'), comment })
	).toEqual({
		ok: true
	});
	const row = first(
		await s.db.select().from(assignments).where(eq(assignments.publicId, id)).limit(1)
	)!;
	return { pairId, id, row };
}

const viewOf = async (id: string) => {
	const result = await adjudication.view(s.db, s.ids.senior, id);
	if (!result.ok) throw new Error(result.message);
	return result.value;
};

describe("the senior's drafts", () => {
	it('keeps a half-filled step 1 (study dimensions only), drops it at Submit, and refuses a late one', async () => {
		await escalate();
		const id = (await adjudication.next(s.db, s.ids.senior))!.id;
		const half = { faithfulness: 'B', robustness: 'tie', __proto__: 'A', extra: 'A' } as Record<
			string,
			C
		>;
		expect(
			await adjudication.saveDraft(s.db, s.ids.senior, id, 'independent', {
				choices: half,
				comment: 'half way'
			})
		).toEqual({ ok: true });
		const restored = await viewOf(id);
		expect(restored.step).toBe('independent');
		expect({ ...restored.choices }).toEqual({ faithfulness: 'B', robustness: 'tie' });
		expect(restored.comment).toBe('half way');
		// Still blind: a draft is the senior's own form, nothing of the juniors'.
		expect(restored.votes).toBeNull();
		expect(restored.differing).toBeNull();

		// A step-2 draft before step 1 is refused.
		expect(
			await adjudication.saveDraft(s.db, s.ids.senior, id, 'final', {
				choices: all('A'),
				comment: ''
			})
		).toMatchObject({ ok: false, status: 409 });

		await adjudication.submitIndependent(s.db, s.ids.senior, id, {
			choices: all('tie'),
			comment: 'c1'
		});
		expect(
			first(await s.db.select().from(assignments).where(eq(assignments.publicId, id)).limit(1))!
				.draft
		).toBe(null);
		// A step-1 draft that arrives after Submit cannot fill step 2.
		expect(
			await adjudication.saveDraft(s.db, s.ids.senior, id, 'independent', {
				choices: all('B'),
				comment: 'late'
			})
		).toMatchObject({ ok: false, status: 409 });
		expect((await viewOf(id)).choices).toEqual(all('tie'));

		expect(
			await adjudication.saveDraft(s.db, s.ids.senior, id, 'final', {
				choices: { ...all('tie'), robustness: 'A' },
				comment: 'leaning A'
			})
		).toEqual({ ok: true });
		const informed = await viewOf(id);
		expect(informed.step).toBe('informed');
		expect(informed.choices).toEqual({ ...all('tie'), robustness: 'A' });
		expect(informed.comment).toBe('leaning A');
		expect(informed.independentComment).toBe('c1');

		await adjudication.finalize(s.db, s.ids.senior, id, { choices: all('A'), comment: 'done' });
		expect(
			await adjudication.saveDraft(s.db, s.ids.senior, id, 'final', {
				choices: all('B'),
				comment: ''
			})
		).toMatchObject({ ok: false, status: 409 });
		expect((await viewOf(id)).choices).toEqual(all('A'));
	});

	it("refuses drafts of another senior's pair and in a closed study", async () => {
		await escalate();
		const id = (await adjudication.next(s.db, s.ids.senior))!.id;
		expect(
			await adjudication.saveDraft(s.db, s.ids.junior1, id, 'independent', {
				choices: all('A'),
				comment: ''
			})
		).toMatchObject({ ok: false, status: 403 });
		await studies.setStatus(s.db, s.studyId, 'closed', s.ids.res);
		expect(
			await adjudication.saveDraft(s.db, s.ids.senior, id, 'independent', {
				choices: all('A'),
				comment: ''
			})
		).toMatchObject({ ok: false, status: 409 });
		expect((await viewOf(id)).closed).toBe(true);
	});
});

describe('decided pairs and Reopen', () => {
	it("lists the senior's own decided pairs, newest first, with the study's title for raters", async () => {
		expect(await decidedPairs.list(s.db, s.ids.senior)).toEqual([]);
		const first = await decide();
		const second = await decide();
		await s.db.transaction(async (tx) =>
			tx.update(assignments).set({ submittedAt: 1_000 }).where(eq(assignments.id, first.row.id))
		);
		const list = await decidedPairs.list(s.db, s.ids.senior);
		expect(list.map((d) => d.id)).toEqual([second.id, first.id]);
		expect(list[1]).toMatchObject({ decidedAt: 1_000, closed: false });
		expect(list[0].studyName).toBe(`Study ${s.studyId}`);
		expect(list[0].question.length).toBeGreaterThan(0);
		expect(await decidedPairs.list(s.db, s.ids.junior1)).toEqual([]);
	});

	it('reopens a decided pair and re-finalizes it: both versions in the history, labels and escalation follow', async () => {
		const { pairId, id, row } = await decide('first decision');
		expect(await viewOf(id)).toMatchObject({ step: 'decided', canReopen: true, reopened: false });

		expect(await decidedPairs.reopen(s.db, s.ids.senior, id)).toEqual({ ok: true });
		const escalation = first(
			await s.db.select().from(escalations).where(eq(escalations.pairId, pairId)).limit(1)
		)!;
		expect(escalation.decidedAt).toBeNull();
		expect(escalation.withdrawnAt).toBeNull();
		// An undecided pair again: back in the queue, no final labels until the next Finalize.
		expect(await s.db.select().from(finalLabels).where(eq(finalLabels.pairId, pairId))).toEqual([]);
		expect((await adjudication.queue(s.db, s.ids.senior)).map((q) => q.id)).toEqual([id]);
		expect(await decidedPairs.list(s.db, s.ids.senior)).toEqual([]);
		const reopened = await viewOf(id);
		expect(reopened).toMatchObject({
			step: 'informed',
			reopened: true,
			canReopen: false,
			comment: 'first decision',
			counts: { pending: 1, decided: 0 }
		});
		// The last final choices are in the form, the votes are shown again.
		expect(reopened.choices).toEqual(all('A'));
		expect(reopened.votes).toHaveLength(2);
		expect(
			await s.db.select().from(auditLog).where(eq(auditLog.action, 'adjudication.reopen'))
		).toHaveLength(1);

		const changed = { ...all('A'), robustness: 'tie' as C };
		expect(
			await adjudication.finalize(s.db, s.ids.senior, id, {
				choices: changed,
				comment: 'second look'
			})
		).toEqual({ ok: true });

		const finalHistory = await s.db
			.select()
			.from(judgmentHistory)
			.where(and(eq(judgmentHistory.assignmentId, row.id), eq(judgmentHistory.stage, 'final')))
			.orderBy(asc(judgmentHistory.id));
		const aOutcome = row.modelOnLeft ? 'win' : 'loss';
		// Four first values, then the one change (robustness: A → Tie) with its old value.
		expect(finalHistory.map((h) => [h.oldOutcome, h.newOutcome])).toEqual([
			[null, aOutcome],
			[null, aOutcome],
			[null, aOutcome],
			[null, aOutcome],
			[aOutcome, 'tie']
		]);
		expect(
			(
				await s.db
					.select()
					.from(noteHistory)
					.where(and(eq(noteHistory.assignmentId, row.id), eq(noteHistory.stage, 'final')))
					.orderBy(asc(noteHistory.id))
			).map((n) => [n.oldValue, n.newValue])
		).toEqual([
			[null, 'first decision'],
			['first decision', 'second look']
		]);
		// The independent judgment is untouched.
		expect(
			(
				await s.db
					.select()
					.from(judgments)
					.where(and(eq(judgments.assignmentId, row.id), eq(judgments.stage, 'independent')))
			).map((j) => j.outcome)
		).toEqual(['tie', 'tie', 'tie', 'tie']);
		const labels = await s.db.select().from(finalLabels).where(eq(finalLabels.pairId, pairId));
		// Scope "disputed" (the default since issue #15): the juniors agreed on the first three
		// dimensions (win), which keep their label; the senior's label replaces robustness only.
		expect(labels.map((l) => [l.outcome, l.source])).toEqual([
			['win', 'consensus'],
			['win', 'consensus'],
			['win', 'consensus'],
			['tie', 'senior']
		]);
		expect(
			first(await s.db.select().from(escalations).where(eq(escalations.pairId, pairId)).limit(1))!
				.decidedAt
		).not.toBeNull();
		expect(await viewOf(id)).toMatchObject({ step: 'decided', comment: 'second look' });
		expect((await decidedPairs.list(s.db, s.ids.senior)).map((d) => d.id)).toEqual([id]);
		expect(await adjudication.queue(s.db, s.ids.senior)).toEqual([]);
	});

	it('refuses to reopen in a closed study (read-only), an undecided pair, and for anyone else', async () => {
		const { pairId, id } = await decide();
		await escalate();
		const pending = (await adjudication.next(s.db, s.ids.senior))!.id;
		expect(await decidedPairs.reopen(s.db, s.ids.senior, pending)).toMatchObject({
			ok: false,
			status: 409
		});
		expect(await decidedPairs.reopen(s.db, s.ids.junior1, id)).toMatchObject({
			ok: false,
			status: 403
		});
		expect(await decidedPairs.reopen(s.db, s.ids.senior, 'no-such-id')).toMatchObject({
			ok: false,
			status: 404
		});

		await studies.setStatus(s.db, s.studyId, 'closed', s.ids.res);
		const before = await s.db.select().from(finalLabels).where(eq(finalLabels.pairId, pairId));
		expect(await decidedPairs.reopen(s.db, s.ids.senior, id)).toEqual({
			ok: false,
			status: 409,
			message: 'This study is closed; its decisions can no longer change.'
		});
		expect(await viewOf(id)).toMatchObject({ step: 'decided', canReopen: false, closed: true });
		expect(await decidedPairs.list(s.db, s.ids.senior)).toMatchObject([{ id, closed: true }]);
		expect(await s.db.select().from(finalLabels).where(eq(finalLabels.pairId, pairId))).toEqual(
			before
		);
		expect(
			first(await s.db.select().from(escalations).where(eq(escalations.pairId, pairId)).limit(1))!
				.decidedAt
		).not.toBeNull();
	});
});
