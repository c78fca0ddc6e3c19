/**
 * The final label as feedback to juniors (#12 item 10, study option `show_final_to_raters`):
 * with the option on, a junior's Rated list and the read-only view of a decided pair carry the
 * final label in the junior's own A/B placement; with it off (the default), nothing about the
 * final label reaches the junior. Page data is scanned as the browser gets it (`__data.json`
 * serialises exactly these objects); the HTML is scanned by test/e2e/final-feedback.spec.ts.
 */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { toChoice, toOutcome, type Choice } from '../../src/lib/domain/blinding/choice.ts';
import type { AppDb } from '../../src/lib/server/db/index.ts';
import { assignments, finalLabels, pairs } from '../../src/lib/server/db/schema.ts';
import * as adjudication from '../../src/lib/server/services/adjudication.ts';
import * as decidedPairs from '../../src/lib/server/services/decided-pairs.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import * as annotatePair from '../../src/routes/(junior)/annotate/[id]/+page.server.ts';
import * as annotateRated from '../../src/routes/(junior)/annotate/rated/+page.server.ts';
import { rawRows } from '../helpers/db.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';
import { smallStudy } from '../helpers/study.ts';
import { first } from '../../src/lib/server/db/index.ts';

let current: AppDb;
vi.mock('$lib/server/db/index.ts', async (original) => ({
	...(await original<object>()),
	getDb: () => current
}));

const DIMS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
const MODEL_WORDS = smallStudy().models.map((m) => m.key);

let s: Seeded;

async function load(module: { load: unknown }, userId: number, params = {}) {
	const run = module.load as (event: unknown) => unknown;
	return await run({ locals: { user: { id: userId } }, params, url: new URL('http://x/') });
}

type Junior = { id: number; publicId: string; left: boolean };

/**
 * Both juniors rate one pair, differing on robustness; the senior decides it: the candidate
 * (`model`) wins faithfulness, ties comprehensiveness, loses generalizability and robustness.
 */
async function decideOnePair(): Promise<{ pairId: number; juniors: Junior[]; senior: string }> {
	// A pair the two juniors saw in opposite placements, so the same label reads differently.
	const candidates = await s.db
		.select()
		.from(assignments)
		.where(and(eq(assignments.userId, s.ids.junior1), eq(assignments.status, 'pending')));
	let found: [typeof assignments.$inferSelect, typeof assignments.$inferSelect] | undefined;
	for (const a1 of candidates) {
		const a2 = first(
			await s.db
				.select()
				.from(assignments)
				.where(and(eq(assignments.pairId, a1.pairId), eq(assignments.userId, s.ids.junior2)))
				.limit(1)
		);
		if (a2 && a1.modelOnLeft !== a2.modelOnLeft) {
			found = [a1, a2];
			break;
		}
	}
	const [a1, a2] = found!;
	for (const [a, robustness] of [
		[a1, 'win'],
		[a2, 'tie']
	] as const)
		await ratings.submit(s.db, a.userId, a.publicId, {
			choices: Object.fromEntries(
				DIMS.map((d) => [d, toChoice(d === 'robustness' ? robustness : 'win', a.modelOnLeft)])
			),
			hard: false,
			comment: ''
		});
	const item = (await adjudication.queue(s.db, s.ids.senior)).find((q) => q.id)!;
	const senior = first(
		await s.db.select().from(assignments).where(eq(assignments.publicId, item.id)).limit(1)
	)!;
	const decided = {
		faithfulness: 'win',
		comprehensiveness: 'tie',
		generalizability: 'loss',
		robustness: 'loss'
	} as const;
	const choices = Object.fromEntries(
		DIMS.map((d) => [d, toChoice(decided[d as keyof typeof decided], senior.modelOnLeft)])
	);
	await adjudication.submitIndependent(s.db, s.ids.senior, item.id, { choices, comment: '' });
	const result = await adjudication.finalize(s.db, s.ids.senior, item.id, { choices, comment: '' });
	expect(result.ok).toBe(true);
	return {
		pairId: a1.pairId,
		juniors: [a1, a2].map((a) => ({ id: a.userId, publicId: a.publicId, left: a.modelOnLeft })),
		senior: item.id
	};
}

/** The final labels as the juniors must see them: the stored outcome in their own placement. */
async function expectedFor(pairId: number, left: boolean): Promise<Record<string, Choice>> {
	const rows = await s.db
		.select({ dimensionId: finalLabels.dimensionId, outcome: finalLabels.outcome })
		.from(finalLabels)
		.where(eq(finalLabels.pairId, pairId));
	expect(rows).toHaveLength(4);
	const byId = new Map(rows.map((r) => [r.dimensionId, r.outcome]));
	const dims = await rawRows<{ id: number; key: string }>(
		s.db,
		'select id, key from dimensions where study_id = ? order by position',
		s.studyId
	);
	return Object.fromEntries(dims.map((d) => [d.key, toChoice(byId.get(d.id)!, left)]));
}

function expectBlind(page: unknown) {
	const text = JSON.stringify(page).toLowerCase();
	for (const word of [...MODEL_WORDS, 'junior1', 'junior2', 'win', 'loss', 'outcome'])
		expect(text, `the page data says "${word}"`).not.toMatch(new RegExp(`\\b${word}\\b`));
}

describe('with show_final_to_raters on', () => {
	beforeEach(async () => {
		// whole-pair: the senior's decision below overrides dimensions the juniors agreed on.
		s = await seeded({ show_final_to_raters: true, adjudicate: 'whole-pair' });
		current = s.db;
	});

	it("the Rated list and the read-only pair show the senior's final label in each junior's own A/B", async () => {
		const { pairId, juniors } = await decideOnePair();
		expect(juniors[0].left).not.toBe(juniors[1].left);
		for (const junior of juniors) {
			const expected = await expectedFor(pairId, junior.left);
			const rated = (await load(annotateRated, junior.id)) as {
				studies: Awaited<ReturnType<typeof ratings.ratedByStudy>>;
			};
			const row = rated.studies[0].pairs.find((p) => p.id === junior.publicId)!;
			expect(row.final).toEqual(expected);
			const { pair } = (await load(annotatePair, junior.id, { id: junior.publicId })) as {
				pair: ratings.PairView;
			};
			expect(pair.locked).toMatch(/adjudicated/);
			expect(pair.final).toEqual(expected);
			// The candidate won faithfulness: "A better" exactly for the junior who saw it as A.
			expect(pair.final!.faithfulness).toBe(junior.left ? 'A' : 'B');
			expect(toOutcome(pair.final!.generalizability, junior.left)).toBe('loss');
			expectBlind(rated);
			expectBlind(pair);
		}
	});

	it('an undecided pair, a consensus pair and a reopened pair carry no final label', async () => {
		const { juniors, senior } = await decideOnePair();
		// junior1 rates a pair alone: no final label yet.
		const alone = (await ratings.next(s.db, s.ids.junior1))!;
		await ratings.submit(s.db, s.ids.junior1, alone.id, {
			choices: Object.fromEntries(DIMS.map((d) => [d, 'A'])),
			hard: false,
			comment: ''
		});
		// Consensus: junior2 rates the lone pair so both agree in canonical terms.
		const a1 = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, alone.id)).limit(1)
		)!;
		const a2 = first(
			await s.db
				.select()
				.from(assignments)
				.where(and(eq(assignments.pairId, a1.pairId), eq(assignments.userId, s.ids.junior2)))
				.limit(1)
		)!;
		await ratings.submit(s.db, s.ids.junior2, a2.publicId, {
			choices: Object.fromEntries(
				DIMS.map((d) => [d, toChoice(a1.modelOnLeft ? 'win' : 'loss', a2.modelOnLeft)])
			),
			hard: false,
			comment: ''
		});
		expect(
			await s.db.select().from(finalLabels).where(eq(finalLabels.pairId, a1.pairId))
		).toHaveLength(4);
		const rated = await ratings.rated(s.db, s.ids.junior1);
		expect(rated.find((p) => p.id === alone.id)!.final).toBeUndefined();
		expect(await ratings.view(s.db, s.ids.junior1, alone.id)).toMatchObject({ ok: true });
		const open = await ratings.view(s.db, s.ids.junior1, alone.id);
		expect(open.ok && 'final' in open.value).toBe(false);

		// Reopened by the senior: no longer decided, so no feedback until the new Finalize.
		expect((await decidedPairs.reopen(s.db, s.ids.senior, senior)).ok).toBe(true);
		const reopened = await ratings.view(s.db, juniors[0].id, juniors[0].publicId);
		expect(reopened.ok && 'final' in reopened.value).toBe(false);
		expect(
			(await ratings.rated(s.db, juniors[0].id)).find((p) => p.id === juniors[0].publicId)!.final
		).toBeUndefined();
	});
});

describe('with show_final_to_raters off (the default)', () => {
	beforeEach(async () => {
		s = await seeded();
		current = s.db;
	});

	it('nothing about the final label reaches the junior', async () => {
		const { juniors } = await decideOnePair();
		expect((await s.db.select().from(pairs)).length).toBeGreaterThan(0);
		for (const junior of juniors) {
			const rated = JSON.stringify(await load(annotateRated, junior.id));
			const pair = JSON.stringify(await load(annotatePair, junior.id, { id: junior.publicId }));
			for (const page of [rated, pair]) {
				expect(page).not.toMatch(/final/i);
				expectBlind(page);
			}
			expect(pair).toMatch(/adjudicated/);
		}
	});
});
