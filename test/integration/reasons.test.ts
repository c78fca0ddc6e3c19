/**
 * Reasons and harms (issue #16 §2): tags, harms and per-dimension notes are stored canonically
 * (the model's side vs the opponent's, whatever the rater's A/B), kept over a reload as a draft,
 * recorded once on a repeated submission, appended to the history, and per-dimension "Hard to
 * decide" escalates like the pair flag. The paper protocol (no option) stores nothing new.
 */
import { asc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RaterReasons } from '../../src/lib/domain/reasons/reasons.ts';
import {
	assignments,
	escalations,
	models as modelsTable,
	pairs as pairsTable,
	prompts as promptsTable,
	ratingReasons,
	reasonHistory
} from '../../src/lib/server/db/schema.ts';
import { exportStudy } from '../../src/lib/server/services/exports.ts';
import { studyReasons } from '../../src/lib/server/services/reason-stats.ts';
import { readRatingForm } from '../../src/lib/server/rating-form.ts';
import * as adjudication from '../../src/lib/server/services/adjudication.ts';
import * as pairBrowser from '../../src/lib/server/services/pair-browser.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';
import { first } from '../../src/lib/server/db/index.ts';

const TAGS = [
	{ key: 'factual-error', label: 'Factual error', description: 'States something false.' },
	{ key: 'unsafe-advice', label: 'Unsafe advice' }
];
const OPTIONS = { issue_tags: TAGS, harm: true, per_dimension_notes: true };
const TIES = {
	faithfulness: 'tie',
	comprehensiveness: 'tie',
	generalizability: 'tie',
	robustness: 'tie'
} as const;

let s: Seeded;
beforeEach(async () => {
	s = await seeded(OPTIONS);
});

const reasons = (partial: Partial<RaterReasons>): RaterReasons => ({
	tags: {},
	harm: {},
	notes: {},
	...partial
});

async function placement(publicId: string) {
	return first(await s.db.select().from(assignments).where(eq(assignments.publicId, publicId)))!;
}

async function stored(assignmentId: number) {
	return (
		await s.db
			.select({
				kind: ratingReasons.kind,
				key: ratingReasons.key,
				side: ratingReasons.side,
				value: ratingReasons.value
			})
			.from(ratingReasons)
			.where(eq(ratingReasons.assignmentId, assignmentId))
	).sort((a, b) => `${a.kind}${a.key}${a.side}`.localeCompare(`${b.kind}${b.key}${b.side}`));
}

describe('submitting tags, harms and per-dimension notes', () => {
	it('stores them canonically under either placement and shows them back in the rater’s A/B', async () => {
		const seen = new Set<boolean>();
		for (const junior of [s.ids.junior1, s.ids.junior2]) {
			// Walk each junior's queue until both placements were met.
			for (
				let view = await ratings.next(s.db, junior);
				view;
				view = await ratings.next(s.db, junior)
			) {
				const { id: assignmentId, modelOnLeft } = await placement(view.id);
				const result = await ratings.submit(s.db, junior, view.id, {
					choices: TIES,
					hard: false,
					comment: '',
					reasons: reasons({
						tags: { 'factual-error': ['A'], 'unsafe-advice': ['A', 'B'] },
						harm: { A: 'severe', B: 'none' },
						notes: { robustness: { hard: false, comment: 'Both hedge.' } }
					})
				});
				expect(result).toEqual({ ok: true, changed: true });
				const a = modelOnLeft ? 'model' : 'opponent';
				const b = modelOnLeft ? 'opponent' : 'model';
				expect(await stored(assignmentId)).toEqual(
					[
						{ kind: 'dimension_comment', key: 'robustness', side: '', value: 'Both hedge.' },
						{ kind: 'harm', key: '', side: a, value: 'severe' },
						{ kind: 'harm', key: '', side: b, value: 'none' },
						{ kind: 'tag', key: 'factual-error', side: a, value: '1' },
						{ kind: 'tag', key: 'unsafe-advice', side: 'model', value: '1' },
						{ kind: 'tag', key: 'unsafe-advice', side: 'opponent', value: '1' }
					].sort((x, y) => `${x.kind}${x.key}${x.side}`.localeCompare(`${y.kind}${y.key}${y.side}`))
				);
				const back = await ratings.view(s.db, junior, view.id);
				expect(back.ok && back.value.reasons).toEqual({
					tags: { 'factual-error': ['A'], 'unsafe-advice': ['A', 'B'] },
					harm: { A: 'severe', B: 'none' },
					notes: { robustness: { hard: false, comment: 'Both hedge.' } }
				});
				seen.add(modelOnLeft);
				if (seen.size === 2) break;
			}
			if (seen.size === 2) break;
		}
		expect(seen).toEqual(new Set([true, false]));
	});

	it('refuses a submission without both harm ratings when the study asks for harm', async () => {
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		const result = await ratings.submit(s.db, s.ids.junior1, view.id, {
			choices: TIES,
			hard: false,
			comment: '',
			reasons: reasons({ harm: { A: 'mild' } })
		});
		expect(result).toMatchObject({ ok: false, status: 400, missing: ['Harm: Response B'] });
		expect(await s.db.select().from(ratingReasons)).toEqual([]);
	});

	it('records a double-clicked Submit once and every later change in the history', async () => {
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		const { id, modelOnLeft } = await placement(view.id);
		const input = {
			choices: TIES,
			hard: false,
			comment: '',
			reasons: reasons({ tags: { 'factual-error': ['B'] }, harm: { A: 'none', B: 'mild' } })
		};
		const both = await Promise.all([
			ratings.submit(s.db, s.ids.junior1, view.id, input),
			ratings.submit(s.db, s.ids.junior1, view.id, input)
		]);
		expect(both.map((r) => r.ok && r.changed).sort()).toEqual([false, true]);
		const history = () =>
			s.db
				.select({
					kind: reasonHistory.kind,
					key: reasonHistory.key,
					side: reasonHistory.side,
					oldValue: reasonHistory.oldValue,
					newValue: reasonHistory.newValue
				})
				.from(reasonHistory)
				.where(eq(reasonHistory.assignmentId, id))
				.orderBy(asc(reasonHistory.id));
		expect(await history()).toHaveLength(3);
		// The tag moves from B to A, B's harm becomes severe.
		const changed = await ratings.submit(s.db, s.ids.junior1, view.id, {
			...input,
			reasons: reasons({ tags: { 'factual-error': ['A'] }, harm: { A: 'none', B: 'severe' } })
		});
		expect(changed).toEqual({ ok: true, changed: true });
		const sideA = modelOnLeft ? 'model' : 'opponent';
		const sideB = modelOnLeft ? 'opponent' : 'model';
		expect((await history()).slice(3)).toEqual(
			expect.arrayContaining([
				{ kind: 'tag', key: 'factual-error', side: sideB, oldValue: '1', newValue: '' },
				{ kind: 'tag', key: 'factual-error', side: sideA, oldValue: null, newValue: '1' },
				{ kind: 'harm', key: '', side: sideB, oldValue: 'mild', newValue: 'severe' }
			])
		);
		expect(await history()).toHaveLength(6);
	});

	it('keeps them in the server-side draft over a reload, and only the study’s own', async () => {
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		const draft = await ratings.saveDraft(s.db, s.ids.junior1, view.id, {
			choices: { faithfulness: 'A' },
			hard: false,
			comment: '',
			reasons: reasons({
				tags: { 'unsafe-advice': ['B'], 'not-a-tag': ['A'] },
				harm: { A: 'mild' },
				notes: {
					faithfulness: { hard: true, comment: 'Dose?' },
					nonsense: { hard: true, comment: 'x' }
				}
			})
		});
		expect(draft).toEqual({ ok: true, value: null });
		const reloaded = await ratings.view(s.db, s.ids.junior1, view.id);
		expect(reloaded.ok && reloaded.value.reasons).toEqual({
			tags: { 'unsafe-advice': ['B'] },
			harm: { A: 'mild' },
			notes: { faithfulness: { hard: true, comment: 'Dose?' } }
		});
		// A draft is not a rating.
		expect(await s.db.select().from(ratingReasons)).toEqual([]);
	});

	it('parses the form fields the rating form posts', async () => {
		const body = new URLSearchParams([
			['choice-faithfulness', 'A'],
			['tag-unsafe-advice', 'A'],
			['tag-unsafe-advice', 'B'],
			['harm-A', 'severe'],
			['harm-B', 'none'],
			['note-hard-robustness', 'on'],
			['note-comment-robustness', 'Unclear'],
			['comment', '']
		]);
		const request = new Request('http://x/', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body
		});
		const parsed = await readRatingForm(request);
		expect(parsed.ok && parsed.data.reasons).toEqual({
			tags: { 'unsafe-advice': ['A', 'B'] },
			harm: { A: 'severe', B: 'none' },
			notes: { robustness: { hard: true, comment: 'Unclear' } }
		});
		const bad = await readRatingForm(
			new Request('http://x/', {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams([['harm-A', 'catastrophic']])
			})
		);
		expect(bad.ok).toBe(false);
	});
});

describe('evidence spans', () => {
	it('stores the quote with its offsets in the answer the rater saw, on the canonical side', async () => {
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		const { id, modelOnLeft } = await placement(view.id);
		// The smallStudy answers are "Answer <i> to <prompt>": quote the end of B's.
		const quote = view.responseB.slice(-6);
		const result = await ratings.submit(s.db, s.ids.junior1, view.id, {
			choices: TIES,
			hard: false,
			comment: '',
			reasons: reasons({
				tags: { 'factual-error': ['B'] },
				harm: { A: 'none', B: 'mild' },
				spans: { 'factual-error': { B: quote }, 'unsafe-advice': { A: 'no tag, no span' } }
			})
		});
		expect(result).toEqual({ ok: true, changed: true });
		const spans = (await stored(id)).filter((f) => f.kind === 'span');
		const start = [...view.responseB].length - 6;
		expect(spans).toEqual([
			{
				kind: 'span',
				key: 'factual-error',
				side: modelOnLeft ? 'opponent' : 'model',
				value: JSON.stringify({ start, end: start + 6, quote })
			}
		]);
		const back = await ratings.view(s.db, s.ids.junior1, view.id);
		expect(back.ok && back.value.reasons.spans).toEqual({ 'factual-error': { B: quote } });
	});
});

describe('per-dimension "Hard to decide"', () => {
	it('escalates a pair the juniors agree on, and the senior sees it with the reasons', async () => {
		const first1 = (await ratings.next(s.db, s.ids.junior1))!;
		const pairId = (await placement(first1.id)).pairId;
		await ratings.submit(s.db, s.ids.junior1, first1.id, {
			choices: TIES,
			hard: false,
			comment: '',
			reasons: reasons({
				harm: { A: 'none', B: 'none' },
				notes: { comprehensiveness: { hard: true, comment: 'Depends on age' } }
			})
		});
		const other = first(
			await s.db
				.select()
				.from(assignments)
				.where(eq(assignments.pairId, pairId))
				.then((rows) => rows.filter((r) => r.userId === s.ids.junior2))
		)!;
		await ratings.submit(s.db, s.ids.junior2, other.publicId, {
			choices: TIES,
			hard: false,
			comment: '',
			reasons: reasons({ harm: { A: 'mild', B: 'none' }, tags: { 'factual-error': ['A'] } })
		});
		const escalation = first(
			await s.db.select().from(escalations).where(eq(escalations.pairId, pairId))
		)!;
		const stored = JSON.parse(escalation.reasons);
		expect(stored.dimensions).toEqual([]);
		expect(stored.flaggedBy).toEqual(['Rater 1']);
		expect(stored.hardDimensions).toEqual([
			{ rater: 'Rater 1', dimensions: ['comprehensiveness'] }
		]);

		const senior = await adjudication.next(s.db, s.ids.senior);
		expect(senior).not.toBeNull();
		await adjudication.submitIndependent(s.db, s.ids.senior, senior!.id, {
			choices: TIES,
			comment: ''
		});
		const informed = await adjudication.view(s.db, s.ids.senior, senior!.id);
		if (!informed.ok) throw new Error(informed.message);
		expect(informed.value.reasonOptions.issueTags.map((t) => t.key)).toEqual([
			'factual-error',
			'unsafe-advice'
		]);
		const byHarm = informed.value.votes!.map((v) => v.reasons);
		expect(byHarm).toHaveLength(2);
		expect(byHarm.some((r) => r?.notes.comprehensiveness?.hard === true)).toBe(true);
		expect(byHarm.some((r) => r?.tags['factual-error']?.length === 1)).toBe(true);

		// The pair browser: "Hard to decide" finds the dimension's flag; "Issue" filters by tag,
		// and each junior's reasons come with A = the pair's model.
		const flagged = await pairBrowser.browse(s.db, s.studyId, { flagged: true });
		expect(flagged.pairs.map((p) => p.id)).toEqual([pairId]);
		const tagged = await pairBrowser.browse(s.db, s.studyId, { tag: 'factual-error' });
		expect(tagged.pairs.map((p) => p.id)).toEqual([pairId]);
		expect(tagged.pairs[0].reasons.map((r) => r.reasons.notes.comprehensiveness?.hard)).toEqual([
			true,
			undefined
		]);
		const harmed = await pairBrowser.browse(s.db, s.studyId, { tag: 'harm' });
		expect(harmed.total).toBe(1);
		expect((await pairBrowser.browse(s.db, s.studyId, { tag: 'unsafe-advice' })).total).toBe(0);
	});
});

describe('the paper protocol (no option)', () => {
	it('stores nothing new and drops reason fields a form sends anyway', async () => {
		const plain = await seeded();
		const view = (await ratings.next(plain.db, plain.ids.junior1))!;
		expect(view.reasonOptions).toEqual({ perDimensionNotes: false, harm: false, issueTags: [] });
		const result = await ratings.submit(plain.db, plain.ids.junior1, view.id, {
			choices: TIES,
			hard: false,
			comment: '',
			reasons: reasons({ tags: { 'factual-error': ['A'] }, harm: { A: 'severe' } })
		});
		expect(result).toEqual({ ok: true, changed: true });
		expect(await plain.db.select().from(ratingReasons)).toEqual([]);
		expect(await plain.db.select().from(reasonHistory)).toEqual([]);
	});
});

describe('rates, agreement and the tags export', () => {
	/**
	 * Both juniors rate all 6 pairs (3 questions × cand-a, cand-b against ref). junior1 tags
	 * cand-a's answer "factual-error" on every question and rates it severe; junior2 tags it on
	 * q1 only and rates it mild; every other answer is untagged and harmless.
	 */
	async function rateAll() {
		const rows = await s.db
			.select({
				publicId: assignments.publicId,
				userId: assignments.userId,
				modelOnLeft: assignments.modelOnLeft,
				pairId: assignments.pairId
			})
			.from(assignments)
			.orderBy(asc(assignments.id));
		const pairRows = await s.db.select().from(pairsTable);
		const modelRows = await s.db.select().from(modelsTable);
		const promptRows = await s.db.select().from(promptsTable);
		const keyOf = new Map(modelRows.map((m) => [m.id, m.key]));
		for (const row of rows) {
			const pair = pairRows.find((p) => p.id === row.pairId)!;
			const prompt = promptRows.find((p) => p.id === pair.promptId)!.key;
			const candA = keyOf.get(pair.modelId) === 'cand-a';
			// cand-a is always the pair's model (candidate-vs-reference): A when modelOnLeft.
			const position = row.modelOnLeft ? 'A' : 'B';
			const other = row.modelOnLeft ? 'B' : 'A';
			const junior1 = row.userId === s.ids.junior1;
			const tagged = candA && (junior1 || prompt === 'q1');
			const result = await ratings.submit(s.db, row.userId, row.publicId, {
				choices: TIES,
				hard: false,
				comment: '',
				reasons: reasons({
					tags: tagged ? { 'factual-error': [position] } : {},
					harm: {
						[position]: candA ? (junior1 ? 'severe' : 'mild') : 'none',
						[other]: 'none'
					}
				})
			});
			expect(result.ok).toBe(true);
		}
	}

	it('gives rates per model with Wilson intervals and agreement per tag', async () => {
		await rateAll();
		const report = (await studyReasons(s.db, s.studyId))!;
		expect(report.ratings).toBe(12);
		const byModel = Object.fromEntries(report.rates.map((r) => [r.model, r]));
		expect(byModel['cand-a'].n).toBe(6);
		expect(byModel['cand-a'].tags['factual-error']).toMatchObject({ count: 4, n: 6 });
		expect(byModel['cand-a'].harm).toMatchObject({
			n: 6,
			mildOrWorse: { count: 6, n: 6, rate: 1 },
			severe: { count: 3, n: 6, rate: 0.5 }
		});
		expect(byModel.ref.n).toBe(12);
		expect(byModel.ref.tags['factual-error'].count).toBe(0);
		const factual = report.agreement.find((a) => a.key === 'factual-error')!;
		// 12 answers rated twice; they agree on 10 (q2, q3 of cand-a differ). π_yes = 2/12,
		// p_e = 2 · (1/6)(5/6) = 10/36, AC1 = (30/36 − 10/36)/(26/36) = 10/13 (by hand, Gwet 2008).
		expect(factual.n).toBe(12);
		expect(factual.tagged).toBe(3);
		expect(factual.observed).toBeCloseTo(10 / 12, 12);
		expect(factual.ac1.value).toBeCloseTo(10 / 13, 12);
		const harm = report.agreement.find((a) => a.key === 'harm')!;
		// Every answer of cand-a is mild or worse for both juniors, every other one none.
		expect(harm.observed).toBe(1);
		expect(harm.kappa.value).toBeCloseTo(1, 12);
	});

	it('exports one row per stored fact (CSV, JSON) and the summary tables (Markdown)', async () => {
		await rateAll();
		const collect = async (format: 'csv' | 'json' | 'md') => {
			const result = await exportStudy(s.db, s.studyId, 'tags', format, { now: new Date(0) });
			if (!result.ok) throw new Error(result.message);
			let text = '';
			for await (const chunk of result.value.chunks) text += chunk;
			return text;
		};
		const csv = (await collect('csv')).trimEnd().split('\n');
		expect(csv[0]).toMatch(
			/^# medpair medpair:.*\|table:tags\|.*reasons:tags=factual-error,unsafe-advice,harm=1,notes=1/
		);
		// The display-name columns come last (issue #17 item 14).
		expect(csv[1]).toBe(
			'rater,prompt,model,opponent,kind,key,side,response,shown_as,value,model_name,opponent_name'
		);
		// junior1: 3 tags + 12 harms; junior2: 1 tag + 12 harms.
		expect(csv.slice(2)).toHaveLength(28);
		expect(csv.filter((l) => l.includes(',tag,factual-error,model,cand-a,'))).toHaveLength(4);
		expect(
			csv.filter((l) => l.includes(',harm,,model,cand-a,') && l.includes(',severe,'))
		).toHaveLength(3);
		const json = JSON.parse(await collect('json'));
		expect(json.rows).toHaveLength(28);
		expect(json.rows[0]).toEqual(
			expect.objectContaining({ kind: expect.any(String), side: expect.any(String) })
		);
		expect(json.rates.find((r: { model: string }) => r.model === 'cand-a').harm.severe.count).toBe(
			3
		);
		const md = await collect('md');
		expect(md).toContain('| cand-a | Harm: severe | 3 | 6 | 0.5 |');
		expect(md).toContain('| Factual error | 12 | 3 | 0.8333 |');
	});

	it('refuses the export, saying why, for a study that asks for none of it', async () => {
		const plain = await seeded();
		const result = await exportStudy(plain.db, plain.studyId, 'tags', 'csv');
		expect(result).toMatchObject({ ok: false, status: 404 });
	});
});
