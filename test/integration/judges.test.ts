/**
 * An automatic judge as one more rater (issue #16 §4), on SQLite and (project integration-pg)
 * PostgreSQL: import validation (every problem with its line, nothing written), storage apart
 * from the human judgments, replacement on re-import, the reports and the `judge` export — and
 * that the human statistics do not change when a judge is imported.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { judgeJudgments } from '../../src/lib/server/db/schema.ts';
import { exportStudy } from '../../src/lib/server/services/exports.ts';
import * as judges from '../../src/lib/server/services/judges.ts';
import * as results from '../../src/lib/server/services/results.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';
import { simulateStudy } from '../helpers/simulate.ts';

let s: Seeded;
beforeEach(async () => {
	s = await seeded();
	await simulateStudy(s.db, s.studyId, { pairs: 6, seed: 3 });
});

const DIMENSIONS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
/** The judge copies the final label, except it says "tie" on robustness. */
async function judgeFile(judge = 'gpt-judge'): Promise<string> {
	const finals = await results.finalOutcomes(s.db, s.studyId);
	return finals
		.map((o, i) =>
			JSON.stringify({
				judge,
				prompt: o.prompt,
				// Every other line in the reversed orientation, with the outcome flipped.
				...(i % 2 === 0
					? { model: o.model, opponent: o.opponent }
					: { model: o.opponent, opponent: o.model }),
				dimension: o.dimension,
				outcome:
					o.dimension === 'robustness'
						? 'tie'
						: i % 2 === 0
							? o.outcome
							: { win: 'loss', tie: 'tie', loss: 'win' }[o.outcome],
				shown_first: i % 4 < 2 ? o.model : o.opponent
			})
		)
		.join('\n');
}

async function text(table: 'judge' | 'wintie' | 'agreement', format: 'csv' | 'json') {
	const result = await exportStudy(s.db, s.studyId, table, format, {
		B: 20,
		now: new Date('2026-11-30T12:00:00.000Z')
	});
	if (!result.ok) throw new Error(result.message);
	let out = '';
	for await (const chunk of result.value.chunks) out += chunk;
	return out;
}

describe('judge import', () => {
	it('lists every problem with its line and writes nothing', async () => {
		const good = (await judgeFile()).split('\n');
		const broken = [
			good[0],
			'{not json',
			JSON.stringify({ ...JSON.parse(good[2]), prompt: 'q9' }),
			JSON.stringify({ ...JSON.parse(good[3]), outcome: undefined, grade: 3 }),
			JSON.stringify({ ...JSON.parse(good[4]), grade: 1 }),
			JSON.stringify({ ...JSON.parse(good[5]), shown_first: 'nobody' }),
			JSON.stringify({ ...JSON.parse(good[6]), dimension: 'style' }),
			good[0],
			JSON.stringify({ ...JSON.parse(good[8]), model: 'cand-a', opponent: 'cand-b' })
		].join('\n');
		const result = await judges.importJudgments(s.db, s.studyId, 'bad.jsonl', broken, null);
		expect(result).toEqual({
			ok: false,
			errors: [
				{ line: 2, message: 'not a JSON object' },
				{ line: 3, message: 'unknown prompt "q9"' },
				{ line: 4, message: 'grade: Too big: expected number to be <=2' },
				{ line: 5, message: 'give exactly one of "outcome" (win, tie, loss) and "grade" (−2..2)' },
				{ line: 6, message: expect.stringMatching(/^shown_first must be "/) },
				{ line: 7, message: 'unknown dimension "style"' },
				{
					line: 8,
					message: expect.stringMatching(/^duplicate: gpt-judge already judged .* on line 1$/)
				},
				{
					line: 9,
					message: expect.stringMatching(
						/^cand-a vs cand-b on prompt "q\d" is not a pair of this study$/
					)
				}
			]
		});
		expect(await s.db.select().from(judgeJudgments)).toEqual([]);
	});

	it('stores canonical outcomes and the order shown, and replaces a judge imported again', async () => {
		const file = await judgeFile();
		const first = await judges.importJudgments(s.db, s.studyId, 'j.jsonl', file, null);
		expect(first).toEqual({ ok: true, lines: 24, judges: ['gpt-judge'], replaced: 0 });
		const rows = await judges.judgeRows(s.db, s.studyId);
		const finals = await results.finalOutcomes(s.db, s.studyId);
		for (const final of finals) {
			const row = rows.find(
				(r) =>
					r.prompt === final.prompt && r.model === final.model && r.dimension === final.dimension
			)!;
			expect(row.outcome).toBe(final.dimension === 'robustness' ? 'tie' : final.outcome);
		}
		const again = await judges.importJudgments(s.db, s.studyId, 'j.jsonl', file, null);
		expect(again).toEqual({ ok: true, lines: 24, judges: ['gpt-judge'], replaced: 24 });
		expect(await s.db.select().from(judgeJudgments)).toHaveLength(24);
	});
});

describe('judge reports', () => {
	it('never enter the human statistics or exports', async () => {
		const before = await results.computeResults(s.db, s.studyId, { B: 20 });
		const humanExports = [await text('wintie', 'csv'), await text('agreement', 'json')];
		await judges.importJudgments(s.db, s.studyId, 'j.jsonl', await judgeFile(), null);
		const after = await results.computeResults(s.db, s.studyId, { B: 20 });
		const { computedAt: _a, judges: judgesBefore, ...humanBefore } = before;
		const { computedAt: _b, judges: judgesAfter, ...humanAfter } = after;
		expect(humanAfter).toEqual(humanBefore);
		expect(judgesBefore).toEqual([]);
		expect(judgesAfter).toHaveLength(1);
		const strip = (t: string) => t.replace(/exported:[^|]*/, '');
		expect([strip(await text('wintie', 'csv')), strip(await text('agreement', 'json'))]).toEqual(
			humanExports.map(strip)
		);
	});

	it('agrees fully with the final labels except on robustness, and reports the Table 6 it gives', async () => {
		await judges.importJudgments(s.db, s.studyId, 'j.jsonl', await judgeFile(), null);
		const r = await results.studyResults(s.db, s.studyId, { B: 20 });
		const [report] = r.judges;
		expect(report.judge).toBe('gpt-judge');
		expect(report.n).toBe(24);
		const vsFinal = report.agreement.filter((a) => a.against === 'final labels');
		expect(vsFinal.map((a) => a.dimension)).toEqual(DIMENSIONS);
		const finals = await results.finalOutcomes(s.db, s.studyId);
		for (const a of vsFinal.filter((x) => x.dimension !== 'robustness')) {
			expect(a).toMatchObject({ n: 6, percent_agreement: 1, gwet_ac1: 1 });
			// κ is undefined (null) when every label of the dimension is the same: chance agreement 1.
			const labels = new Set(
				finals.filter((o) => o.dimension === a.dimension).map((o) => o.outcome)
			);
			expect(a.cohen_kappa).toBe(labels.size === 1 ? null : 1);
		}
		const robustness = vsFinal.find((a) => a.dimension === 'robustness')!;
		const ties = finals.filter((o) => o.dimension === 'robustness' && o.outcome === 'tie').length;
		expect(robustness.percent_agreement).toBeCloseTo(ties / 6, 12);
		expect(report.agreement.some((a) => a.against === 'J1')).toBe(true);
		// shown_first: the model on lines 0, 1 of every 4, the opponent on 2, 3.
		expect(report.position.a + report.position.b + report.position.ties).toBe(24);
		const cells = report.tables.cells.filter((c) => c.dimension === 'faithfulness');
		for (const cell of cells) {
			const human = r.tables!.cells.find(
				(h) =>
					h.model === cell.model && h.opponent === cell.opponent && h.dimension === cell.dimension
			)!;
			expect([cell.wins, cell.ties, cell.losses]).toEqual([human.wins, human.ties, human.losses]);
		}
	});

	it('exports judge vs humans per cell (CSV) and the whole report (JSON)', async () => {
		expect(await exportStudy(s.db, s.studyId, 'judge', 'csv')).toMatchObject({
			ok: false,
			status: 404
		});
		await judges.importJudgments(s.db, s.studyId, 'j.jsonl', await judgeFile(), null);
		const csv = (await text('judge', 'csv')).trim().split('\n');
		expect(csv[0]).toMatch(/^# medpair .*\|table:judge\|/);
		expect(csv[1]).toBe(
			'judge,model,opponent,dimension,human_n,human_win_or_tie_rate,judge_n,judge_wins,judge_ties,judge_losses,judge_win_or_tie_rate,difference,model_name,opponent_name,dimension_name'
		);
		expect(csv).toHaveLength(2 + 8);
		const json = JSON.parse(await text('judge', 'json'));
		expect(Object.keys(json)).toEqual(['signature', 'judges', 'human_cells', 'display_names']);
		expect(json.judges[0].judge).toBe('gpt-judge');
	});
});
