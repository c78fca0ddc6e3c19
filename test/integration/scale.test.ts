/**
 * Strength of preference (issue #16 §1), end to end through the services: study file `scale`
 * → import → graded junior ratings (grade −2..2 from the model's side beside the collapsed
 * outcome) → history → consensus and senior final labels → results and exports. Runs on SQLite
 * and, in the integration-pg project, on PostgreSQL.
 */
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { gradeOutcome, toChoice, type Choice } from '../../src/lib/domain/blinding/choice.ts';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import { first } from '../../src/lib/server/db/index.ts';
import {
	assignments,
	dimensions,
	escalations,
	finalLabels,
	judgmentHistory,
	judgments,
	models,
	pairs,
	prompts,
	studies
} from '../../src/lib/server/db/schema.ts';
import * as adjudication from '../../src/lib/server/services/adjudication.ts';
import { exportStudy, type ExportTable } from '../../src/lib/server/services/exports.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import { studyResults } from '../../src/lib/server/services/results.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';
import { smallStudy } from '../helpers/study.ts';

const DIMS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
type Four = [number, number, number, number];

/** The displayed choice that stores `grade` (canonical) under a placement. */
const shown = (grade: number, modelOnLeft: boolean): Choice =>
	toChoice(gradeOutcome(grade), modelOnLeft, grade);

/** The two junior assignments of `cand-a/q1`, junior1's first. */
async function juniorRows(s: Seeded, model = 'cand-a', prompt = 'q1') {
	return await s.db
		.select({
			id: assignments.id,
			publicId: assignments.publicId,
			userId: assignments.userId,
			modelOnLeft: assignments.modelOnLeft,
			pairId: pairs.id
		})
		.from(assignments)
		.innerJoin(pairs, eq(pairs.id, assignments.pairId))
		.innerJoin(models, eq(models.id, pairs.modelId))
		.innerJoin(prompts, eq(prompts.id, pairs.promptId))
		.where(
			and(
				eq(pairs.studyId, s.studyId),
				eq(assignments.role, 'junior'),
				eq(models.key, model),
				eq(prompts.key, prompt)
			)
		)
		.orderBy(asc(assignments.userId));
}

async function submitGrades(
	s: Seeded,
	row: { userId: number; publicId: string; modelOnLeft: boolean },
	grades: Four
) {
	return await ratings.submit(s.db, row.userId, row.publicId, {
		choices: Object.fromEntries(DIMS.map((d, i) => [d, shown(grades[i], row.modelOnLeft)])),
		hard: false,
		comment: ''
	});
}

async function stored(s: Seeded, assignmentId: number, stage = 'rating') {
	const rows = await s.db
		.select({ key: dimensions.key, outcome: judgments.outcome, grade: judgments.grade })
		.from(judgments)
		.innerJoin(dimensions, eq(dimensions.id, judgments.dimensionId))
		.where(
			and(
				eq(judgments.assignmentId, assignmentId),
				eq(judgments.stage, stage as 'rating' | 'independent' | 'final')
			)
		)
		.orderBy(asc(dimensions.position));
	return rows.map((r) => `${r.outcome}${r.grade === null ? '' : `/${r.grade}`}`);
}

async function labels(s: Seeded, pairId: number) {
	const rows = await s.db
		.select({
			outcome: finalLabels.outcome,
			grade: finalLabels.grade,
			source: finalLabels.source
		})
		.from(finalLabels)
		.innerJoin(dimensions, eq(dimensions.id, finalLabels.dimensionId))
		.where(eq(finalLabels.pairId, pairId))
		.orderBy(asc(dimensions.position));
	return rows.map((r) => `${r.outcome}/${r.grade}/${r.source}`);
}

async function exportText(s: Seeded, table: ExportTable, format: 'csv' | 'json') {
	const result = await exportStudy(s.db, s.studyId, table, format, {
		B: 0,
		now: new Date('2026-11-30T00:00:00Z')
	});
	if (!result.ok) throw new Error(result.message);
	let text = '';
	for await (const chunk of result.value.chunks) text += chunk;
	return text;
}

describe('study file scale', () => {
	it('defaults to 3, stores 5, and refuses anything else with its path', async () => {
		const parse = (extra: Record<string, unknown>) =>
			parseStudyFile(JSON.stringify({ ...smallStudy(), ...extra }));
		const three = parse({});
		expect(three.ok && three.value.scale).toBe(3);
		const bad = parse({ scale: 4 });
		expect(bad.ok ? [] : bad.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
			'scale: scale must be 3 or 5'
		]);
		const s = await seeded({ scale: 5 });
		const row = first(
			await s.db.select({ scale: studies.scale }).from(studies).where(eq(studies.id, s.studyId))
		);
		expect(row).toEqual({ scale: 5 });
	});
});

describe('graded judgments', () => {
	it('store the collapsed outcome and the grade from the model’s side, and read back as shown', async () => {
		const s = await seeded({ scale: 5 });
		const [j1] = await juniorRows(s);
		expect(await submitGrades(s, j1, [2, 1, 0, -2])).toEqual({ ok: true, changed: true });
		expect(await stored(s, j1.id)).toEqual(['win/2', 'win/1', 'tie/0', 'loss/-2']);
		// The rater's own A/B: "A much better" when the model was A, "B much better" otherwise.
		const view = await ratings.view(s.db, j1.userId, j1.publicId);
		expect(view.ok && view.value.scale).toBe(5);
		expect(view.ok && { ...view.value.choices }).toEqual({
			faithfulness: j1.modelOnLeft ? 'AA' : 'BB',
			comprehensiveness: j1.modelOnLeft ? 'A' : 'B',
			generalizability: 'tie',
			robustness: j1.modelOnLeft ? 'BB' : 'AA'
		});
		const rated = await ratings.ratedByStudy(s.db, j1.userId);
		expect(rated[0].scale).toBe(5);
		expect(rated[0].pairs[0].choices.faithfulness).toBe(j1.modelOnLeft ? 'AA' : 'BB');
	});

	it('a change of strength alone is a change: updated and kept in the history (old and new grade)', async () => {
		const s = await seeded({ scale: 5 });
		const [j1] = await juniorRows(s);
		await submitGrades(s, j1, [2, 1, 0, -2]);
		expect(await submitGrades(s, j1, [2, 1, 0, -2])).toEqual({ ok: true, changed: false });
		expect(await submitGrades(s, j1, [1, 1, 0, -2])).toEqual({ ok: true, changed: true });
		expect(await stored(s, j1.id)).toEqual(['win/1', 'win/1', 'tie/0', 'loss/-2']);
		const history = await s.db
			.select({
				key: dimensions.key,
				oldOutcome: judgmentHistory.oldOutcome,
				newOutcome: judgmentHistory.newOutcome,
				oldGrade: judgmentHistory.oldGrade,
				newGrade: judgmentHistory.newGrade
			})
			.from(judgmentHistory)
			.innerJoin(dimensions, eq(dimensions.id, judgmentHistory.dimensionId))
			.where(eq(judgmentHistory.assignmentId, j1.id))
			.orderBy(asc(judgmentHistory.id));
		expect(history).toHaveLength(5);
		expect(history[0]).toEqual({
			key: 'faithfulness',
			oldOutcome: null,
			newOutcome: 'win',
			oldGrade: null,
			newGrade: 2
		});
		expect(history[4]).toEqual({
			key: 'faithfulness',
			oldOutcome: 'win',
			newOutcome: 'win',
			oldGrade: 2,
			newGrade: 1
		});
	});

	it('a 3-point study refuses "much better" and stores no grade', async () => {
		const s = await seeded();
		const [j1] = await juniorRows(s);
		const refused = await ratings.submit(s.db, j1.userId, j1.publicId, {
			choices: { ...Object.fromEntries(DIMS.map((d) => [d, 'A'])), faithfulness: 'AA' as Choice },
			hard: false,
			comment: ''
		});
		expect(refused).toMatchObject({ ok: false, status: 400, missing: ['Faithfulness'] });
		await submitGrades(s, j1, [1, 1, 0, -1]);
		expect(await stored(s, j1.id)).toEqual(['win', 'win', 'tie', 'loss']);
		const view = await ratings.view(s.db, j1.userId, j1.publicId);
		expect(view.ok && view.value.scale).toBe(3);
	});
});

describe('final labels and escalation on the collapsed outcome', () => {
	it('juniors who differ only in strength agree: consensus with the weaker grade', async () => {
		const s = await seeded({ scale: 5 });
		const [j1, j2] = await juniorRows(s);
		await submitGrades(s, j1, [2, -2, 0, 1]);
		await submitGrades(s, j2, [1, -2, 0, 2]);
		expect(
			first(await s.db.select().from(escalations).where(eq(escalations.pairId, j1.pairId)))
		).toBeUndefined();
		expect(await labels(s, j1.pairId)).toEqual([
			'win/1/consensus',
			'loss/-2/consensus',
			'tie/0/consensus',
			'win/1/consensus'
		]);
	});

	it('a disagreement goes to the senior, whose graded decision is the final label', async () => {
		const s = await seeded({ scale: 5, adjudicate: 'disputed' });
		const [j1, j2] = await juniorRows(s);
		await submitGrades(s, j1, [2, 1, 0, -1]);
		await submitGrades(s, j2, [2, 2, -1, -1]);
		expect(
			first(await s.db.select().from(escalations).where(eq(escalations.pairId, j1.pairId)))
		).toMatchObject({ decidedAt: null });

		const view = (await adjudication.next(s.db, s.ids.senior))!;
		expect(view.scale).toBe(5);
		const senior = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, view.id))
		)!;
		const choices = Object.fromEntries(
			DIMS.map((d, i) => [d, shown([2, 2, -2, 0][i], senior.modelOnLeft)])
		);
		expect(
			await adjudication.submitIndependent(s.db, s.ids.senior, view.id, { choices, comment: '' })
		).toEqual({ ok: true });
		// Step 2 shows the juniors' graded votes in the senior's own A/B.
		const informed = await adjudication.view(s.db, s.ids.senior, view.id);
		const votes = informed.ok ? informed.value.votes! : [];
		expect(votes.map((v) => v.choices.faithfulness)).toEqual(
			Array(2).fill(senior.modelOnLeft ? 'AA' : 'BB')
		);
		expect(
			await adjudication.finalize(s.db, s.ids.senior, view.id, { choices, comment: '' })
		).toEqual({ ok: true });
		expect(await stored(s, senior.id, 'final')).toEqual(['win/2', 'win/2', 'loss/-2', 'tie/0']);
		// Disputed: generalizability (tie vs loss); the others keep the juniors' consensus grade.
		expect(await labels(s, j1.pairId)).toEqual([
			'win/2/consensus',
			'win/1/consensus',
			'loss/-2/senior',
			'loss/-1/consensus'
		]);
	});
});

describe('results and exports', () => {
	it('report agreement on both scales and export the grade beside the outcome', async () => {
		const s = await seeded({ scale: 5 });
		for (const [model, prompt, g1, g2] of [
			['cand-a', 'q1', [2, 1, 0, -1], [1, 1, 0, -2]],
			['cand-a', 'q2', [-2, -1, 1, 2], [-2, -2, 2, 2]],
			['cand-b', 'q1', [0, 1, -1, 2], [0, 2, -1, 1]]
		] as const) {
			const [j1, j2] = await juniorRows(s, model, prompt);
			await submitGrades(s, j1, [...g1] as Four);
			await submitGrades(s, j2, [...g2] as Four);
		}
		const results = await studyResults(s.db, s.studyId, { B: 0 });
		expect(results.scale).toBe(5);
		// Collapsed: the juniors agree on every dimension (the same sides).
		expect(results.agreement!.results.map((r) => r.percent_agreement)).toEqual([1, 1, 1, 1]);
		// Full scale: faithfulness agrees on 2 of 3 pairs exactly.
		const graded = results.gradedAgreement!.results;
		expect(graded.map((r) => r.dimension)).toEqual(DIMS);
		expect(graded[0].percent_agreement).toBeCloseTo(2 / 3, 12);
		expect(graded[0].cohen_kappa?.linear).not.toBeNull();
		// Win / tie / loss tables read the collapsed final labels.
		const cell = results.tables!.cells.find(
			(c) => c.model === 'cand-a' && c.dimension === 'faithfulness'
		)!;
		expect([cell.wins, cell.ties, cell.losses]).toEqual([1, 0, 1]);

		const csv = (await exportText(s, 'judgments', 'csv')).split('\n');
		const header = csv.find((line) => line.startsWith('study,'))!.split(',');
		expect(header.slice(10, 13)).toEqual(['choice', 'outcome', 'grade']);
		expect(header.slice(18, 21)).toEqual(['final_outcome', 'final_grade', 'final_source']);
		const json = JSON.parse(await exportText(s, 'judgments', 'json')) as {
			judgments: Record<string, unknown>[];
		};
		const faith = json.judgments.filter(
			(r) => r.prompt === 'q1' && r.model === 'cand-a' && r.dimension === 'faithfulness'
		);
		expect(faith.map((r) => [r.outcome, r.grade, r.final_outcome, r.final_grade])).toEqual([
			['win', 2, 'win', 1],
			['win', 1, 'win', 1]
		]);
		// The choice as the rater saw it: much (grade 2) and slightly (grade 1) on the model's side.
		const side = (r: Record<string, unknown>) => (r.shown_as_a === 'cand-a' ? 'A' : 'B');
		expect(faith.map((r) => r.choice)).toEqual([
			`${side(faith[0])} much better`,
			`${side(faith[1])} slightly better`
		]);

		const agreement = JSON.parse(await exportText(s, 'agreement', 'json')) as {
			results: unknown[];
			graded: { results: { dimension: string }[] };
		};
		expect(agreement.results).toHaveLength(4);
		expect(agreement.graded.results.map((r) => r.dimension)).toEqual(DIMS);
		const agreementCsv = await exportText(s, 'agreement', 'csv');
		expect(agreementCsv).toContain('3 (collapsed: loss < tie < win),faithfulness');
		expect(agreementCsv).toContain('5 (grades −2..2),faithfulness');
	});

	it('a 3-point study keeps its export columns and has no graded report', async () => {
		const s = await seeded();
		const [j1, j2] = await juniorRows(s);
		await submitGrades(s, j1, [1, 1, 0, -1]);
		await submitGrades(s, j2, [1, 1, 0, -1]);
		const results = await studyResults(s.db, s.studyId, { B: 0 });
		expect(results.scale).toBe(3);
		expect(results.gradedAgreement).toBeNull();
		const csv = (await exportText(s, 'judgments', 'csv')).split('\n');
		const header = csv.find((line) => line.startsWith('study,'))!;
		expect(header).not.toContain('grade');
		const agreement = JSON.parse(await exportText(s, 'agreement', 'json')) as object;
		expect(agreement).not.toHaveProperty('graded');
	});
});
