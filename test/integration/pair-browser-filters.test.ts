/**
 * The pair browser works out its rating filters over the whole study from narrow reads, and
 * reads only the shown page's pairs in full (a study of 108,000 judgments loaded every vote to
 * show 20 pairs, 1.3 s on the thread that serves the raters). Each filter must pick exactly the
 * pairs whose own figures (`differing`, `flagged`, `finals`, the juniors' reasons), as the page
 * shows them, satisfy it: checked here for every combination of filters on a study rated at
 * random (disagreements, flags, tags, harms, per-dimension notes, senior decisions).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toChoice, type Outcome } from '../../src/lib/domain/blinding/choice.ts';
import { createRandom } from '../../src/lib/domain/random.ts';
import { closeDatabase } from '../../src/lib/server/db/index.ts';
import { assignments } from '../../src/lib/server/db/schema.ts';
import * as adjudication from '../../src/lib/server/services/adjudication.ts';
import { browse, type PairFilters } from '../../src/lib/server/services/pair-browser.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';

const DIMENSIONS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
const TAGS = ['factual-error', 'unsafe-advice'];
const OUTCOMES: Outcome[] = ['win', 'tie', 'loss'];
const random = createRandom(20261130);
const pick = <T>(items: readonly T[]) => items[random.int(items.length)];

type Shown = Awaited<ReturnType<typeof browse>>['pairs'][number];

let s: Seeded;
let everyPair: Shown[];

/** Every pair as the unfiltered browser shows it, page after page. */
async function allPairs(filters: PairFilters = {}): Promise<{ ids: number[]; total: number }> {
	const ids: number[] = [];
	for (let page = 1; ; page++) {
		const result = await browse(s.db, s.studyId, { ...filters, page });
		ids.push(...result.pairs.map((p) => p.id));
		if (page >= result.pages) return { ids, total: result.total };
	}
}

beforeAll(async () => {
	const prompts = Array.from({ length: 14 }, (_, i) => ({ key: `q${i}`, text: `Question ${i}?` }));
	const models = [
		{ key: 'cand-a', group: 'candidate' as const },
		{ key: 'cand-b', group: 'candidate' as const },
		{ key: 'ref', group: 'reference' as const }
	];
	s = await seeded({
		prompts,
		models,
		responses: prompts.flatMap((p) =>
			models.map((m, i) => ({ prompt: p.key, model: m.key, text: `Answer ${i} to ${p.key}` }))
		),
		issue_tags: TAGS.map((key) => ({ key, label: key, description: `About ${key}` })),
		harm: true,
		per_dimension_notes: true
	});
	// The juniors rate every pair at random; some pairs stay unrated by one of them.
	for (const junior of ['junior1', 'junior2'] as const) {
		const rows = await s.db
			.select()
			.from(assignments)
			.where(and(eq(assignments.userId, s.ids[junior]), eq(assignments.role, 'junior')));
		for (const a of rows) {
			if (random.next() < 0.1) continue;
			const outcomes = DIMENSIONS.map(() => (random.next() < 0.7 ? 'win' : pick(OUTCOMES)));
			const result = await ratings.submit(s.db, s.ids[junior], a.publicId, {
				choices: Object.fromEntries(
					DIMENSIONS.map((d, i) => [d, toChoice(outcomes[i], a.modelOnLeft)])
				) as Record<string, 'A' | 'tie' | 'B'>,
				hard: random.next() < 0.15,
				comment: '',
				seconds: 20,
				reasons: {
					tags: Object.fromEntries(
						TAGS.filter(() => random.next() < 0.25).map((t) => [t, [pick(['A', 'B'] as const)]])
					),
					harm: { A: pick(['none', 'none', 'mild', 'severe'] as const), B: 'none' },
					notes:
						random.next() < 0.2 ? { [pick(DIMENSIONS)]: { hard: true, comment: 'unsure' } } : {}
				}
			});
			if (!result.ok) throw new Error(result.message);
		}
	}
	// The senior decides some of the escalated pairs (both steps), leaving the rest pending.
	for (let i = 0, view = await adjudication.next(s.db, s.ids.senior); view && i < 4; i++) {
		for (const step of [adjudication.submitIndependent, adjudication.finalize]) {
			const result = await step(s.db, s.ids.senior, view.id, {
				choices: Object.fromEntries(DIMENSIONS.map((d) => [d, pick(['A', 'tie', 'B'] as const)])),
				comment: '',
				seconds: 30
			});
			if (!result.ok) throw new Error(result.message);
		}
		view = await adjudication.next(s.db, s.ids.senior);
	}
	everyPair = [];
	for (let page = 1; ; page++) {
		const result = await browse(s.db, s.studyId, { page });
		everyPair.push(...result.pairs);
		if (page >= result.pages) break;
	}
}, 120_000);
afterAll(async () => await closeDatabase(s.db));

/** The filter's rule on a pair's own figures, as the page shows them. */
function passes(p: Shown, f: PairFilters): boolean {
	const dimension = f.dimension;
	if (f.model && p.model !== f.model && p.opponent !== f.model) return false;
	if (f.disagreement && !(dimension ? p.differing.includes(dimension) : p.differing.length > 0))
		return false;
	if (f.flagged && !p.flagged) return false;
	if (f.tag) {
		const tagged = p.reasons.some(({ reasons }) =>
			f.tag === 'harm'
				? Object.values(reasons.harm).some((h) => h !== 'none')
				: (reasons.tags[f.tag!]?.length ?? 0) > 0
		);
		if (!tagged) return false;
	}
	const sources = (dimension ? [p.finals[dimension]].filter(Boolean) : Object.values(p.finals)).map(
		(l) => l.source
	);
	if (f.source === 'none' && sources.length > 0) return false;
	if (f.source && f.source !== 'none' && !sources.includes(f.source)) return false;
	return true;
}

describe('pair browser filters', () => {
	it('rated a study with something for every filter to find', () => {
		expect(everyPair.length).toBe(28);
		expect(everyPair.some((p) => p.differing.length > 0)).toBe(true);
		expect(everyPair.some((p) => p.flagged)).toBe(true);
		expect(everyPair.some((p) => Object.values(p.finals).some((l) => l.source === 'senior'))).toBe(
			true
		);
		expect(everyPair.some((p) => Object.keys(p.finals).length === 0)).toBe(true);
		expect(
			everyPair.some((p) => p.reasons.some((r) => (r.reasons.tags[TAGS[0]]?.length ?? 0) > 0))
		).toBe(true);
	});

	it('picks exactly the pairs whose own figures satisfy every combination of filters', async () => {
		let combinations = 0;
		for (const model of [undefined, 'cand-a', 'ref'])
			for (const dimension of [undefined, 'faithfulness', 'robustness'])
				for (const disagreement of [false, true])
					for (const flagged of [false, true])
						for (const source of [undefined, 'consensus', 'senior', 'none'] as const)
							for (const tag of [undefined, TAGS[0], 'harm']) {
								const filters: PairFilters = {
									model,
									dimension,
									disagreement,
									flagged,
									source,
									tag
								};
								const expected = everyPair.filter((p) => passes(p, filters)).map((p) => p.id);
								const { ids, total } = await allPairs(filters);
								expect({ filters, ids, total }).toEqual({
									filters,
									ids: expected,
									total: expected.length
								});
								combinations++;
							}
		expect(combinations).toBe(432);
	}, 120_000);
});
