import { beforeEach, describe, expect, it } from 'vitest';
import * as results from '../../src/lib/server/services/results.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';
import { simulateStudy } from '../helpers/simulate.ts';

let s: Seeded;
beforeEach(async () => {
	s = await seeded();
});

describe('study results', () => {
	it('is empty but well-formed before any rating', async () => {
		const r = await results.studyResults(s.db, s.studyId, { B: 0 });
		expect(r.agreement).toBeNull();
		expect(r.tables).toBeNull();
		expect(r.escalation).toMatchObject({ pairs: 0, overall: null });
		expect(r.signature).toMatch(/^study=1,seed=7,categories=loss<tie<win,bootstrap:B=0/);
	});

	it('builds win/tie/loss from the final labels, one per pair and dimension', async () => {
		const sim = await simulateStudy(s.db, s.studyId, { pairs: 6, seed: 3 });
		expect(sim.submitted).toBe(12);
		const outcomes = await results.finalOutcomes(s.db, s.studyId);
		expect(outcomes).toHaveLength(6 * 4);
		const r = await results.studyResults(s.db, s.studyId, { B: 50 });
		const cells = r.tables!.cells;
		// 2 candidates × 1 reference × 4 dimensions, 3 prompts each.
		expect(cells).toHaveLength(8);
		for (const cell of cells) expect(cell.wins + cell.ties + cell.losses).toBe(3);
		const wins = outcomes.filter(
			(o) => o.model === 'cand-a' && o.dimension === 'faithfulness' && o.outcome === 'win'
		).length;
		expect(cells.find((c) => c.model === 'cand-a' && c.dimension === 'faithfulness')!.wins).toBe(
			wins
		);
		expect(r.agreement!.results.map((x) => x.n_items)).toEqual([6, 6, 6, 6]);
		expect(r.finalLabels.total).toBe(24);
	});

	it('serves the cached results until a judgment changes', async () => {
		const first = await results.studyResults(s.db, s.studyId, { B: 0 });
		expect(await results.studyResults(s.db, s.studyId, { B: 0 })).toBe(first);
		await simulateStudy(s.db, s.studyId, { pairs: 1 });
		expect(await results.studyResults(s.db, s.studyId, { B: 0 })).not.toBe(first);
	});
});

describe('stale results for the dashboard', () => {
	it('serves results up to maxStaleMs old even after a change, then recomputes', async () => {
		const first = await results.studyResults(s.db, s.studyId, { B: 0, maxStaleMs: 60_000 });
		await simulateStudy(s.db, s.studyId, { pairs: 1 });
		expect(await results.studyResults(s.db, s.studyId, { B: 0, maxStaleMs: 60_000 })).toBe(first);
		expect(await results.studyResults(s.db, s.studyId, { B: 0 })).not.toBe(first);
	});
});
