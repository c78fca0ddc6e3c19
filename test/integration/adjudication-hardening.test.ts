/**
 * Senior adjudication and the pair browser (issue #11 items 9, 13, 15, 20): the step-1 comment
 * kept apart from the final one; the juniors' votes in a seeded order per pair; the priority
 * action checked against the study and the queue; history of flags and comments.
 */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { toChoice } from '../../src/lib/domain/blinding/choice.ts';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import type { AppDb } from '../../src/lib/server/db/index.ts';
import {
	assignments,
	dimensions,
	escalations,
	noteHistory,
	pairs
} from '../../src/lib/server/db/schema.ts';
import * as adjudication from '../../src/lib/server/services/adjudication.ts';
import * as pairBrowser from '../../src/lib/server/services/pair-browser.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import { actions } from '../../src/routes/(researcher)/studies/[id]/pairs/+page.server.ts';
import { rejectionText } from '../helpers/db.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';
import { smallStudy } from '../helpers/study.ts';
import { first } from '../../src/lib/server/db/index.ts';

let current: AppDb;
vi.mock('$lib/server/db/index.ts', async (original) => ({
	...(await original<object>()),
	getDb: () => current
}));

type C = 'A' | 'tie' | 'B';
const DIMS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
const all = (c: C) => Object.fromEntries(DIMS.map((d) => [d, c])) as Record<string, C>;

let s: Seeded;
beforeEach(async () => {
	s = await seeded();
	current = s.db;
});

/**
 * Both juniors rate every pair of the study; they differ on robustness everywhere, so every
 * pair escalates. Each junior signs their comment.
 */
async function juniorsDisagreeEverywhere(db = s.db, ids = s.ids) {
	for (const [junior, robustness] of [
		['junior1', 'win'],
		['junior2', 'tie']
	] as const)
		for (
			let view = await ratings.next(db, ids[junior]);
			view;
			view = await ratings.next(db, ids[junior])
		) {
			const a = first(
				await db.select().from(assignments).where(eq(assignments.publicId, view.id)).limit(1)
			)!;
			const result = await ratings.submit(db, ids[junior], view.id, {
				choices: Object.fromEntries(
					DIMS.map((d) => [d, toChoice(d === 'robustness' ? robustness : 'win', a.modelOnLeft)])
				),
				hard: false,
				comment: `from ${junior}`
			});
			if (!result.ok) throw new Error(result.message);
		}
}

/** Per escalated pair (in pair order), which junior the senior sees as "Rater 1". */
async function raterOneByPair(db = s.db, ids = s.ids): Promise<string[]> {
	const out: [number, string][] = [];
	for (const item of await adjudication.queue(db, ids.senior)) {
		await adjudication.submitIndependent(db, ids.senior, item.id, {
			choices: all('tie'),
			comment: ''
		});
		const view = await adjudication.view(db, ids.senior, item.id);
		if (!view.ok) throw new Error(view.message);
		const pairId = first(
			await db.select().from(assignments).where(eq(assignments.publicId, item.id)).limit(1)
		)!.pairId;
		out.push([pairId, view.value.votes!.find((v) => v.rater === 'Rater 1')!.comment]);
	}
	return out.sort((a, b) => a[0] - b[0]).map(([, comment]) => comment);
}

describe("the juniors' votes as the senior sees them", () => {
	it('are ordered per pair, seeded: "Rater 1" is not the same junior on every pair, and reproducibly so', async () => {
		await juniorsDisagreeEverywhere();
		const order = await raterOneByPair();
		expect(order).toHaveLength(6);
		expect(new Set(order)).toEqual(new Set(['from junior1', 'from junior2']));
		// The same pair shows the same order again, and the same study and seed give the same orders.
		expect(await raterOneByPair()).toEqual(order);
		const again = await seeded();
		await juniorsDisagreeEverywhere(again.db, again.ids);
		expect(await raterOneByPair(again.db, again.ids)).toEqual(order);
	});

	it('come without the stored reasons, whose rater labels follow assignment order', async () => {
		await juniorsDisagreeEverywhere();
		const [item] = await adjudication.queue(s.db, s.ids.senior);
		await adjudication.submitIndependent(s.db, s.ids.senior, item.id, {
			choices: all('tie'),
			comment: ''
		});
		const view = await adjudication.view(s.db, s.ids.senior, item.id);
		if (!view.ok) throw new Error();
		expect(view.value.differing).toEqual(['robustness']);
		expect(JSON.stringify(view.value)).not.toContain('flaggedBy');
	});
});

describe("the senior's comments", () => {
	it('keeps the step-1 comment apart from the final one, each on its own stage', async () => {
		await juniorsDisagreeEverywhere();
		const [item] = await adjudication.queue(s.db, s.ids.senior);
		await adjudication.submitIndependent(s.db, s.ids.senior, item.id, {
			choices: all('tie'),
			comment: 'blind: both weak'
		});
		const informed = await adjudication.view(s.db, s.ids.senior, item.id);
		expect(informed.ok && informed.value.comment).toBe('blind: both weak');
		expect(
			await adjudication.finalize(s.db, s.ids.senior, item.id, {
				choices: all('A'),
				comment: 'after the votes: A'
			})
		).toEqual({ ok: true });
		const row = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, item.id)).limit(1)
		)!;
		expect(row).toMatchObject({
			independentComment: 'blind: both weak',
			comment: 'after the votes: A'
		});
		const decided = await adjudication.view(s.db, s.ids.senior, item.id);
		expect(decided.ok && decided.value).toMatchObject({
			step: 'decided',
			comment: 'after the votes: A',
			independentComment: 'blind: both weak'
		});

		const pair = (await pairBrowser.browse(s.db, s.studyId, {})).pairs.find(
			(p) => p.id === row.pairId
		)!;
		const senior = pair.votes.filter((v) => v.role === 'senior');
		// In the order they happen (issue 17 item 7): the blind step before the final one.
		expect(senior.map((v) => [v.stage, v.comment])).toEqual([
			['independent', 'blind: both weak'],
			['final', 'after the votes: A']
		]);
	});
});

describe('history of "Hard to decide" and comments', () => {
	it('records first values and every later change per stage, for juniors and seniors, not drafts', async () => {
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		const a = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, view.id)).limit(1)
		)!;
		await ratings.saveDraft(s.db, s.ids.junior1, view.id, {
			choices: {},
			hard: true,
			comment: 'dra'
		});
		await ratings.saveDraft(s.db, s.ids.junior1, view.id, {
			choices: {},
			hard: true,
			comment: 'draft'
		});
		expect(await s.db.select().from(noteHistory)).toEqual([]);

		const submit = async (hard: boolean, comment: string) =>
			await ratings.submit(s.db, s.ids.junior1, view.id, { choices: all('A'), hard, comment });
		await submit(true, 'first');
		await submit(true, 'first'); // identical: nothing new
		await submit(false, 'second');
		await submit(false, 'second');
		const rows = async (id: number) =>
			(
				await s.db
					.select()
					.from(noteHistory)
					.where(eq(noteHistory.assignmentId, id))
					.orderBy(noteHistory.id)
			).map((n) => [n.stage, n.field, n.oldValue, n.newValue, n.changedBy]);
		expect(await rows(a.id)).toEqual([
			['rating', 'hard_to_decide', null, '1', s.ids.junior1],
			['rating', 'comment', null, 'first', s.ids.junior1],
			['rating', 'hard_to_decide', '1', '0', s.ids.junior1],
			['rating', 'comment', 'first', 'second', s.ids.junior1]
		]);
		// Append-only, like the judgment history.
		expect(await rejectionText(s.db.transaction(async (tx) => tx.delete(noteHistory)))).toMatch(
			/append-only/
		);

		// The pair browser lists the changes with who made them.
		const pair = (await pairBrowser.browse(s.db, s.studyId, {})).pairs.find(
			(p) => p.id === a.pairId
		)!;
		expect(pair.notes.map((n) => [n.rater, n.field, n.stage, n.from, n.to])).toEqual([
			['J1', 'hard_to_decide', 'rating', null, '1'],
			['J1', 'comment', 'rating', null, 'first'],
			['J1', 'hard_to_decide', 'rating', '1', '0'],
			['J1', 'comment', 'rating', 'first', 'second']
		]);
	});

	it("records the senior's comment of each stage", async () => {
		await juniorsDisagreeEverywhere();
		const [item] = await adjudication.queue(s.db, s.ids.senior);
		await adjudication.submitIndependent(s.db, s.ids.senior, item.id, {
			choices: all('tie'),
			comment: 'one'
		});
		await adjudication.finalize(s.db, s.ids.senior, item.id, {
			choices: all('tie'),
			comment: 'two'
		});
		const row = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, item.id)).limit(1)
		)!;
		expect(
			(await s.db.select().from(noteHistory).where(eq(noteHistory.assignmentId, row.id))).map(
				(n) => [n.stage, n.field, n.oldValue, n.newValue, n.changedBy]
			)
		).toEqual([
			['independent', 'comment', null, 'one', s.ids.senior],
			['final', 'comment', null, 'two', s.ids.senior]
		]);
	});
});

describe("the pair browser's priority action", () => {
	type Action = (typeof actions)['priority'];
	const raise = (studyId: number, pairId: number, priority = 10) =>
		(actions.priority as Action)({
			params: { id: String(studyId) },
			request: new Request('http://localhost/studies/1/pairs?/priority', {
				method: 'POST',
				body: new URLSearchParams({ pairId: String(pairId), priority: String(priority) })
			})
		} as unknown as Parameters<Action>[0]);
	const pairOf = async (publicId: string) =>
		first(await s.db.select().from(assignments).where(eq(assignments.publicId, publicId)).limit(1))!
			.pairId;

	it('raises an escalated, undecided pair of this study', async () => {
		await juniorsDisagreeEverywhere();
		const [, second] = await adjudication.queue(s.db, s.ids.senior);
		expect(await raise(s.studyId, await pairOf(second.id))).toEqual({
			success: 'Moved the pair to the front of the senior queue.'
		});
		expect((await adjudication.queue(s.db, s.ids.senior))[0].id).toBe(second.id);
	});

	it('refuses a pair of another study, a missing pair, and pairs not waiting for a senior', async () => {
		await juniorsDisagreeEverywhere();
		// Another study, imported afterwards, so nobody has rated its pairs.
		const parsed = parseStudyFile(JSON.stringify(smallStudy({ name: 'Other' })));
		if (!parsed.ok) throw new Error();
		const other = await studies.importStudy(s.db, parsed.value, s.ids.res);
		if (!other.ok) throw new Error();
		const otherPair = first(
			await s.db.select().from(pairs).where(eq(pairs.studyId, other.id)).limit(1)
		)!;

		expect(await raise(s.studyId, otherPair.id)).toMatchObject({
			status: 404,
			data: { message: `This study has no pair ${otherPair.id}.` }
		});
		expect(await raise(s.studyId, 99_999)).toMatchObject({
			status: 404,
			data: { message: 'This study has no pair 99999.' }
		});
		expect(await raise(other.id, otherPair.id)).toMatchObject({
			status: 409,
			data: {
				message:
					'This pair is not in the senior queue: the juniors have not disagreed on it or flagged it.'
			}
		});
		const [decided, withdrawn] = await adjudication.queue(s.db, s.ids.senior);
		await adjudication.submitIndependent(s.db, s.ids.senior, decided.id, {
			choices: all('A'),
			comment: ''
		});
		await adjudication.finalize(s.db, s.ids.senior, decided.id, { choices: all('A'), comment: '' });
		expect(await raise(s.studyId, await pairOf(decided.id))).toMatchObject({
			status: 409,
			data: {
				message: 'A senior has already adjudicated this pair; its priority no longer matters.'
			}
		});
		await s.db.transaction(async (tx) =>
			tx
				.update(escalations)
				.set({ withdrawnAt: Date.now() })
				.where(eq(escalations.pairId, await pairOf(withdrawn.id)))
		);
		expect(await raise(s.studyId, await pairOf(withdrawn.id))).toMatchObject({
			status: 409,
			data: { message: 'The juniors now agree on this pair; it has left the senior queue.' }
		});
		expect((await s.db.select().from(escalations)).every((e) => e.priority === 0)).toBe(true);
	});
});

describe('dimension keys that name Object.prototype members', () => {
	it('are ordinary keys in a junior submission and in the pair browser', async () => {
		const keys = ['__proto__', 'constructor'];
		for (const [from, to] of [
			['robustness', '__proto__'],
			['generalizability', 'constructor']
		])
			await s.db.transaction(async (tx) =>
				tx.update(dimensions).set({ key: to }).where(eq(dimensions.key, from))
			);
		const dims = ['faithfulness', 'comprehensiveness', ...keys];
		const choices = (c: C) =>
			JSON.parse(JSON.stringify(Object.fromEntries(dims.map((d) => [d, c])))) as Record<string, C>;
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		expect(
			await ratings.submit(s.db, s.ids.junior1, view.id, {
				choices: choices('tie'),
				hard: false,
				comment: ''
			})
		).toEqual({ ok: true, changed: true });
		const a = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, view.id)).limit(1)
		)!;
		const pair = (await pairBrowser.browse(s.db, s.studyId, {})).pairs.find(
			(p) => p.id === a.pairId
		)!;
		const [vote] = pair.votes;
		expect(Object.keys(vote.outcomes).sort()).toEqual([...dims].sort());
		expect(vote.outcomes['__proto__']).toEqual({ outcome: 'tie', grade: null, shown: 'tie' });
		expect(Object.prototype).not.toHaveProperty('outcome');
	});
});
