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
	ratingReasons,
	reasonHistory
} from '../../src/lib/server/db/schema.ts';
import { readRatingForm } from '../../src/lib/server/rating-form.ts';
import * as adjudication from '../../src/lib/server/services/adjudication.ts';
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
	return first(
		await s.db.select().from(assignments).where(eq(assignments.publicId, publicId))
	)!;
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
			for (let view = await ratings.next(s.db, junior); view; view = await ratings.next(s.db, junior)) {
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
				notes: { faithfulness: { hard: true, comment: 'Dose?' }, nonsense: { hard: true, comment: 'x' } }
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
		expect(stored.hardDimensions).toEqual([{ rater: 'Rater 1', dimensions: ['comprehensiveness'] }]);

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
