/**
 * Judge reports (issue #16 §4) against independent values: test/fixtures/bias/reference.json
 * (`judge_agreement`, from make_reference.py: scikit-learn's cohen_kappa_score and Gwet's AC1 for
 * two raters written out in Python).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeReports, type JudgeRow } from '../../../src/lib/domain/judge/judge-report.ts';
import { parseJudgeFile, pairKey } from '../../../src/lib/domain/judge/parse-judge-file.ts';
import type { OutcomeLabel } from '../../../src/lib/domain/stats/types.ts';
import type { JudgmentRow } from '../../../src/lib/domain/study-stats/types.ts';

const ref = (
	JSON.parse(
		readFileSync(new URL('../../fixtures/bias/reference.json', import.meta.url), 'utf8')
	) as {
		judge_agreement: {
			final: OutcomeLabel[];
			judge: OutcomeLabel[];
			percent_agreement: number;
			cohen_kappa: number;
			gwet_ac1: number;
		};
	}
).judge_agreement;

const judgeRows: JudgeRow[] = ref.judge.map((outcome, i) => ({
	judge: 'llm',
	prompt: `q${i}`,
	model: 'cand',
	opponent: 'ref',
	dimension: 'faithfulness',
	outcome,
	grade: null,
	// First shown: the model on even prompts.
	modelShownFirst: i % 2 === 0
}));
const finals = ref.final.map((outcome, i) => ({
	prompt: `q${i}`,
	model: 'cand',
	opponent: 'ref',
	dimension: 'faithfulness',
	outcome
}));
const junior = (rater: string, labels: OutcomeLabel[]): JudgmentRow[] =>
	labels.map((outcome, i) => ({
		pairId: i + 1,
		prompt: `q${i}`,
		model: 'cand',
		opponent: 'ref',
		dimension: 'faithfulness',
		rater,
		role: 'junior',
		stage: 'rating',
		outcome,
		modelOnLeft: true,
		isRepeat: false,
		hard: false
	}));

describe('judge reports', () => {
	it('gives κ and AC1 against the final labels as scikit-learn and Gwet’s formula', () => {
		const [report] = judgeReports(judgeRows, [], finals);
		const [a] = report.agreement;
		expect(a).toMatchObject({ dimension: 'faithfulness', against: 'final labels', n: 30 });
		expect(a.percent_agreement).toBeCloseTo(ref.percent_agreement, 12);
		expect(a.cohen_kappa).toBeCloseTo(ref.cohen_kappa, 12);
		expect(a.gwet_ac1).toBeCloseTo(ref.gwet_ac1, 12);
	});

	it('compares with each junior over the pairs both decided, with bootstrap intervals', () => {
		// J1 rated only the first 20 pairs, with the final labels; J2 all 30, with the judge's.
		const humans = [...junior('J1', ref.final.slice(0, 20)), ...junior('J2', ref.judge)];
		const [report] = judgeReports(judgeRows, humans, finals, { B: 50, seed: 1 });
		const j1 = report.agreement.find((a) => a.against === 'J1')!;
		const j2 = report.agreement.find((a) => a.against === 'J2')!;
		expect(j1.n).toBe(20);
		expect(j2).toMatchObject({ n: 30, percent_agreement: 1, cohen_kappa: 1, gwet_ac1: 1 });
		const final = report.agreement.find((a) => a.against === 'final labels')!;
		expect(final.cohen_kappa_ci95![0]).toBeLessThan(final.cohen_kappa!);
		expect(final.cohen_kappa_ci95![1]).toBeGreaterThan(final.cohen_kappa!);
	});

	it('counts the judge’s choices of the answer shown first', () => {
		const [report] = judgeReports(judgeRows, [], finals);
		let first = 0;
		let second = 0;
		judgeRows.forEach((r) => {
			if (r.outcome === 'tie') return;
			if ((r.outcome === 'win') === r.modelShownFirst) first++;
			else second++;
		});
		expect(report.position).toMatchObject({ rater: 'llm', a: first, b: second });
		expect(report.tables.cells[0].wins).toBe(ref.judge.filter((o) => o === 'win').length);
	});
});

describe('judge file', () => {
	const context = {
		pairs: new Map([[pairKey('q1', 'cand', 'ref'), 7]]),
		prompts: new Set(['q1']),
		models: new Set(['cand', 'ref']),
		dimensions: new Map([['faithfulness', 3]])
	};
	it('turns a pair given the other way round and a grade into the canonical outcome', () => {
		const line = JSON.stringify({
			judge: 'llm',
			prompt: 'q1',
			model: 'ref',
			opponent: 'cand',
			dimension: 'faithfulness',
			grade: 2,
			shown_first: 'ref'
		});
		expect(parseJudgeFile(line, context)).toEqual({
			ok: true,
			value: [
				{
					line: 1,
					judge: 'llm',
					pairId: 7,
					dimensionId: 3,
					outcome: 'loss',
					grade: -2,
					modelShownFirst: false
				}
			]
		});
	});

	it('refuses an empty file and unknown keys', () => {
		expect(parseJudgeFile('\n\n', context)).toEqual({
			ok: false,
			errors: [{ line: 1, message: 'the file has no judgments' }]
		});
		const extra = parseJudgeFile('{"judge":"x","colour":"red"}', context);
		expect(extra.ok).toBe(false);
		if (!extra.ok)
			expect(extra.errors.map((e) => e.line)).toEqual(Array(extra.errors.length).fill(1));
	});
});
