/**
 * What a rater's pages receive (issue #11 items 6, 12 and the rater title): the data of every
 * junior and senior page load, scanned as the browser gets it (`__data.json` serialises exactly
 * these objects). The rendered HTML is scanned by the browser tests (senior.spec.ts).
 */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { toChoice } from '../../src/lib/domain/blinding/choice.ts';
import type { AppDb } from '../../src/lib/server/db/index.ts';
import { assignments, studies } from '../../src/lib/server/db/schema.ts';
import * as adjudication from '../../src/lib/server/services/adjudication.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import * as annotateNext from '../../src/routes/(junior)/annotate/+page.server.ts';
import * as annotatePair from '../../src/routes/(junior)/annotate/[id]/+page.server.ts';
import * as annotateRated from '../../src/routes/(junior)/annotate/rated/+page.server.ts';
import * as adjudicateNext from '../../src/routes/(senior)/adjudicate/+page.server.ts';
import * as adjudicatePair from '../../src/routes/(senior)/adjudicate/[id]/+page.server.ts';
import * as adjudicateQueue from '../../src/routes/(senior)/adjudicate/queue/+page.server.ts';
import { pairAssignments, seeded, type Seeded } from '../helpers/seeded.ts';

let current: AppDb;
vi.mock('$lib/server/db/index.ts', async (original) => ({
	...(await original<object>()),
	getDb: () => current
}));

type C = 'A' | 'tie' | 'B';
const DIMS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
const SECRET_NAME = 'Open models vs commercial GPT-4 (secret design)';
const TITLE = 'Cardiology questions, round 2';
const JUNIOR_COMMENT = 'JUNIOR-NOTE-7731';

let s: Seeded;
async function setUp(overrides = {}) {
	s = await seeded(overrides);
	current = s.db;
	await s.db.transaction(async (tx) =>
		tx.update(studies).set({ name: SECRET_NAME, titleForRaters: TITLE })
	);
}

/** What a load returns, as the browser would get it. */
async function load(
	module: { load: unknown },
	userId: number,
	params: Record<string, string> = {}
) {
	const run = module.load as (event: unknown) => unknown;
	const cookies = { get: () => undefined, set: () => {}, delete: () => {} };
	const url = new URL('http://localhost/');
	return JSON.stringify(await run({ locals: { user: { id: userId } }, params, url, cookies }));
}

/** Both juniors rate junior1's first pair; they differ on robustness and junior2 flags it hard. */
async function escalateOnePair(): Promise<number> {
	const v1 = (await ratings.next(s.db, s.ids.junior1))!;
	const [a1, a2] = await pairAssignments(s.db, v1.id, s.ids.junior2);
	const choices = (robustness: 'win' | 'tie', left: boolean) =>
		Object.fromEntries(
			DIMS.map((d) => [d, toChoice(d === 'robustness' ? robustness : 'win', left)])
		) as Record<string, C>;
	await ratings.submit(s.db, s.ids.junior1, a1.publicId, {
		choices: choices('win', a1.modelOnLeft),
		hard: false,
		comment: JUNIOR_COMMENT
	});
	await ratings.submit(s.db, s.ids.junior2, a2.publicId, {
		choices: choices('tie', a2.modelOnLeft),
		hard: true,
		comment: ''
	});
	return a1.pairId;
}

describe("a study's title on raters' pages", () => {
	beforeEach(() => setUp());

	it("raters get the study's title for raters, never its name", async () => {
		await escalateOnePair();
		const junior1 = (await ratings.next(s.db, s.ids.junior1))!;
		const pages = [
			await load(annotateNext, s.ids.junior1),
			await load(annotatePair, s.ids.junior1, { id: junior1.id }),
			await load(annotateRated, s.ids.junior1),
			await load(adjudicateNext, s.ids.senior),
			await load(adjudicateQueue, s.ids.senior)
		];
		const seniorPair = (await adjudication.next(s.db, s.ids.senior))!;
		pages.push(await load(adjudicatePair, s.ids.senior, { id: seniorPair.id }));
		for (const page of pages) {
			expect(page).toContain(TITLE);
			expect(page).not.toContain('secret design');
		}
		// The closed-study notice on /annotate names studies too.
		await s.db.transaction(async (tx) => tx.update(studies).set({ status: 'closed' }));
		const done = await load(annotateNext, s.ids.junior1);
		expect(done).toContain(TITLE);
		expect(done).not.toContain('secret design');
	});

	it('without a title for raters they see a neutral "Study <id>"', async () => {
		await s.db.transaction(async (tx) => tx.update(studies).set({ titleForRaters: null }));
		const page = await load(annotateNext, s.ids.junior1);
		expect(page).toContain(`Study ${s.studyId}`);
		expect(page).not.toContain('secret design');
	});
});

describe('repeat pairs', () => {
	beforeEach(() => setUp({ repeat_rate: 0.5 }));

	it('nothing a junior receives says that a pair is a repeat', async () => {
		const repeats = await s.db
			.select()
			.from(assignments)
			.where(and(eq(assignments.userId, s.ids.junior1), eq(assignments.isRepeat, true)));
		expect(repeats.length).toBeGreaterThan(0);
		const mine = await s.db.select().from(assignments).where(eq(assignments.userId, s.ids.junior1));
		for (const a of mine) {
			const page = await load(annotatePair, s.ids.junior1, { id: a.publicId });
			expect(page).not.toMatch(/repeat/i);
		}
		for (
			let view = await ratings.next(s.db, s.ids.junior1);
			view;
			view = await ratings.next(s.db, s.ids.junior1)
		) {
			expect(await load(annotateNext, s.ids.junior1)).not.toMatch(/repeat/i);
			await ratings.submit(s.db, s.ids.junior1, view.id, {
				choices: Object.fromEntries(DIMS.map((d) => [d, 'A'])),
				hard: false,
				comment: ''
			});
		}
		expect(await load(annotateRated, s.ids.junior1)).not.toMatch(/repeat/i);
	});
});

describe("the senior queue before the senior's independent judgment", () => {
	beforeEach(() => setUp());

	/** Anything derived from the juniors' judgments of the pair. */
	function expectNothingAboutJuniors(page: string) {
		for (const word of [
			JUNIOR_COMMENT,
			'Robustness',
			'robustness',
			'Rater',
			'flag',
			'hard',
			'differ'
		])
			expect(page, `the page data mentions ${word}`).not.toContain(word);
	}

	it('the queue and the pair page tell the senior nothing about the juniors before step 1', async () => {
		await escalateOnePair();
		const queuePage = await load(adjudicateQueue, s.ids.senior);
		expectNothingAboutJuniors(queuePage);
		const [item] = await adjudication.queue(s.db, s.ids.senior);
		expect(item.reasons).toBeNull();

		// The form lists every dimension with its rubric; everything else is scanned.
		const withoutForm = (page: string) => {
			const { view } = JSON.parse(page);
			expect(view).toMatchObject({ step: 'independent', votes: null, differing: null });
			return JSON.stringify({
				...view,
				dimensions: undefined,
				votes: undefined,
				differing: undefined
			});
		};
		expectNothingAboutJuniors(
			withoutForm(await load(adjudicatePair, s.ids.senior, { id: item.id }))
		);
		expectNothingAboutJuniors(withoutForm(await load(adjudicateNext, s.ids.senior)));

		// After step 1 the queue says why the pair is there.
		await adjudication.submitIndependent(s.db, s.ids.senior, item.id, {
			choices: Object.fromEntries(DIMS.map((d) => [d, 'tie'])),
			comment: ''
		});
		expect((await adjudication.queue(s.db, s.ids.senior))[0].reasons).toEqual({
			dimensions: ['Robustness'],
			flagged: 1
		});
	});
});
