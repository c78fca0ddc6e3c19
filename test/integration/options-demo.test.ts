/**
 * seed/options-study.json: the second demo, a small study that turns on every study option
 * beyond the paper's protocol (issue #16 "a demo study (or a second demo) shows every option in
 * use"). It is not loaded by `npm start` (the first demo keeps the paper's protocol); a researcher
 * imports it from the study list. Each option added to it gets an assertion here.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseStudyFile } from '../../src/lib/domain/study-file/parse.ts';
import { findLeaksInTexts, raterTexts } from '../../src/lib/domain/blinding/identity-leaks.ts';
import type { AppDb } from '../../src/lib/server/db/index.ts';
import { eq, sql } from 'drizzle-orm';
import { assignments, pairs } from '../../src/lib/server/db/schema.ts';
import { calibrationReport } from '../../src/lib/server/services/gold-report.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { studyReasonOptions } from '../../src/lib/server/services/reasons.ts';
import { testDb } from '../helpers/db.ts';

const file = readFileSync(new URL('../../seed/options-study.json', import.meta.url));
let db: AppDb;

beforeEach(async () => {
	db = await testDb();
	for (const [username, role] of [
		['junior1', 'junior'],
		['junior2', 'junior'],
		['senior', 'senior']
	] as const)
		await users.create(db, { username, role, password: 'twelve chars!!' });
});

describe('the options demo study', () => {
	it('parses, names no model to raters, and imports with its options stored', async () => {
		const parsed = parseStudyFile(file);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
		const demo = parsed.value;
		expect(
			findLeaksInTexts(
				raterTexts({
					titleForRaters: demo.title_for_raters,
					dimensions: demo.dimensions,
					prompts: [],
					responses: []
				}),
				demo.models
			)
		).toEqual([]);
		const result = await studies.importStudy(db, demo, null);
		if (!result.ok) throw new Error(JSON.stringify(result.problems));
		// 6 questions × 2 candidates × 1 reference.
		expect(result.counts).toEqual({ prompts: 6, responses: 18, pairs: 12 });
		const study = (await studies.get(db, result.id))!;
		expect(study.escalate).toBe('disagreement-on');
		expect(study.escalateMinDimensions).toBe(2);
		expect(study.adjudicate).toBe('disputed');
		expect(study.seniorOrder).toBe('judge-disagreement');
		// Strength of preference (issue #16 §1): the 5-point scale.
		expect(study.scale).toBe(5);
		// Reasons and harms (issue #16 §2): five issue tags, harm per response, notes per dimension.
		expect(demo.issue_tags.map((t) => t.key)).toEqual([
			'factual-error',
			'unsafe-advice',
			'missed-red-flag',
			'outdated-guidance',
			'fabricated-reference'
		]);
		expect(demo.issue_tags.every((t) => t.label !== '' && t.description !== '')).toBe(true);
		expect(await studyReasonOptions(db, result.id)).toEqual({
			perDimensionNotes: true,
			harm: true,
			issueTags: demo.issue_tags
		});
		// Raters see the tags: they must not name a model either.
		expect(
			findLeaksInTexts(
				raterTexts({ dimensions: [], issueTags: demo.issue_tags, prompts: [], responses: [] }),
				demo.models
			)
		).toEqual([]);
		expect(
			findLeaksInTexts(
				raterTexts({
					dimensions: [],
					issueTags: [{ label: 'Worse than GPT-4o', description: '' }],
					prompts: [],
					responses: []
				}),
				demo.models
			)
		).toHaveLength(1);

		// Calibrated raters (issue #16 §3): 3 gold pairs held out of study work, 2 training pairs
		// (real work opens at 60 %), hidden checks on 10 % of each queue, flagged below 60 %.
		expect(demo.gold).toHaveLength(3);
		expect(study).toMatchObject({
			trainingPairs: 2,
			trainingMinAgreement: 0.6,
			checkShare: 0.1,
			checkThreshold: 0.6
		});
		// The explanations are shown to raters: they name no model.
		expect(
			findLeaksInTexts(
				demo.gold.map((g) => ({ where: 'instructions' as const, text: g.explanation })),
				demo.models
			)
		).toEqual([]);
		const byPurpose = await db
			.select({ purpose: assignments.purpose, n: sql<number>`count(*)` })
			.from(assignments)
			.innerJoin(pairs, eq(pairs.id, assignments.pairId))
			.where(eq(pairs.studyId, result.id))
			.groupBy(assignments.purpose);
		// (12 − 3 gold) pairs × 2 raters; per junior 2 training and round(0.1 × 9) = 1 check.
		expect(Object.fromEntries(byPurpose.map((r) => [r.purpose, Number(r.n)]))).toEqual({
			study: 18,
			training: 4,
			check: 2
		});
		const report = (await calibrationReport(db, result.id))!;
		expect(report.goldPairs).toBe(3);
		expect(report.raters.map((r) => [r.training?.total, r.checks?.placed])).toEqual([
			[2, 1],
			[2, 1]
		]);
	});
});
