/**
 * Work organisation for raters (issue #12 items 8 and 9): a junior in several studies chooses
 * one and "next" stays in it; a junior with nothing assigned is told they are not in a study
 * yet, which is not "All done".
 */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import type { AppDb } from '../../src/lib/server/db/index.ts';
import { studies } from '../../src/lib/server/db/schema.ts';
import * as raterStudies from '../../src/lib/server/services/rater-studies.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import * as studyService from '../../src/lib/server/services/studies.ts';
import * as annotate from '../../src/routes/(junior)/annotate/+page.server.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';
import { smallStudy } from '../helpers/study.ts';

const ALL_TIE = {
	faithfulness: 'tie',
	comprehensiveness: 'tie',
	generalizability: 'tie',
	robustness: 'tie'
} as const;

let current: AppDb;
vi.mock('$lib/server/db/index.ts', async (original) => ({
	...(await original<object>()),
	getDb: () => current
}));

let s: Seeded;
let second: number;

/** A second study, with junior1 only (raters_per_pair 1), titled for raters. */
async function importSecond(): Promise<number> {
	const parsed = parseStudyFile(
		JSON.stringify(
			smallStudy({
				name: 'Second (secret design)',
				title_for_raters: 'Second round',
				raters_per_pair: 1,
				members: { junior: ['junior1'], senior: ['senior'] }
			})
		)
	);
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
	const result = await studyService.importStudy(s.db, parsed.value, s.ids.res);
	if (!result.ok) throw new Error(JSON.stringify(result.problems));
	return result.id;
}

async function rateAll(userId: number, studyId: number) {
	for (
		let v = await ratings.next(s.db, userId, studyId);
		v;
		v = await ratings.next(s.db, userId, studyId)
	)
		await ratings.submit(s.db, userId, v.id, { choices: ALL_TIE, hard: false, comment: '' });
}

beforeEach(async () => {
	s = await seeded();
	second = await importSecond();
});

describe('choosing a study', () => {
	it('lists every study of the junior with its title for raters, progress and status', async () => {
		const first = (await ratings.next(s.db, s.ids.junior1, s.studyId))!;
		await ratings.submit(s.db, s.ids.junior1, first.id, {
			choices: ALL_TIE,
			hard: false,
			comment: ''
		});
		expect(await raterStudies.studiesOf(s.db, s.ids.junior1)).toEqual([
			{ id: s.studyId, title: `Study ${s.studyId}`, status: 'open', done: 1, total: 6 },
			{ id: second, title: 'Second round', status: 'open', done: 0, total: 6 }
		]);
		await s.db.transaction(async (tx) =>
			tx.update(studies).set({ status: 'closed' }).where(eq(studies.id, s.studyId))
		);
		expect(
			(await raterStudies.studiesOf(s.db, s.ids.junior1)).map((x) => [x.id, x.status])
		).toEqual([
			[second, 'open'],
			[s.studyId, 'closed']
		]);
		expect((await raterStudies.studiesOf(s.db, s.ids.junior2)).map((x) => x.id)).toEqual([
			s.studyId
		]);
	});

	it('with several studies waiting and no choice, offers the choice', async () => {
		const landing = await raterStudies.landing(s.db, s.ids.junior1, null);
		expect(landing.kind).toBe('choose');
	});

	it('with one study waiting, opens its next pair at once, as before', async () => {
		const landing = await raterStudies.landing(s.db, s.ids.junior2, null);
		expect(landing).toMatchObject({ kind: 'pair', study: { id: s.studyId }, choice: false });
		await rateAll(s.ids.junior1, s.studyId);
		expect(await raterStudies.landing(s.db, s.ids.junior1, null)).toMatchObject({
			kind: 'pair',
			study: { id: second, title: 'Second round' }
		});
	});

	it('next stays in the chosen study until it is done, then says All done there', async () => {
		const seen = new Set<string>();
		for (let n = 0; n < 6; n++) {
			const landing = await raterStudies.landing(s.db, s.ids.junior1, second);
			if (landing.kind !== 'pair') throw new Error(`expected a pair, got ${landing.kind}`);
			expect(landing.study.id).toBe(second);
			expect(landing.pair.studyName).toBe('Second round');
			expect(landing.choice).toBe(true);
			seen.add(landing.pair.id);
			await ratings.submit(s.db, s.ids.junior1, landing.pair.id, {
				choices: ALL_TIE,
				hard: false,
				comment: ''
			});
		}
		expect(seen.size).toBe(6);
		expect(await raterStudies.landing(s.db, s.ids.junior1, second)).toEqual({
			kind: 'done',
			study: { id: second, title: 'Second round', status: 'open' },
			closed: [],
			others: [{ id: s.studyId, title: `Study ${s.studyId}` }]
		});
	});

	it('ignores a chosen study the rater is not a junior of', async () => {
		expect(await raterStudies.landing(s.db, s.ids.junior2, second)).toMatchObject({
			kind: 'pair',
			study: { id: s.studyId }
		});
		expect((await raterStudies.landing(s.db, s.ids.senior, s.studyId)).kind).toBe('none');
	});

	it('hides a study still importing, even when chosen', async () => {
		await s.db.transaction(async (tx) =>
			tx.update(studies).set({ status: 'importing' }).where(eq(studies.id, second))
		);
		expect((await raterStudies.studiesOf(s.db, s.ids.junior1)).map((x) => x.id)).toEqual([
			s.studyId
		]);
		expect(await raterStudies.landing(s.db, s.ids.junior1, second)).toMatchObject({
			kind: 'pair',
			study: { id: s.studyId }
		});
	});

	it('a chosen closed study says so', async () => {
		await s.db.transaction(async (tx) =>
			tx.update(studies).set({ status: 'closed' }).where(eq(studies.id, second))
		);
		expect(await raterStudies.landing(s.db, s.ids.junior1, second)).toMatchObject({
			kind: 'done',
			closed: ['Second round']
		});
	});
});

describe('nothing to rate', () => {
	it('a junior with nothing assigned is not in a study yet, which is not All done', async () => {
		expect(await raterStudies.hasAssignments(s.db, s.ids.junior3)).toBe(false);
		expect(await raterStudies.landing(s.db, s.ids.junior3, null)).toEqual({ kind: 'none' });
	});

	it('a junior who rated everything is All done', async () => {
		await rateAll(s.ids.junior2, s.studyId);
		expect(await raterStudies.landing(s.db, s.ids.junior2, null)).toEqual({
			kind: 'done',
			study: null,
			closed: [],
			others: []
		});
	});
});

describe('the /annotate page remembers the chosen study', () => {
	it('?study= sets a cookie that keeps later visits (after a submission) in that study', async () => {
		current = s.db;
		const jar = new Map<string, string>();
		const cookies = {
			get: (name: string) => jar.get(name),
			set: (name: string, value: string) => jar.set(name, value),
			delete: (name: string) => jar.delete(name)
		};
		const visit = async (query = '') =>
			(await annotate.load({
				locals: { user: { id: s.ids.junior1 } },
				url: new URL(`http://localhost/annotate${query}`),
				cookies
			} as never)) as { kind: string; study?: { id: number } };
		expect((await visit()).kind).toBe('choose');
		expect(await visit(`?study=${second}`)).toMatchObject({ kind: 'pair', study: { id: second } });
		expect(jar.get('annotate-study')).toBe(String(second));
		expect(await visit()).toMatchObject({ kind: 'pair', study: { id: second } });
		// A study the rater is not in is no choice: the cookie goes.
		await visit('?study=999');
		expect(jar.has('annotate-study')).toBe(false);
	});
});
