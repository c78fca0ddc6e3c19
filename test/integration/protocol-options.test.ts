/**
 * The protocol options the paper leaves open (issue #15 §3), end to end through the services:
 * study file → import → junior ratings → reconcile → senior adjudication → tables and exports,
 * under each escalation rule and adjudication scope. Runs on SQLite and, in the integration-pg
 * project, on PostgreSQL.
 */
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { toChoice, type Outcome } from '../../src/lib/domain/blinding/choice.ts';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import {
	assignments,
	auditLog,
	dimensions,
	escalations,
	finalLabels,
	models,
	pairs,
	prompts,
	studies
} from '../../src/lib/server/db/schema.ts';
import * as adjudication from '../../src/lib/server/services/adjudication.ts';
import { exportStudy } from '../../src/lib/server/services/exports.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import { studyResults } from '../../src/lib/server/services/results.ts';
import { first } from '../../src/lib/server/db/index.ts';
import { smallStudy } from '../helpers/study.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';
import type { StudyFileInput } from '../../src/lib/domain/study-file/schema.ts';

type Four = [Outcome, Outcome, Outcome, Outcome];
const DIMS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
type Plan = { j1: Four; j2: Four; hard?: boolean };

/** Votes per `${model}/${prompt}`; pairs not in the plan are left unrated. */
async function rate(s: Seeded, plan: Record<string, Plan>): Promise<Map<string, number>> {
	const ids = new Map<string, number>();
	const rows = await s.db
		.select({
			id: assignments.id,
			publicId: assignments.publicId,
			userId: assignments.userId,
			modelOnLeft: assignments.modelOnLeft,
			pairId: pairs.id,
			model: models.key,
			prompt: prompts.key
		})
		.from(assignments)
		.innerJoin(pairs, eq(pairs.id, assignments.pairId))
		.innerJoin(models, eq(models.id, pairs.modelId))
		.innerJoin(prompts, eq(prompts.id, pairs.promptId))
		.where(and(eq(pairs.studyId, s.studyId), eq(assignments.role, 'junior')))
		.orderBy(asc(assignments.id));
	for (const row of rows) {
		const key = `${row.model}/${row.prompt}`;
		const votes = plan[key];
		if (!votes) continue;
		ids.set(key, row.pairId);
		const mine = row.userId === s.ids.junior1 ? votes.j1 : votes.j2;
		const result = await ratings.submit(s.db, row.userId, row.publicId, {
			choices: Object.fromEntries(DIMS.map((d, i) => [d, toChoice(mine[i], row.modelOnLeft)])),
			hard: row.userId === s.ids.junior2 && votes.hard === true,
			comment: ''
		});
		expect(result).toMatchObject({ ok: true });
	}
	return ids;
}

async function labels(s: Seeded, pairId: number) {
	const rows = await s.db
		.select({ key: dimensions.key, outcome: finalLabels.outcome, source: finalLabels.source })
		.from(finalLabels)
		.innerJoin(dimensions, eq(dimensions.id, finalLabels.dimensionId))
		.where(eq(finalLabels.pairId, pairId))
		.orderBy(asc(dimensions.position));
	return Object.fromEntries(rows.map((r) => [r.key, `${r.outcome}/${r.source}`]));
}

const escalated = async (s: Seeded, pairId: number) =>
	first(await s.db.select().from(escalations).where(eq(escalations.pairId, pairId)).limit(1));

/** The senior judges the top of the queue: independent = final = `final` (canonical outcomes). */
async function adjudicateNext(s: Seeded, final: Four, reopen: string[] = []) {
	const view = (await adjudication.next(s.db, s.ids.senior))!;
	const row = first(
		await s.db.select().from(assignments).where(eq(assignments.publicId, view.id)).limit(1)
	)!;
	const choices = Object.fromEntries(DIMS.map((d, i) => [d, toChoice(final[i], row.modelOnLeft)]));
	expect(
		await adjudication.submitIndependent(s.db, s.ids.senior, view.id, { choices, comment: '' })
	).toEqual({ ok: true });
	const informed = await adjudication.view(s.db, s.ids.senior, view.id);
	expect(
		await adjudication.finalize(s.db, s.ids.senior, view.id, { choices, comment: '', reopen })
	).toEqual({ ok: true });
	return { pairId: row.pairId, informed: informed.ok ? informed.value : null, publicId: view.id };
}

async function exportText(s: Seeded, format: 'csv' | 'md' | 'json', layout?: 'paper' | 'long') {
	const result = await exportStudy(s.db, s.studyId, 'wintie', format, {
		B: 0,
		layout,
		now: new Date('2026-11-30T00:00:00Z')
	});
	if (!result.ok) throw new Error(result.message);
	let text = '';
	for await (const chunk of result.value.chunks) text += chunk;
	return { text, signature: result.value.signature };
}

const cellOf = (
	results: Awaited<ReturnType<typeof studyResults>>,
	model: string,
	dimension: string
) => results.tables!.cells.find((c) => c.model === model && c.dimension === dimension)!;

describe('study file options', () => {
	const parse = (overrides: Partial<StudyFileInput> | Record<string, unknown>) =>
		parseStudyFile(JSON.stringify(smallStudy(overrides as Partial<StudyFileInput>)));

	it('defaults to any-disagreement and disputed, and stores what the file says', async () => {
		const parsed = parse({});
		expect(parsed.ok && [parsed.value.escalate, parsed.value.adjudicate]).toEqual([
			'any-disagreement',
			'disputed'
		]);
		const s = await seeded({ escalate: { 'disagreement-on': 2 }, adjudicate: 'whole-pair' });
		expect(
			first(
				await s.db
					.select({
						escalate: studies.escalate,
						n: studies.escalateMinDimensions,
						adjudicate: studies.adjudicate
					})
					.from(studies)
					.where(eq(studies.id, s.studyId))
			)
		).toEqual({ escalate: 'disagreement-on', n: 2, adjudicate: 'whole-pair' });
	});

	it('refuses unknown rules and a disagreement-on the study cannot reach, with their paths', () => {
		const problems = (overrides: Record<string, unknown>) => {
			const parsed = parse(overrides);
			return parsed.ok ? [] : parsed.problems.map((p) => `${p.path}: ${p.message}`);
		};
		expect(problems({ escalate: 'sometimes' })).toEqual([
			'escalate: escalate must be "any-disagreement", "flagged-only" or {"disagreement-on": n} with n ≥ 1'
		]);
		expect(problems({ adjudicate: 'all' })).toEqual([
			'adjudicate: adjudicate must be "disputed" or "whole-pair"'
		]);
		expect(problems({ escalate: { 'disagreement-on': 5 } })).toEqual([
			'escalate.disagreement-on: disagreement-on is 5 but the study has only 4 dimensions: no pair could reach it'
		]);
		expect(problems({ escalate: { 'disagreement-on': 0 } })).toHaveLength(1);
	});

	it('a study row written without the new columns (as before the migration) is whole-pair, any-disagreement', async () => {
		// The migration adds the columns with these defaults, so existing studies keep the rule
		// they were adjudicated under (README "Study file", commit of migration 0006).
		const s = await seeded();
		const [row] = await s.db.transaction(
			async (tx) =>
				await tx
					.insert(studies)
					.values({ name: 'old', design: 'all-pairs', seed: 1 })
					.returning({ escalate: studies.escalate, adjudicate: studies.adjudicate })
		);
		expect(row).toEqual({ escalate: 'any-disagreement', adjudicate: 'whole-pair' });
	});
});

describe('escalation rules', () => {
	it('flagged-only: disagreement stays with the juniors (unresolved), a flag goes to the senior', async () => {
		const s = await seeded({ escalate: 'flagged-only' });
		const ids = await rate(s, {
			// Differ on comprehensiveness and robustness, nobody flags.
			'cand-a/q1': { j1: ['win', 'win', 'tie', 'win'], j2: ['win', 'loss', 'tie', 'tie'] },
			// Agree everywhere, junior2 flags it.
			'cand-a/q2': {
				j1: ['tie', 'tie', 'tie', 'tie'],
				j2: ['tie', 'tie', 'tie', 'tie'],
				hard: true
			},
			'cand-b/q1': { j1: ['loss', 'loss', 'loss', 'loss'], j2: ['loss', 'loss', 'loss', 'loss'] }
		});
		expect(await escalated(s, ids.get('cand-a/q1')!)).toBeUndefined();
		expect(await labels(s, ids.get('cand-a/q1')!)).toEqual({
			faithfulness: 'win/consensus',
			generalizability: 'tie/consensus'
		});
		expect(await escalated(s, ids.get('cand-a/q2')!)).toMatchObject({ decidedAt: null });

		// Interim: one pair pending (all four cells of cand-a), two unresolved labels.
		let results = await studyResults(s.db, s.studyId, { B: 0 });
		expect(results.interim).toMatchObject({ pending_pairs: 1, unresolved_labels: 2 });
		// cand-a's comprehensiveness: q1 unresolved, q2 pending: no final label, no cell.
		expect(
			results.tables!.cells.find((c) => c.model === 'cand-a' && c.dimension === 'comprehensiveness')
		).toBeUndefined();
		expect(cellOf(results, 'cand-a', 'faithfulness')).toMatchObject({
			n: 1,
			pending_excluded: 1,
			unresolved_excluded: 0
		});
		expect(cellOf(results, 'cand-b', 'faithfulness')).toMatchObject({
			n: 1,
			pending_excluded: 0,
			unresolved_excluded: 0
		});
		expect(results.signature).toContain(
			',protocol:escalate=flagged-only,adjudicate=disputed,interim:pending=1,unresolved=2,'
		);
		const csv = await exportText(s, 'csv');
		expect(csv.signature).toContain(
			'|protocol:escalate=flagged-only,adjudicate=disputed|interim:pending=1,unresolved=2|'
		);
		expect(csv.text.split('\n')[1]).toMatch(
			/,pending_excluded,unresolved_excluded,model_name,opponent_name,dimension_name$/
		);
		expect(csv.text).toMatch(/^cand-a,ref,faithfulness,1,.*,1,0,[^,\n]+,[^,\n]+,Faithfulness$/m);
		const md = await exportText(s, 'md', 'paper');
		expect(md.text).toContain('Left out of the table above, per cell');
		// cand-a: pending 1 everywhere; unresolved 1 on comprehensiveness and robustness.
		expect(md.text).toContain('| cand-a | 1 / 0 | 1 / 1 | 1 / 0 | 1 / 1 |');
		expect(md.text).toContain('| cand-b | 0 / 0 | 0 / 0 | 0 / 0 | 0 / 0 |');

		// The flagged pair: under "disputed" a flag gives the senior every dimension.
		const decided = await adjudicateNext(s, ['win', 'loss', 'win', 'tie']);
		expect(decided.informed).toMatchObject({ scope: 'disputed', agreed: [], differing: [] });
		expect(await labels(s, decided.pairId)).toEqual({
			faithfulness: 'win/senior',
			comprehensiveness: 'loss/senior',
			generalizability: 'win/senior',
			robustness: 'tie/senior'
		});
		results = await studyResults(s.db, s.studyId, { B: 0 });
		expect(results.interim).toMatchObject({ pending_pairs: 0, unresolved_labels: 2 });
		expect(cellOf(results, 'cand-a', 'faithfulness')).toMatchObject({ n: 2, pending_excluded: 0 });
	});

	it('disagreement-on 2: one differing dimension stays unresolved, two go to the senior', async () => {
		const s = await seeded({ escalate: { 'disagreement-on': 2 } });
		const ids = await rate(s, {
			'cand-a/q1': { j1: ['win', 'win', 'tie', 'win'], j2: ['win', 'win', 'tie', 'loss'] },
			'cand-a/q2': { j1: ['win', 'win', 'tie', 'win'], j2: ['loss', 'win', 'tie', 'loss'] }
		});
		expect(await escalated(s, ids.get('cand-a/q1')!)).toBeUndefined();
		expect(Object.keys(await labels(s, ids.get('cand-a/q1')!))).toEqual([
			'faithfulness',
			'comprehensiveness',
			'generalizability'
		]);
		expect(await escalated(s, ids.get('cand-a/q2')!)).toMatchObject({
			decidedAt: null,
			reasons: JSON.stringify({
				dimensions: ['faithfulness', 'robustness'],
				flaggedBy: [],
				comments: []
			})
		});
	});
});

describe('adjudication scope', () => {
	const split: Record<string, Plan> = {
		// Differ on robustness only; agree on the rest (win, win, tie).
		'cand-a/q1': { j1: ['win', 'win', 'tie', 'win'], j2: ['win', 'win', 'tie', 'loss'] }
	};

	it('disputed: the senior replaces the disputed dimension; an explicit re-open replaces an agreed one, audited', async () => {
		const s = await seeded();
		const ids = await rate(s, split);
		// The senior judges loss everywhere, and re-opens generalizability only.
		const { pairId, informed } = await adjudicateNext(
			s,
			['loss', 'loss', 'loss', 'loss'],
			['generalizability', 'robustness', 'no-such-dimension']
		);
		expect(pairId).toBe(ids.get('cand-a/q1'));
		expect(informed).toMatchObject({
			scope: 'disputed',
			differing: ['robustness'],
			agreed: ['faithfulness', 'comprehensiveness', 'generalizability']
		});
		expect(await labels(s, pairId)).toEqual({
			faithfulness: 'win/consensus',
			comprehensiveness: 'win/consensus',
			generalizability: 'loss/senior',
			robustness: 'loss/senior'
		});
		// One audit entry per re-opened agreed dimension (robustness was disputed anyway).
		const audit = await s.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'adjudication.reopen_dimension'));
		expect(audit.map((a) => [a.userId, a.studyId, JSON.parse(a.detail)])).toEqual([
			[
				s.ids.senior,
				s.studyId,
				{ pairId, dimension: 'generalizability', consensus: 'tie', final: 'loss' }
			]
		]);
		// The decided view says which agreed dimension the senior re-opened.
		const decided = await adjudication.view(s.db, s.ids.senior, informed!.id);
		expect(decided.ok && decided.value.reopenedDimensions).toEqual(['generalizability']);

		// Tables: cand-a's generalizability is the senior's loss, faithfulness the consensus win.
		const results = await studyResults(s.db, s.studyId, { B: 0 });
		expect(cellOf(results, 'cand-a', 'generalizability')).toMatchObject({ losses: 1, n: 1 });
		expect(cellOf(results, 'cand-a', 'faithfulness')).toMatchObject({ wins: 1, n: 1 });
		expect(results.signature).toContain('adjudicate=disputed');
	});

	it('whole-pair: the senior replaces every dimension, and re-open requests are ignored', async () => {
		const s = await seeded({ adjudicate: 'whole-pair' });
		await rate(s, split);
		const { pairId, informed } = await adjudicateNext(
			s,
			['loss', 'loss', 'loss', 'loss'],
			['faithfulness']
		);
		expect(informed).toMatchObject({ scope: 'whole-pair', agreed: [] });
		expect(await labels(s, pairId)).toEqual({
			faithfulness: 'loss/senior',
			comprehensiveness: 'loss/senior',
			generalizability: 'loss/senior',
			robustness: 'loss/senior'
		});
		expect(
			await s.db.select().from(auditLog).where(eq(auditLog.action, 'adjudication.reopen_dimension'))
		).toEqual([]);
		const md = await exportText(s, 'md', 'paper');
		expect(md.signature).toContain('|protocol:escalate=any-disagreement,adjudicate=whole-pair|');
		expect(md.text).not.toContain('Left out of the table above');
		const json = JSON.parse((await exportText(s, 'json')).text);
		expect(json.interim).toEqual({ pending_pairs: 0, unresolved_labels: 0, cells: [] });
	});
});
