/**
 * The junior's Rated list (issue #12 item 10): the rater's own choices in their own placement,
 * the time of the last change, and which pairs open read-only.
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { assignments, escalations, studies } from '../../src/lib/server/db/schema.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';
import { first } from '../../src/lib/server/db/index.ts';

type C = 'A' | 'tie' | 'B';
const choices = (f: C, c: C, g: C, r: C) => ({
	faithfulness: f,
	comprehensiveness: c,
	generalizability: g,
	robustness: r
});

let s: Seeded;
beforeEach(async () => {
	s = await seeded();
	vi.useFakeTimers({ toFake: ['Date'] });
	vi.setSystemTime(1_800_000_000_000);
});
afterEach(() => vi.useRealTimers());

async function rateNext(userId: number, picked: Record<string, C>, comment = '') {
	const view = (await ratings.next(s.db, userId))!;
	expect(
		(await ratings.submit(s.db, userId, view.id, { choices: picked, hard: false, comment })).ok
	).toBe(true);
	return view.id;
}

describe('the Rated list', () => {
	it("shows each rater's own choices as they were shown to that rater", async () => {
		const mine = await rateNext(s.ids.junior1, choices('A', 'tie', 'B', 'A'));
		const a1 = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, mine)).limit(1)
		)!;
		const a2 = first(
			await s.db
				.select()
				.from(assignments)
				.where(and(eq(assignments.pairId, a1.pairId), eq(assignments.userId, s.ids.junior2)))
				.limit(1)
		)!;
		await ratings.submit(s.db, s.ids.junior2, a2.publicId, {
			choices: choices('B', 'B', 'tie', 'A'),
			hard: true,
			comment: ''
		});
		expect(await ratings.rated(s.db, s.ids.junior1)).toEqual([
			expect.objectContaining({
				id: mine,
				choices: choices('A', 'tie', 'B', 'A'),
				hard: false,
				decided: false,
				closed: false
			})
		]);
		expect(await ratings.rated(s.db, s.ids.junior2)).toEqual([
			expect.objectContaining({
				id: a2.publicId,
				choices: choices('B', 'B', 'tie', 'A'),
				hard: true
			})
		]);
	});

	it('a change updates the choices and the time, and moves the pair to the top', async () => {
		const first = await rateNext(s.ids.junior1, choices('A', 'A', 'A', 'A'));
		vi.setSystemTime(1_800_000_060_000);
		const second = await rateNext(s.ids.junior1, choices('B', 'B', 'B', 'B'));
		expect((await ratings.rated(s.db, s.ids.junior1)).map((p) => p.id)).toEqual([second, first]);

		vi.setSystemTime(1_800_000_120_000);
		await ratings.submit(s.db, s.ids.junior1, first, {
			choices: choices('A', 'A', 'A', 'tie'),
			hard: false,
			comment: ''
		});
		const [top, below] = await ratings.rated(s.db, s.ids.junior1);
		expect(top).toMatchObject({
			id: first,
			changedAt: 1_800_000_120_000,
			choices: choices('A', 'A', 'A', 'tie')
		});
		expect(below).toMatchObject({ id: second, changedAt: 1_800_000_060_000 });

		// A change to the comment alone is a change too.
		vi.setSystemTime(1_800_000_180_000);
		await ratings.submit(s.db, s.ids.junior1, second, {
			choices: choices('B', 'B', 'B', 'B'),
			hard: false,
			comment: 'second thoughts'
		});
		expect((await ratings.rated(s.db, s.ids.junior1))[0]).toMatchObject({
			id: second,
			changedAt: 1_800_000_180_000
		});
	});

	it('marks pairs a senior decided, and pairs of a closed study, as read-only', async () => {
		const mine = await rateNext(s.ids.junior1, choices('A', 'A', 'A', 'A'));
		const other = await rateNext(s.ids.junior1, choices('A', 'A', 'A', 'A'));
		const pairId = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, mine)).limit(1)
		)!.pairId;
		await s.db.transaction(async (tx) =>
			tx.insert(escalations).values({ pairId, reasons: '{}', decidedAt: Date.now() })
		);
		const byId = new Map((await ratings.rated(s.db, s.ids.junior1)).map((p) => [p.id, p]));
		expect(byId.get(mine)).toMatchObject({ decided: true, closed: false });
		expect(byId.get(other)).toMatchObject({ decided: false, closed: false });
		await s.db.transaction(async (tx) => tx.update(studies).set({ status: 'closed' }));
		expect((await ratings.rated(s.db, s.ids.junior1)).every((p) => p.closed)).toBe(true);
	});

	it("groups by study with the study's dimensions as columns", async () => {
		await rateNext(s.ids.junior1, choices('A', 'A', 'A', 'A'));
		expect(await ratings.ratedByStudy(s.db, s.ids.junior1)).toEqual([
			{
				id: s.studyId,
				title: `Study ${s.studyId}`,
				dimensions: [
					{ key: 'faithfulness', label: 'Faithfulness' },
					{ key: 'comprehensiveness', label: 'Comprehensiveness' },
					{ key: 'generalizability', label: 'Generalizability' },
					{ key: 'robustness', label: 'Robustness' }
				],
				// The study's rating scale names the choices (3: "A better", issue #16 §1).
				scale: 3,
				pairs: [expect.objectContaining({ studyName: `Study ${s.studyId}` })]
			}
		]);
	});
});
