import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import {
	assignments,
	escalations,
	finalLabels,
	judgmentHistory,
	judgments,
	studies
} from '../../src/lib/server/db/schema.ts';
import * as assign from '../../src/lib/server/services/assignments.ts';
import { studyProgress } from '../../src/lib/server/services/progress.ts';
import { reconcile } from '../../src/lib/server/services/final-labels.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';
import { first } from '../../src/lib/server/db/index.ts';

let s: Seeded;
const ALL_A = {
	faithfulness: 'A',
	comprehensiveness: 'A',
	generalizability: 'A',
	robustness: 'A'
} as const;

beforeEach(async () => {
	s = await seeded();
});

async function submitAll(
	userId: number,
	choices: Record<string, 'A' | 'tie' | 'B'> = ALL_A,
	extra = {}
) {
	const view = (await ratings.next(s.db, userId))!;
	return {
		view,
		result: await ratings.submit(s.db, userId, view.id, {
			choices,
			hard: false,
			comment: '',
			...extra
		})
	};
}

describe('assignment at import', () => {
	it('gives every pair to both juniors (2 juniors, 2 raters per pair) and is reproducible', async () => {
		const rows = await s.db.select().from(assignments);
		expect(rows).toHaveLength(12); // 6 pairs × 2 juniors
		const again = await seeded();
		const placement = async (db: typeof s.db) =>
			await db
				.select({
					pair: assignments.pairId,
					user: assignments.userId,
					left: assignments.modelOnLeft,
					pos: assignments.position
				})
				.from(assignments)
				.orderBy(assignments.id);
		expect(await placement(again.db)).toEqual(await placement(s.db));
		expect(new Set(rows.map((r) => r.publicId)).size).toBe(12);
	});

	it('refuses to reassign a study with ratings', async () => {
		await submitAll(s.ids.junior1);
		expect(await assign.assign(s.db, s.studyId, s.ids.res)).toEqual({
			ok: false,
			message: 'This study already has ratings; it cannot be reassigned. Add juniors instead.'
		});
	});

	it('adding a junior moves only not-yet-started work', async () => {
		const opened = (await ratings.next(s.db, s.ids.junior1))!; // junior1 opens their first pair
		const before = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, opened.id)).limit(1)
		)!;
		const result = await assign.addJunior(s.db, s.studyId, 'junior3', s.ids.res);
		expect(result.ok && result.assignments).toBeGreaterThan(0);
		const after = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, opened.id)).limit(1)
		);
		expect(after).toEqual(before);
		const loads = (await studyProgress(s.db, s.studyId)).raters
			.filter((r) => r.role === 'junior')
			.map((r) => r.assigned);
		expect(loads.reduce((a, b) => a + b, 0)).toBe(12);
		expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
	});
});

describe('rating', () => {
	it('serves the blinded view: texts and dimensions, no model or pair ids', async () => {
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		const json = JSON.stringify(view);
		for (const key of ['cand-a', 'cand-b', '"ref"']) expect(json).not.toContain(key);
		expect(view.responseA).not.toBe(view.responseB);
		expect(view.dimensions.map((d) => d.label)).toEqual([
			'Faithfulness',
			'Comprehensiveness',
			'Generalizability',
			'Robustness'
		]);
		expect(view.progress).toEqual({ done: 0, total: 6 });
		expect(view.status).toBe('started');
	});

	it('stores the canonical outcome from the placement shown', async () => {
		const { view } = await submitAll(s.ids.junior1);
		const row = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, view.id)).limit(1)
		)!;
		const stored = await s.db.select().from(judgments).where(eq(judgments.assignmentId, row.id));
		expect(stored).toHaveLength(4);
		expect(new Set(stored.map((j) => j.outcome))).toEqual(
			new Set([row.modelOnLeft ? 'win' : 'loss'])
		);
		expect(row.status).toBe('submitted');
	});

	it('refuses an incomplete submission and names the missing dimensions', async () => {
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		expect(
			await ratings.submit(s.db, s.ids.junior1, view.id, {
				choices: { faithfulness: 'A', robustness: 'B' },
				hard: false,
				comment: ''
			})
		).toEqual({
			ok: false,
			status: 400,
			message:
				'Choose for every dimension before submitting. Missing: Comprehensiveness, Generalizability.',
			missing: ['Comprehensiveness', 'Generalizability']
		});
		expect(await s.db.select().from(judgments)).toEqual([]);
	});

	it('a double submission records one judgment per dimension and one history entry each', async () => {
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		const input = { choices: ALL_A, hard: false, comment: 'ok', seconds: 30 };
		expect(await ratings.submit(s.db, s.ids.junior1, view.id, input)).toEqual({
			ok: true,
			changed: true
		});
		expect(await ratings.submit(s.db, s.ids.junior1, view.id, input)).toEqual({
			ok: true,
			changed: false
		});
		expect(await s.db.select().from(judgments)).toHaveLength(4);
		expect(await s.db.select().from(judgmentHistory)).toHaveLength(4);
		expect(
			first(
				await s.db.select().from(assignments).where(eq(assignments.publicId, view.id)).limit(1)
			)!.secondsSpent
		).toBe(30);
	});

	it('a change is recorded in the history with the old and new outcome', async () => {
		const { view } = await submitAll(s.ids.junior1);
		await ratings.submit(s.db, s.ids.junior1, view.id, {
			choices: { ...ALL_A, robustness: 'tie' },
			hard: false,
			comment: ''
		});
		const history = await s.db.select().from(judgmentHistory);
		expect(history).toHaveLength(5);
		expect(history[4]).toMatchObject({
			oldOutcome: expect.stringMatching(/win|loss/),
			newOutcome: 'tie',
			changedBy: s.ids.junior1
		});
	});

	it("refuses another rater's pair (403) and an unknown id (404)", async () => {
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		expect(await ratings.view(s.db, s.ids.junior2, view.id)).toMatchObject({
			ok: false,
			status: 403
		});
		expect(
			await ratings.submit(s.db, s.ids.junior2, view.id, {
				choices: ALL_A,
				hard: false,
				comment: ''
			})
		).toMatchObject({ ok: false, status: 403 });
		expect(await ratings.view(s.db, s.ids.junior1, 'nope')).toMatchObject({
			ok: false,
			status: 404
		});
	});

	it('keeps a draft on the server and shows it again', async () => {
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		await ratings.saveDraft(s.db, s.ids.junior1, view.id, {
			choices: { faithfulness: 'B' },
			hard: true,
			comment: 'half'
		});
		const again = (await ratings.next(s.db, s.ids.junior1))!;
		expect(again.id).toBe(view.id);
		expect(again).toMatchObject({ choices: { faithfulness: 'B' }, hard: true, comment: 'half' });
	});

	it('a closed study accepts no judgments and says so', async () => {
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		await s.db.transaction(async (tx) => tx.update(studies).set({ status: 'closed' }));
		expect(
			await ratings.submit(s.db, s.ids.junior1, view.id, {
				choices: ALL_A,
				hard: false,
				comment: ''
			})
		).toEqual({
			ok: false,
			status: 409,
			message: 'This study is closed; its ratings can no longer change.'
		});
		expect(await ratings.next(s.db, s.ids.junior1)).toBeNull();
	});

	it('ends with "all done" (null) when every pair is rated', async () => {
		for (let i = 0; i < 6; i++) expect((await submitAll(s.ids.junior1)).result.ok).toBe(true);
		expect(await ratings.next(s.db, s.ids.junior1)).toBeNull();
		expect(await ratings.rated(s.db, s.ids.junior1)).toHaveLength(6);
	});
});

describe('escalation and final labels', () => {
	/** Both juniors rate the same pair; returns its id. */
	async function rateSamePair(
		c1: Record<string, 'A' | 'tie' | 'B'>,
		c2: Record<string, 'A' | 'tie' | 'B'>,
		hard2 = false
	) {
		const v1 = (await ratings.next(s.db, s.ids.junior1))!;
		const a1 = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, v1.id)).limit(1)
		)!;
		const a2 = first(
			await s.db
				.select()
				.from(assignments)
				.where(and(eq(assignments.pairId, a1.pairId), eq(assignments.userId, s.ids.junior2)))
				.limit(1)
		)!;
		// Express both juniors' choices canonically (win for `model` on every dimension = "same").
		const flip = (c: Record<string, 'A' | 'tie' | 'B'>, same: boolean) =>
			Object.fromEntries(
				Object.entries(c).map(([k, v]) => [k, same || v === 'tie' ? v : v === 'A' ? 'B' : 'A'])
			) as Record<string, 'A' | 'tie' | 'B'>;
		await ratings.submit(s.db, s.ids.junior1, a1.publicId, {
			choices: c1,
			hard: false,
			comment: ''
		});
		await ratings.submit(s.db, s.ids.junior2, a2.publicId, {
			choices: flip(c2, a1.modelOnLeft === a2.modelOnLeft),
			hard: hard2,
			comment: 'unsure'
		});
		return { pairId: a1.pairId, a2 };
	}

	it('agreement makes consensus final labels', async () => {
		const { pairId } = await rateSamePair(ALL_A, ALL_A);
		expect(
			(await s.db.select().from(finalLabels).where(eq(finalLabels.pairId, pairId))).map(
				(l) => l.source
			)
		).toEqual(['consensus', 'consensus', 'consensus', 'consensus']);
		expect(await s.db.select().from(escalations)).toEqual([]);
	});

	it('disagreement on one dimension escalates with the reason; a change that removes it withdraws it', async () => {
		const { pairId, a2 } = await rateSamePair(ALL_A, { ...ALL_A, robustness: 'tie' });
		const escalation = first(
			await s.db.select().from(escalations).where(eq(escalations.pairId, pairId)).limit(1)
		)!;
		expect(JSON.parse(escalation.reasons)).toEqual({
			dimensions: ['robustness'],
			flaggedBy: [],
			comments: [{ rater: 'Rater 2', text: 'unsure' }]
		});
		expect(await s.db.select().from(finalLabels)).toEqual([]);

		const a1 = first(
			await s.db
				.select()
				.from(assignments)
				.where(and(eq(assignments.pairId, pairId), eq(assignments.userId, s.ids.junior1)))
				.limit(1)
		)!;
		const same = a1.modelOnLeft === a2.modelOnLeft;
		await ratings.submit(s.db, s.ids.junior2, a2.publicId, {
			choices: {
				faithfulness: same ? 'A' : 'B',
				comprehensiveness: same ? 'A' : 'B',
				generalizability: same ? 'A' : 'B',
				robustness: same ? 'A' : 'B'
			},
			hard: false,
			comment: ''
		});
		expect(
			first(await s.db.select().from(escalations).where(eq(escalations.pairId, pairId)).limit(1))!
				.withdrawnAt
		).not.toBeNull();
		expect(
			await s.db.select().from(finalLabels).where(eq(finalLabels.pairId, pairId))
		).toHaveLength(4);
	});

	it('a "Hard to decide" flag escalates even when the juniors agree', async () => {
		const { pairId } = await rateSamePair(ALL_A, ALL_A, true);
		expect(
			JSON.parse(
				first(await s.db.select().from(escalations).where(eq(escalations.pairId, pairId)).limit(1))!
					.reasons
			)
		).toMatchObject({ dimensions: [], flaggedBy: ['Rater 2'] });
	});

	it('after a senior decision a junior can no longer change the pair', async () => {
		const { pairId, a2 } = await rateSamePair(ALL_A, { ...ALL_A, robustness: 'tie' });
		await s.db.transaction(async (tx) =>
			tx.update(escalations).set({ decidedAt: Date.now() }).where(eq(escalations.pairId, pairId))
		);
		expect(
			await ratings.submit(s.db, s.ids.junior2, a2.publicId, {
				choices: ALL_A,
				hard: false,
				comment: ''
			})
		).toMatchObject({ ok: false, status: 409 });
		expect(await ratings.view(s.db, s.ids.junior2, a2.publicId)).toMatchObject({
			ok: true,
			value: { locked: expect.stringContaining('adjudicated') }
		});
		// The submission and the draft give the page's reason (read with their assignment).
		const message =
			'A senior clinician has adjudicated this pair; your rating can no longer change.';
		const judged = await s.db.select().from(judgments).orderBy(judgments.id);
		expect(
			await ratings.submit(s.db, s.ids.junior2, a2.publicId, {
				choices: ALL_A,
				hard: true,
				comment: 'late'
			})
		).toEqual({ ok: false, status: 409, message });
		expect(
			await ratings.saveDraft(s.db, s.ids.junior2, a2.publicId, {
				choices: ALL_A,
				hard: false,
				comment: ''
			})
		).toEqual({ ok: false, status: 403, message });
		expect(await s.db.select().from(judgments).orderBy(judgments.id)).toEqual(judged);
	});
});

describe('closed studies', () => {
	it('names the closed studies that still had work for the rater', async () => {
		expect(await ratings.closedStudiesWithWork(s.db, s.ids.junior1)).toEqual([]);
		await s.db.transaction(async (tx) => tx.update(studies).set({ status: 'closed' }));
		expect(await ratings.closedStudiesWithWork(s.db, s.ids.junior1)).toEqual(['Study 1']);
	});
});

describe('what a submission knows from its own row (issue #18)', () => {
	/** Escalations and final labels, without the times a re-check writes anew. */
	async function settled() {
		const escalated = await s.db.select().from(escalations).orderBy(escalations.pairId);
		const labels = await s.db
			.select()
			.from(finalLabels)
			.orderBy(finalLabels.pairId, finalLabels.dimensionId);
		return {
			escalated: escalated.map((e) => ({
				pairId: e.pairId,
				reasons: JSON.parse(e.reasons) as unknown,
				withdrawn: e.withdrawnAt !== null
			})),
			labels: labels.map(({ decidedAt: _, ...label }) => label)
		};
	}

	it('settles every pair as a full re-check of its votes does, repeats left open', async () => {
		s = await seeded({ repeat_rate: 0.5 });
		const all = await s.db.select().from(assignments);
		expect(all.some((a) => a.isRepeat)).toBe(true);
		// Both juniors rate everything in queue order: the model wins every dimension, but
		// junior2 calls robustness a tie on odd pairs (a disagreement) and one pair is flagged.
		let i = 0;
		for (;;) {
			let rated = false;
			for (const userId of [s.ids.junior1, s.ids.junior2]) {
				const view = await ratings.next(s.db, userId);
				if (!view) continue;
				const row = all.find((a) => a.publicId === view.id)!;
				const win = row.modelOnLeft ? 'A' : 'B';
				const differ = userId === s.ids.junior2 && row.pairId % 2 === 1;
				expect(
					await ratings.submit(s.db, userId, view.id, {
						choices: {
							faithfulness: win,
							comprehensiveness: win,
							generalizability: win,
							robustness: differ ? 'tie' : win
						},
						hard: i === 3,
						comment: ''
					})
				).toMatchObject({ ok: true });
				i++;
				rated = true;
				const after = await settled();
				await s.db.transaction(async (tx) => {
					for (const pair of new Set(all.map((a) => a.pairId))) await reconcile(tx, pair);
				});
				expect(await settled()).toEqual(after);
			}
			if (!rated) break;
		}
		const final = await settled();
		expect(final.labels.length).toBeGreaterThan(0);
		expect(final.escalated.length).toBeGreaterThan(0);
	});
});
