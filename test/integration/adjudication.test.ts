import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { toChoice } from '../../src/lib/domain/blinding/choice.ts';
import {
	assignments,
	escalations,
	finalLabels,
	judgments
} from '../../src/lib/server/db/schema.ts';
import * as adjudication from '../../src/lib/server/services/adjudication.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import { pairAssignments, seeded, type Seeded } from '../helpers/seeded.ts';
import { first } from '../../src/lib/server/db/index.ts';

type C = 'A' | 'tie' | 'B';
let s: Seeded;
const DIMS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];

beforeEach(async () => {
	s = await seeded();
});

/** Both juniors rate junior1's first pair with canonical outcomes; returns the pair id. */
async function juniorsRate(
	o1: ('win' | 'tie' | 'loss')[],
	o2: ('win' | 'tie' | 'loss')[],
	hard2 = false
) {
	const v1 = (await ratings.next(s.db, s.ids.junior1))!;
	const [a1, a2] = await pairAssignments(s.db, v1.id, s.ids.junior2);
	const choices = (o: ('win' | 'tie' | 'loss')[], left: boolean) =>
		Object.fromEntries(DIMS.map((d, i) => [d, toChoice(o[i], left)])) as Record<string, C>;
	await ratings.submit(s.db, s.ids.junior1, a1.publicId, {
		choices: choices(o1, a1.modelOnLeft),
		hard: false,
		comment: 'J1 thinks A'
	});
	await ratings.submit(s.db, s.ids.junior2, a2.publicId, {
		choices: choices(o2, a2.modelOnLeft),
		hard: hard2,
		comment: ''
	});
	return a1.pairId;
}

const all = (c: C) => Object.fromEntries(DIMS.map((d) => [d, c])) as Record<string, C>;

describe('senior adjudication', () => {
	it('shows exactly the escalated pair, blind, with votes hidden until the independent judgment', async () => {
		expect(await adjudication.next(s.db, s.ids.senior)).toBeNull();
		await juniorsRate(['win', 'win', 'win', 'win'], ['win', 'win', 'win', 'loss']);
		const view = (await adjudication.next(s.db, s.ids.senior))!;
		expect(view.step).toBe('independent');
		expect(view.votes).toBeNull();
		expect(view.counts).toEqual({ pending: 1, decided: 0 });
		const json = JSON.stringify(view);
		for (const word of ['cand-a', 'cand-b', '"ref"', 'junior1', 'junior2'])
			expect(json).not.toContain(word);
	});

	it("maps the juniors' votes into the senior's placement after step 1, then finalizes with provenance", async () => {
		const pairId = await juniorsRate(['win', 'win', 'win', 'win'], ['win', 'win', 'win', 'loss']);
		const view = (await adjudication.next(s.db, s.ids.senior))!;
		const seniorRow = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, view.id)).limit(1)
		)!;
		const win = toChoice('win', seniorRow.modelOnLeft);
		const loss = toChoice('loss', seniorRow.modelOnLeft);

		expect(
			await adjudication.submitIndependent(s.db, s.ids.senior, view.id, {
				choices: all('tie'),
				comment: 'both weak'
			})
		).toEqual({ ok: true });
		const informed = await adjudication.view(s.db, s.ids.senior, view.id);
		if (!informed.ok) throw new Error();
		expect(informed.value.step).toBe('informed');
		expect(informed.value.choices).toEqual(all('tie'));
		// The votes come in a seeded order per pair (issue #11 item 13): compare them as a set.
		const votes = informed.value.votes!;
		expect(votes.map((v) => v.rater)).toEqual(['Rater 1', 'Rater 2']);
		const byComment = (a: { comment: string }, b: { comment: string }) =>
			b.comment.localeCompare(a.comment);
		expect(votes.map(({ rater: _, ...v }) => v).sort(byComment)).toEqual([
			{
				hard: false,
				comment: 'J1 thinks A',
				choices: {
					faithfulness: win,
					comprehensiveness: win,
					generalizability: win,
					robustness: win
				}
			},
			{
				hard: false,
				comment: '',
				choices: {
					faithfulness: win,
					comprehensiveness: win,
					generalizability: win,
					robustness: loss
				}
			}
		]);
		expect(informed.value.differing).toEqual(['robustness']);

		// The independent judgment is fixed once the votes are shown.
		await adjudication.submitIndependent(s.db, s.ids.senior, view.id, {
			choices: all('A'),
			comment: ''
		});
		expect(
			(
				await s.db
					.select()
					.from(judgments)
					.where(and(eq(judgments.assignmentId, seniorRow.id), eq(judgments.stage, 'independent')))
			).map((j) => j.outcome)
		).toEqual(['tie', 'tie', 'tie', 'tie']);

		const finalChoices = { ...all(win), robustness: 'tie' as C };
		expect(
			await adjudication.finalize(s.db, s.ids.senior, view.id, {
				choices: finalChoices,
				comment: 'revised'
			})
		).toEqual({ ok: true });
		const labels = await s.db.select().from(finalLabels).where(eq(finalLabels.pairId, pairId));
		// Scope "disputed" (the default since issue #15): only robustness, which the juniors
		// disputed, takes the senior's label; the agreed dimensions keep the consensus.
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
		expect(await adjudication.next(s.db, s.ids.senior)).toBeNull();
		expect(
			await adjudication.finalize(s.db, s.ids.senior, view.id, {
				choices: finalChoices,
				comment: ''
			})
		).toMatchObject({ ok: false, status: 409 });
	});

	it('refuses to finalize before the independent judgment, and incomplete choices', async () => {
		await juniorsRate(['win', 'win', 'win', 'win'], ['tie', 'win', 'win', 'win']);
		const view = (await adjudication.next(s.db, s.ids.senior))!;
		expect(
			await adjudication.finalize(s.db, s.ids.senior, view.id, { choices: all('A'), comment: '' })
		).toMatchObject({ ok: false, status: 409 });
		expect(
			await adjudication.submitIndependent(s.db, s.ids.senior, view.id, {
				choices: { faithfulness: 'A' },
				comment: ''
			})
		).toEqual({
			ok: false,
			status: 400,
			message:
				'Choose for every dimension before submitting. Missing: Comprehensiveness, Generalizability, Robustness.'
		});
	});

	it('a junior change that removes the disagreement takes the pair out of the queue', async () => {
		await juniorsRate(['win', 'win', 'win', 'win'], ['win', 'win', 'win', 'loss']);
		expect(await adjudication.queue(s.db, s.ids.senior)).toHaveLength(1);
		const a2 = first(
			await s.db
				.select()
				.from(assignments)
				.where(and(eq(assignments.userId, s.ids.junior2), eq(assignments.status, 'submitted')))
				.limit(1)
		)!;
		await ratings.submit(s.db, s.ids.junior2, a2.publicId, {
			choices: Object.fromEntries(DIMS.map((d) => [d, toChoice('win', a2.modelOnLeft)])) as Record<
				string,
				C
			>,
			hard: false,
			comment: ''
		});
		expect(await adjudication.queue(s.db, s.ids.senior)).toEqual([]);
	});

	it("other seniors and juniors cannot open the senior's pair; non-members see nothing", async () => {
		await juniorsRate(['win', 'win', 'win', 'win'], ['loss', 'win', 'win', 'win']);
		const view = (await adjudication.next(s.db, s.ids.senior))!;
		expect(await adjudication.view(s.db, s.ids.junior1, view.id)).toMatchObject({
			ok: false,
			status: 403
		});
		const { create } = await import('../../src/lib/server/services/users.ts');
		const outsider = await create(s.db, {
			username: 'outsider',
			role: 'senior',
			password: 'twelve chars!!'
		});
		expect(await adjudication.next(s.db, outsider)).toBeNull();
		expect(await adjudication.view(s.db, outsider, view.id)).toMatchObject({
			ok: false,
			status: 403
		});
	});

	it('queues by priority, then oldest first', async () => {
		await juniorsRate(['win', 'win', 'win', 'win'], ['loss', 'win', 'win', 'win']);
		await juniorsRate(['win', 'win', 'win', 'win'], ['loss', 'win', 'win', 'win']);
		const [top, second] = await adjudication.queue(s.db, s.ids.senior);
		const secondPair = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, second.id)).limit(1)
		)!.pairId;
		expect(
			await adjudication.setPriority(s.db, { studyId: s.studyId, pairId: secondPair, priority: 5 })
		).toEqual({ ok: true });
		expect((await adjudication.queue(s.db, s.ids.senior)).map((q) => q.id)).toEqual([
			second.id,
			top.id
		]);
	});
});
