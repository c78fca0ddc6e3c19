import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
	memberProblems,
	parseStudyFile,
	type StudyFile
} from '../../src/lib/domain/study-file/index.ts';
import { studyFileSchema } from '../../src/lib/domain/study-file/schema.ts';
import type { AppDb } from '../../src/lib/server/db/index.ts';
import {
	auditLog,
	judgmentHistory,
	pairs,
	responses,
	studyMembers
} from '../../src/lib/server/db/schema.ts';
import { readFileSync } from 'node:fs';
import { findLeaksInTexts, raterTexts } from '../../src/lib/domain/blinding/identity-leaks.ts';
import { raterTitle } from '../../src/lib/domain/blinding/rater-title.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { rejectionText, rowCounts, testDb } from '../helpers/db.ts';
import { smallStudy } from '../helpers/study.ts';
import { first } from '../../src/lib/server/db/index.ts';

let db: AppDb;

function validStudy(overrides = {}): StudyFile {
	const parsed = parseStudyFile(JSON.stringify(smallStudy(overrides)));
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
	return parsed.value;
}

/** Row counts of every table, to show that a refused import changes nothing. */
const snapshot = () => rowCounts(db);

beforeEach(async () => {
	db = await testDb();
	for (const [username, role] of [
		['junior1', 'junior'],
		['junior2', 'junior'],
		['senior', 'senior'],
		['res', 'researcher']
	] as const)
		await users.create(db, { username, role, password: 'twelve chars!!' });
});

describe('study import', () => {
	it('writes the study, its pairs and members in one go', async () => {
		const result = await studies.importStudy(db, validStudy(), 4);
		expect(result).toEqual({
			ok: true,
			id: 1,
			counts: { prompts: 3, responses: 9, pairs: 6 },
			// 2 candidates × 1 reference with 2 juniors, 2 per pair: both rate both pairs of a question.
			warnings: [
				'Blinding: with 2 juniors and 2 raters per pair, a junior sees each reference answer up to 2 times and each candidate answer once per question, so recognising an answer seen before can hint at its model. With 4 juniors (2 per pair × 2 sets of pairs without a repeated answer) every junior would see each answer at most once per question. Until then, each junior’s pairs of one question are spread far apart in their queue.'
			]
		});
		const [listed] = await studies.list(db);
		expect(listed).toMatchObject({
			name: 'Small study',
			prompts: 3,
			models: 3,
			pairs: 6,
			juniors: 2,
			seniors: 1
		});
		// Pairs are canonical: the candidate is `model`, the reference `opponent`.
		const rows = await db.select().from(pairs);
		expect(new Set(rows.map((p) => p.opponentId)).size).toBe(1);
		expect((await db.select().from(studyMembers)).map((m) => m.pseudonym).sort()).toEqual([
			'J1',
			'J2',
			'S1'
		]);
		expect(await db.select().from(auditLog)).toContainEqual(
			expect.objectContaining({ action: 'study.import', studyId: 1, userId: 4 })
		);
	});

	it('draws and keeps a seed when the file has none', async () => {
		const result = await studies.importStudy(db, validStudy({ seed: undefined }), null);
		expect(result.ok).toBe(true);
		if (result.ok) expect((await studies.get(db, result.id))!.seed).toBeGreaterThanOrEqual(0);
	});

	it('refuses unknown, wrongly-roled and disabled members and changes nothing', async () => {
		await users.setDisabled(db, 2, true, 4);
		const before = await snapshot();
		const result = await studies.importStudy(
			db,
			validStudy({
				members: { junior: ['junior1', 'junior2', 'ghost', 'res'], senior: ['senior'] }
			}),
			4
		);
		expect(result).toEqual({
			ok: false,
			problems: [
				{ path: 'members.junior[1]', message: 'the account "junior2" is disabled' },
				{ path: 'members.junior[2]', message: 'unknown user "ghost"' },
				{ path: 'members.junior[3]', message: '"res" has the role researcher, not junior' }
			]
		});
		expect(await snapshot()).toEqual(before);
	});

	it('rolls everything back when a write fails half-way', async () => {
		const before = await snapshot();
		const study = validStudy();
		// A response for a prompt that is not in the file violates NOT NULL after the prompts are written.
		study.responses.push({ prompt: 'missing', model: 'ref', text: 'x' });
		await expect(studies.importStudy(db, study, 4)).rejects.toThrow();
		expect(await snapshot()).toEqual(before);
		expect(
			first(
				await db
					.select({ n: sql<number>`count(*)` })
					.from(responses)
					.limit(1)
			)!.n
		).toBe(0);
	});

	it('all-pairs gives every two models per prompt', async () => {
		const result = await studies.importStudy(db, validStudy({ design: 'all-pairs' }), 4);
		expect(result.ok && result.counts.pairs).toBe(9);
	});
});

describe('append-only tables', () => {
	it('refuses to update or delete the audit log and the judgment history', async () => {
		await studies.importStudy(db, validStudy(), 4);
		expect(
			await rejectionText(db.transaction(async (tx) => tx.update(auditLog).set({ action: 'x' })))
		).toMatch(/append-only/);
		expect(await rejectionText(db.transaction(async (tx) => tx.delete(auditLog)))).toMatch(
			/append-only/
		);
		await db.transaction(async (tx) =>
			tx.insert(judgmentHistory).values({
				judgmentId: 1,
				assignmentId: 1,
				dimensionId: 1,
				stage: 'rating',
				changedBy: 1,
				newOutcome: 'win'
			})
		);
		expect(await rejectionText(db.transaction(async (tx) => tx.delete(judgmentHistory)))).toMatch(
			/append-only/
		);
	});
});

describe('identity leaks', () => {
	it('lists responses that name their model or maker on the study page data', async () => {
		const study = validStudy();
		study.responses[1].text = 'As an AI developed by OpenAI I cannot help.';
		study.responses[4].text = 'I am cand-b and I think rest is best.';
		const result = await studies.importStudy(db, study, 4);
		if (!result.ok) throw new Error('import failed');
		expect(
			(await studies.identityLeaks(db, result.id)).map((l) => [l.prompt, l.model, l.match])
		).toEqual([
			['q1', 'cand-b', 'As an AI'],
			['q2', 'cand-b', 'cand-b']
		]);
	});
});

describe('title for raters (#11 item 11)', () => {
	it('stores title_for_raters for raters and keeps the name for researchers', async () => {
		const result = await studies.importStudy(
			db,
			validStudy({ name: 'Open vs. commercial', title_for_raters: 'Patient questions' }),
			4
		);
		if (!result.ok) throw new Error('import failed');
		const study = (await studies.get(db, result.id))!;
		expect([study.name, study.titleForRaters, raterTitle(study)]).toEqual([
			'Open vs. commercial',
			'Patient questions',
			'Patient questions'
		]);
		const untitled = await studies.importStudy(db, validStudy(), 4);
		if (!untitled.ok) throw new Error('import failed');
		const plain = (await studies.get(db, untitled.id))!;
		expect([plain.titleForRaters, raterTitle(plain)]).toEqual([null, `Study ${untitled.id}`]);
	});

	it('flags a title for raters, a question, a label or a rubric that names a model', async () => {
		const study = validStudy({
			title_for_raters: 'cand-a versus ref',
			dimensions: [{ key: 'faithfulness', label: 'Faithfulness', rubric: 'As good as ChatGPT?' }]
		});
		study.prompts[2].text = 'What would cand-b say about fever?';
		const result = await studies.importStudy(db, study, 4);
		if (!result.ok) throw new Error('import failed');
		expect(
			(await studies.identityLeaks(db, result.id)).map((l) => [l.where, l.prompt, l.match])
		).toEqual([
			['title for raters', '', 'cand-a'],
			['dimension rubric', '', 'ChatGPT'],
			['question', 'q3', 'cand-b']
		]);
	});
});

describe('instructions for raters (#12 item 7)', () => {
	it('are stored at import (null when absent) and scanned for names of models', async () => {
		const result = await studies.importStudy(
			db,
			validStudy({ instructions: 'Compare with what cand-a usually says.' }),
			4
		);
		if (!result.ok) throw new Error('import failed');
		expect((await studies.get(db, result.id))!.instructions).toBe(
			'Compare with what cand-a usually says.'
		);
		expect((await studies.identityLeaks(db, result.id)).map((l) => [l.where, l.match])).toEqual([
			['instructions', 'cand-a']
		]);
		const plain = await studies.importStudy(db, validStudy(), 4);
		if (!plain.ok) throw new Error('import failed');
		expect((await studies.get(db, plain.id))!.instructions).toBeNull();
	});
});

describe('show_final_to_raters (#12 item 10)', () => {
	it('is stored at import, off by default', async () => {
		const on = await studies.importStudy(db, validStudy({ show_final_to_raters: true }), 4);
		const off = await studies.importStudy(db, validStudy(), 4);
		if (!on.ok || !off.ok) throw new Error('import failed');
		expect((await studies.get(db, on.id))!.showFinalToRaters).toBe(true);
		expect((await studies.get(db, off.id))!.showFinalToRaters).toBe(false);
	});
});

describe('the demo study (#11 item 11)', () => {
	it('shows raters a neutral title that names no model, and keeps its name for researchers', () => {
		const parsed = parseStudyFile(
			readFileSync(new URL('../../seed/demo-study.json', import.meta.url))
		);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
		const demo = parsed.value;
		expect(demo.name).toBe('Demo: patient questions, open vs. commercial models');
		expect(demo.title_for_raters).toBe('Patient questions — answer comparison');
		const texts = raterTexts({
			titleForRaters: demo.title_for_raters,
			dimensions: demo.dimensions,
			prompts: [],
			responses: []
		});
		expect(findLeaksInTexts(texts, demo.models)).toEqual([]);
	});
});

describe('the examples offered on the import form (#13 item 7)', () => {
	const examples = new URL('../../static/examples/', import.meta.url);
	const load = (path: string) => readFileSync(new URL(path, examples));

	it('import without problems, inline and with JSON Lines side files, and name no model', async () => {
		for (const file of ['study.json', 'study-with-files.json']) {
			const known = new Map(await studies.accountsForMemberCheck(db));
			const parsed = parseStudyFile(load(file), {
				checkMembers: (members) => memberProblems(members, known),
				loadSideFile: (path) => load(path)
			});
			expect(parsed.ok || parsed.problems).toBe(true);
			if (!parsed.ok) continue;
			const result = await studies.importStudy(db, parsed.value, 4);
			expect(result.ok || result.problems).toBe(true);
			if (result.ok) expect(await studies.identityLeaks(db, result.id)).toEqual([]);
		}
	});

	it('are described field by field in docs/study-file.md', () => {
		const reference = readFileSync(new URL('../../docs/study-file.md', import.meta.url), 'utf8');
		for (const field of Object.keys(studyFileSchema.shape))
			expect(reference).toContain(`| \`${field}\``);
	});
});
