/**
 * Calibrated raters (issue #16 §3) end to end through the services: gold pairs from the study
 * file held out of study work, the training gate with feedback and going round again, hidden
 * checks that look like every other pair and never enter agreement, tables, escalation or final
 * labels, the researcher's calibration report, and marking an adjudicated pair as gold. Runs on
 * SQLite and, in the integration-pg project, on PostgreSQL.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { toChoice, type Outcome } from '../../src/lib/domain/blinding/choice.ts';
import { first } from '../../src/lib/server/db/index.ts';
import {
	assignments,
	auditLog,
	dimensions,
	escalations,
	finalLabels,
	goldPairs,
	judgments,
	pairs,
	studyMembers
} from '../../src/lib/server/db/schema.ts';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import * as assignmentsService from '../../src/lib/server/services/assignments.ts';
import { exportStudy } from '../../src/lib/server/services/exports.ts';
import { importStudyInSlices } from '../../src/lib/server/services/study-import.ts';
import * as gold from '../../src/lib/server/services/gold.ts';
import * as trainingService from '../../src/lib/server/services/training.ts';
import { calibrationReport } from '../../src/lib/server/services/gold-report.ts';
import * as raterStudies from '../../src/lib/server/services/rater-studies.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import { computeResults } from '../../src/lib/server/services/results.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';
import { smallStudy } from '../helpers/study.ts';
import type { StudyFileInput } from '../../src/lib/domain/study-file/schema.ts';

const DIMS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
const EXPECTED: Record<string, Outcome> = {
	faithfulness: 'loss',
	comprehensiveness: 'loss',
	generalizability: 'tie',
	robustness: 'win'
};
const WRONG: Record<string, Outcome> = {
	faithfulness: 'win',
	comprehensiveness: 'win',
	generalizability: 'win',
	robustness: 'win'
};

/** The small study (3 prompts × 2 candidates × 1 reference = 6 pairs) with two gold pairs. */
function calibrated(
	options: Pick<StudyFileInput, 'training' | 'gold_checks'> = {
		training: { pairs: 1, min_agreement: 0.75 },
		gold_checks: { share: 0.5, threshold: 0.6 }
	}
) {
	return seeded({
		gold: [
			{
				prompt: 'q1',
				model: 'cand-a',
				opponent: 'ref',
				expected: EXPECTED,
				explanation: 'Why q1.'
			},
			{ prompt: 'q2', model: 'cand-b', opponent: 'ref', expected: EXPECTED, explanation: 'Why q2.' }
		],
		...options
	});
}

async function rows(s: Seeded, userId: number) {
	return await s.db
		.select({
			id: assignments.id,
			publicId: assignments.publicId,
			pairId: assignments.pairId,
			purpose: assignments.purpose,
			position: assignments.position,
			modelOnLeft: assignments.modelOnLeft,
			status: assignments.status
		})
		.from(assignments)
		.innerJoin(pairs, eq(pairs.id, assignments.pairId))
		.where(and(eq(pairs.studyId, s.studyId), eq(assignments.userId, userId)))
		.orderBy(asc(assignments.position));
}

const choicesFor = (outcomes: Record<string, Outcome>, modelOnLeft: boolean) =>
	Object.fromEntries(DIMS.map((d) => [d, toChoice(outcomes[d], modelOnLeft)]));

async function submit(
	s: Seeded,
	userId: number,
	row: { publicId: string; modelOnLeft: boolean },
	outcomes: Record<string, Outcome>
) {
	return await ratings.submit(s.db, userId, row.publicId, {
		choices: choicesFor(outcomes, row.modelOnLeft),
		hard: false,
		comment: ''
	});
}

describe('gold pairs from the study file', () => {
	it('are stored, held out of study work, and given to each junior as training and checks', async () => {
		const s = await calibrated();
		const stored = await s.db.select().from(goldPairs).where(eq(goldPairs.studyId, s.studyId));
		expect(stored).toHaveLength(2);
		expect(stored.every((g) => g.source === 'study-file')).toBe(true);
		expect(JSON.parse(stored[0].expected)).toEqual(EXPECTED);
		const goldIds = new Set(stored.map((g) => g.pairId));
		for (const junior of [s.ids.junior1, s.ids.junior2]) {
			const own = await rows(s, junior);
			const study = own.filter((r) => r.purpose === 'study');
			const training = own.filter((r) => r.purpose === 'training');
			const checks = own.filter((r) => r.purpose === 'check');
			// 4 non-gold pairs × 2 raters over 2 juniors: each rates all 4.
			expect(study).toHaveLength(4);
			expect(study.some((r) => goldIds.has(r.pairId))).toBe(false);
			expect(training.map((r) => r.position)).toEqual([-1]);
			// share 0.5 × 4 = 2 checks, but only 1 gold pair is left after training.
			expect(checks).toHaveLength(1);
			expect(new Set([...training, ...checks].map((r) => r.pairId)).size).toBe(2);
			// Queue positions 0..4 hold the study work and the check, each once.
			expect([...study, ...checks].map((r) => r.position).sort()).toEqual([0, 1, 2, 3, 4]);
			// Progress counters count every assignment, checks and training included.
			const member = first(
				await s.db
					.select()
					.from(studyMembers)
					.where(and(eq(studyMembers.studyId, s.studyId), eq(studyMembers.userId, junior)))
			)!;
			expect(member.assignedCount).toBe(6);
		}
	});

	it('leave a study without gold options exactly as the paper protocol assigns it', async () => {
		const plain = await seeded();
		const withGoldOnly = await seeded({ gold: [] });
		const shape = async (s: Seeded) =>
			(await rows(s, s.ids.junior1)).map((r) => [r.position, r.modelOnLeft, r.purpose]);
		expect(await shape(withGoldOnly)).toEqual(await shape(plain));
	});
});

describe('the training phase', () => {
	it('shows feedback, keeps real work closed below the minimum, and opens it once reached', async () => {
		const s = await calibrated();
		const j1 = s.ids.junior1;
		const first1 = await ratings.next(s.db, j1, s.studyId);
		const [training] = (await rows(s, j1)).filter((r) => r.purpose === 'training');
		expect(first1?.id).toBe(training.publicId);
		expect(first1?.training).toEqual({});

		// Wrong on 3 of 4 dimensions: 25 % < 75 %.
		expect(await submit(s, j1, training, WRONG)).toEqual({
			ok: true,
			changed: true,
			training: true
		});
		const after = await ratings.view(s.db, j1, training.publicId);
		if (!after.ok) throw new Error(after.message);
		expect(after.value.locked).toMatch(/training pair/);
		expect(after.value.training?.feedback).toEqual({
			expected: choicesFor(EXPECTED, training.modelOnLeft),
			matched: {
				faithfulness: false,
				comprehensiveness: false,
				generalizability: false,
				robustness: true
			},
			explanation: expect.stringMatching(/^Why q[12]\.$/)
		});
		// Gated: no study pair and no check is served; the landing says why and offers a new round.
		expect(await ratings.next(s.db, j1, s.studyId)).toBeNull();
		const landing = await raterStudies.landing(s.db, j1, s.studyId);
		expect(landing).toMatchObject({
			kind: 'training',
			state: { total: 1, submitted: 1, agreement: 0.25, required: 0.75, passed: false }
		});
		expect((await calibrationReport(s.db, s.studyId))!.raters[0].training).toMatchObject({
			stuck: true,
			retries: 0
		});

		// Round two: the pair opens empty, and the right answer opens real work.
		expect(await trainingService.retryTraining(s.db, j1, s.studyId)).toEqual({ ok: true });
		const again = await ratings.next(s.db, j1, s.studyId);
		expect(again?.id).toBe(training.publicId);
		expect(again?.choices).toEqual({});
		await submit(s, j1, training, EXPECTED);
		const state = await trainingService.trainingState(s.db, j1, s.studyId);
		expect(state).toMatchObject({ agreement: 1, passed: true, retries: 1 });
		const real = await ratings.next(s.db, j1, s.studyId);
		expect(real).not.toBeNull();
		expect(real!.id).not.toBe(training.publicId);
		// The judgments of both rounds are in the history.
		const history = await s.db
			.select()
			.from(judgments)
			.where(eq(judgments.assignmentId, training.id));
		expect(history.map((j) => j.outcome).sort()).toEqual(DIMS.map((d) => EXPECTED[d]).sort());
	});

	it('without a minimum, opens real work after the round whatever the agreement', async () => {
		const s = await calibrated({ training: { pairs: 1 } });
		const [training] = (await rows(s, s.ids.junior2)).filter((r) => r.purpose === 'training');
		await submit(s, s.ids.junior2, training, WRONG);
		const next = await ratings.next(s.db, s.ids.junior2, s.studyId);
		expect(next).not.toBeNull();
		expect(next!.training).toBeUndefined();
	});
});

describe('hidden checks', () => {
	it('look like study pairs and stay out of agreement, tables, escalation, final labels and exports', async () => {
		const s = await calibrated({ gold_checks: { share: 0.5, threshold: 0.6 } });
		const goldIds = (await s.db.select().from(goldPairs)).map((g) => g.pairId);
		for (const [junior, checkAnswer] of [
			[s.ids.junior1, EXPECTED],
			[s.ids.junior2, WRONG]
		] as const) {
			for (const row of await rows(s, junior)) {
				const view = await ratings.next(s.db, junior, s.studyId);
				expect(view?.id).toBe(row.publicId);
				// The same fields as any pair: nothing tells a check apart.
				expect(Object.keys(view!).sort()).toEqual(
					[
						'id',
						'studyName',
						'question',
						'responseA',
						'responseB',
						'dimensions',
						'choices',
						'hard',
						'comment',
						'status',
						'locked',
						'progress',
						'instructions',
						'scale',
						'reasonOptions',
						'reasons'
					].sort()
				);
				// Juniors agree on all study pairs; only the check answers differ.
				const outcomes = row.purpose === 'check' ? checkAnswer : EXPECTED;
				expect(await submit(s, junior, row, outcomes)).toEqual({ ok: true, changed: true });
			}
		}
		// Both juniors rated both gold pairs as checks, differently, yet nothing escalated.
		expect(await s.db.select().from(escalations)).toHaveLength(0);
		expect(
			await s.db.select().from(finalLabels).where(inArray(finalLabels.pairId, goldIds))
		).toHaveLength(0);
		const results = await computeResults(s.db, s.studyId, { B: 0 });
		// 4 study pairs, all agreed: agreement over 4 items, tables over 4 pairs per dimension.
		expect(results.agreement!.results.map((r) => r.n_items)).toEqual([4, 4, 4, 4]);
		expect(results.finalLabels.total).toBe(16);
		const exported = await exportStudy(s.db, s.studyId, 'judgments', 'json');
		if (!exported.ok) throw new Error(exported.message);
		let text = '';
		for await (const chunk of exported.value.chunks) text += chunk;
		// 2 juniors × 4 study pairs × 4 dimensions; no gold copy.
		expect(JSON.stringify(JSON.parse(text)).match(/"stage":"rating"/g)).toHaveLength(2 * 4 * 4);

		// The researcher sees accuracy per rater, and the one below the threshold is flagged.
		const report = (await calibrationReport(s.db, s.studyId))!;
		expect(report.goldPairs).toBe(2);
		const [r1, r2] = report.raters;
		expect(r1.checks).toMatchObject({ placed: 2, rated: 2, flagged: false });
		expect(r1.checks!.accuracy).toMatchObject({ matched: 8, judged: 8, accuracy: 1 });
		expect(r2.checks).toMatchObject({ placed: 2, rated: 2, flagged: true });
		// WRONG matches EXPECTED on robustness only: 2 of 8.
		expect(r2.checks!.accuracy).toMatchObject({ matched: 2, judged: 8, accuracy: 0.25 });
		expect(r2.checks!.accuracy.interval![1]).toBeLessThan(0.6);
		expect(r2.checks!.drift).toHaveLength(4);
		expect(r2.checks!.drift.reduce((n, q) => n + q.judged, 0)).toBe(8);

		// The same report as an export, one row per junior (pseudonyms; usernames with names).
		const csv = await exportText(s, 'csv');
		const lines = csv.trim().split('\n');
		expect(lines[0]).toMatch(
			/\|table:calibration\|.*\|calibration:gold=2,training=-,checks=0\.5\/0\.6\|wilson95\|drift=quarters$/
		);
		const [header, ...data] = lines.slice(1).map((line) => line.split(','));
		const byColumn = data.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
		expect(byColumn.map((r) => r.rater)).toEqual(['J1', 'J2']);
		expect(byColumn[0]).toMatchObject({
			training_total: '',
			checks_placed: '2',
			checks_matched: '8',
			checks_judged: '8',
			accuracy: '1',
			flagged: '0'
		});
		expect(byColumn[1]).toMatchObject({ checks_matched: '2', checks_judged: '8', flagged: '1' });
		expect(Number(byColumn[1].accuracy)).toBe(0.25);
		// Wilson score interval for 2 of 8 at 95 % (Wilson 1927; Newcombe 1998, method 3):
		// (0.25 + z²/16 ± z·√(0.25·0.75/8 + z²/256)) / (1 + z²/8), z = 1.959964: 0.0715 to 0.5907.
		expect(Number(byColumn[1].accuracy_lo)).toBeCloseTo(0.07148, 4);
		expect(Number(byColumn[1].accuracy_hi)).toBeCloseTo(0.59072, 4);
		expect(
			[1, 2, 3, 4].map((q) => byColumn[1][`drift_q${q}`]).filter((v) => v !== '')
		).not.toHaveLength(0);
		const json = JSON.parse(await exportText(s, 'json', true)) as {
			raters: { rater: string }[];
			goldPairs: number;
		};
		expect(json.goldPairs).toBe(2);
		expect(json.raters.map((r) => r.rater)).toEqual(['junior1', 'junior2']);
	});

	it('a study without gold has no calibration export, and says why', async () => {
		const s = await seeded();
		const result = await exportStudy(s.db, s.studyId, 'calibration', 'csv');
		expect(result).toMatchObject({ ok: false, status: 404 });
		expect(!result.ok && result.message).toContain('no gold pairs, training or hidden checks');
	});
});

async function exportText(s: Seeded, format: 'csv' | 'json', names = false) {
	const result = await exportStudy(s.db, s.studyId, 'calibration', format, { names });
	if (!result.ok) throw new Error(result.message);
	let text = '';
	for await (const chunk of result.value.chunks) text += chunk;
	return text;
}

describe('marking an adjudicated pair as gold', () => {
	it('takes its final labels as the expected outcomes, once, and audits it', async () => {
		const s = await seeded();
		const pair = first(await s.db.select().from(pairs).where(eq(pairs.studyId, s.studyId)))!;
		const dims = await s.db
			.select()
			.from(dimensions)
			.where(eq(dimensions.studyId, s.studyId))
			.orderBy(asc(dimensions.position));
		const refused = await gold.markFromAdjudicated(s.db, {
			studyId: s.studyId,
			pairId: pair.id,
			actorId: s.ids.res,
			explanation: ''
		});
		expect(refused).toMatchObject({ ok: false, status: 409 });
		await s.db.transaction(async (tx) => {
			await tx
				.insert(escalations)
				.values({ pairId: pair.id, reasons: '{}', decidedAt: Date.now() });
			await tx.insert(finalLabels).values(
				dims.map((d, i) => ({
					pairId: pair.id,
					dimensionId: d.id,
					outcome: (['win', 'tie', 'loss', 'win'] as const)[i],
					source: 'senior' as const
				}))
			);
		});
		const input = {
			studyId: s.studyId,
			pairId: pair.id,
			actorId: s.ids.res,
			explanation: 'See q1.'
		};
		expect(await gold.markFromAdjudicated(s.db, input)).toEqual({ ok: true });
		const stored = first(await s.db.select().from(goldPairs).where(eq(goldPairs.pairId, pair.id)))!;
		expect(stored).toMatchObject({
			source: 'adjudicated',
			markedBy: s.ids.res,
			explanation: 'See q1.'
		});
		expect(JSON.parse(stored.expected)).toEqual({
			faithfulness: 'win',
			comprehensiveness: 'tie',
			generalizability: 'loss',
			robustness: 'win'
		});
		expect(await gold.markFromAdjudicated(s.db, input)).toMatchObject({ ok: false, status: 409 });
		const audited = await s.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'study.mark-gold'));
		expect(audited).toHaveLength(1);
		// Not a pair of another study.
		expect(
			await gold.markFromAdjudicated(s.db, { ...input, studyId: s.studyId + 1 })
		).toMatchObject({ ok: false, status: 404 });
	});
});

describe('placement through every path that assigns', () => {
	const shape = async (s: Seeded, studyId: number, userId: number) =>
		(
			await s.db
				.select({
					pairId: assignments.pairId,
					purpose: assignments.purpose,
					position: assignments.position,
					modelOnLeft: assignments.modelOnLeft
				})
				.from(assignments)
				.innerJoin(pairs, eq(pairs.id, assignments.pairId))
				.where(and(eq(pairs.studyId, studyId), eq(assignments.userId, userId)))
				.orderBy(asc(assignments.position))
		).map((r) => [r.pairId, r.purpose, r.position, r.modelOnLeft]);

	it('reassigning from the seed gives the same gold placement as the import', async () => {
		const s = await calibrated();
		const before = await shape(s, s.studyId, s.ids.junior1);
		expect(await assignmentsService.assign(s.db, s.studyId, s.ids.res)).toMatchObject({
			ok: true
		});
		expect(await shape(s, s.studyId, s.ids.junior1)).toEqual(before);
	});

	it('a sliced import (the web form and the CLI) places gold as the one-transaction import', async () => {
		const s = await calibrated();
		const parsed = parseStudyFile(
			JSON.stringify(
				smallStudy({
					gold: [
						{ prompt: 'q1', model: 'cand-a', opponent: 'ref', expected: EXPECTED },
						{ prompt: 'q2', model: 'cand-b', opponent: 'ref', expected: EXPECTED }
					],
					training: { pairs: 1, min_agreement: 0.75 },
					gold_checks: { share: 0.5, threshold: 0.6 }
				})
			)
		);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
		const sliced = await importStudyInSlices(s.db, parsed.value, s.ids.res, { sliceMs: 1 });
		if (!sliced.ok) throw new Error(JSON.stringify(sliced.problems));
		// Pair ids differ between the studies: compare by position in study order.
		const order = async (studyId: number) =>
			new Map(
				(await s.db.select().from(pairs).where(eq(pairs.studyId, studyId))).map((p) => [
					p.id,
					p.position
				])
			);
		const [a, b] = [await order(s.studyId), await order(sliced.id)];
		const normal = (await shape(s, s.studyId, s.ids.junior2)).map(([id, ...r]) => [
			a.get(id as number),
			...r
		]);
		const other = (await shape(s, sliced.id, s.ids.junior2)).map(([id, ...r]) => [
			b.get(id as number),
			...r
		]);
		expect(other).toEqual(normal);
	});

	it('a junior added later gets their own training and checks, and no one else changes', async () => {
		const s = await calibrated();
		const j1 = await shape(s, s.studyId, s.ids.junior1);
		const j2 = await shape(s, s.studyId, s.ids.junior2);
		expect(await assignmentsService.addJunior(s.db, s.studyId, 'junior3', s.ids.res)).toMatchObject(
			{ ok: true }
		);
		const j3 = await rows(s, s.ids.junior3);
		expect(j3.filter((r) => r.purpose === 'training')).toHaveLength(1);
		expect(j3.filter((r) => r.purpose === 'check').length).toBeGreaterThanOrEqual(1);
		// Juniors 1 and 2 lose only unstarted study work, never a gold copy.
		const copies = (list: unknown[][]) => list.filter((r) => r[1] !== 'study');
		expect(copies(await shape(s, s.studyId, s.ids.junior1))).toEqual(copies(j1));
		expect(copies(await shape(s, s.studyId, s.ids.junior2))).toEqual(copies(j2));
	});
});
