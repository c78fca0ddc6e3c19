/**
 * Bias checks (issue #16 §5) through the study statistics and the `bias` export, on SQLite and
 * (project integration-pg) PostgreSQL: the figures come from the stored judgments, final labels
 * and answer texts; the counts are recomputed here from the raw rows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { styleFeatures } from '../../src/lib/domain/bias/style-features.ts';
import { exportStudy } from '../../src/lib/server/services/exports.ts';
import * as results from '../../src/lib/server/services/results.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';
import { simulateStudy } from '../helpers/simulate.ts';
import { smallStudy } from '../helpers/study.ts';

const base = smallStudy();
const PROMPTS = ['q1', 'q2', 'q3'];
const TEXTS: Record<string, (prompt: string) => string> = {
	'cand-a': (q) => `Short answer to ${q}.`,
	'cand-b': (q) => `**Key point** for ${q}: rest, fluids and **see your GP** if it gets worse.`,
	ref: (q) =>
		`## What it may be\n\nSeveral causes fit ${q}.\n\n## What to do\n\n- Rest\n- Drink water\n1. Call 111 if unsure\n2. Call 999 if **severe**\n\nSee a doctor within a week.`
};
const study = {
	...base,
	responses: PROMPTS.flatMap((prompt) =>
		Object.entries(TEXTS).map(([model, text]) => ({ prompt, model, text: text(prompt) }))
	)
};

let s: Seeded;
beforeAll(async () => {
	s = await seeded(study);
	await simulateStudy(s.db, s.studyId, { pairs: 6, seed: 3 });
});

const NOW = new Date('2026-11-30T12:00:00.000Z');
async function exported(format: 'csv' | 'json' | 'md' | 'latex') {
	const result = await exportStudy(s.db, s.studyId, 'bias', format, { B: 20, now: NOW });
	if (!result.ok) throw new Error(result.message);
	let text = '';
	for await (const chunk of result.value.chunks) text += chunk;
	return { text, signature: result.value.signature };
}

describe('bias checks in the study statistics', () => {
	it('counts the longer answer’s wins per rater, over all raters and over the final labels', async () => {
		const r = await results.studyResults(s.db, s.studyId, { B: 20 });
		const length = (model: string, prompt: string) =>
			styleFeatures(study.responses.find((x) => x.model === model && x.prompt === prompt)!.text)
				.length;
		const rows = (await results.judgmentRows(s.db, s.studyId)).filter(
			(row) => row.stage !== 'final' && !row.isRepeat
		);
		const expected = (list: typeof rows) => {
			const decisive = list.filter((row) => row.outcome !== 'tie');
			const longerWins = decisive.filter(
				(row) =>
					(row.outcome === 'win') ===
					length(row.model, row.prompt) > length(row.opponent, row.prompt)
			).length;
			return { decisive: decisive.length, longer_wins: longerWins };
		};
		const groups = r.bias.length.map((row) => row.group);
		expect(groups.slice(0, 2)).toEqual(['J1', 'J2']);
		expect(groups.slice(-2)).toEqual(['all raters', 'final labels']);
		expect(r.bias.length.find((row) => row.group === 'all raters')).toMatchObject(expected(rows));
		expect(r.bias.length.find((row) => row.group === 'J1')).toMatchObject(
			expected(rows.filter((row) => row.rater === 'J1'))
		);
		const finals = await results.finalOutcomes(s.db, s.studyId);
		const finalRow = r.bias.length.find((row) => row.group === 'final labels')!;
		expect(finalRow.n).toBe(finals.length);
		expect(r.bias.missingStyle).toBe(0);
	});

	it('ranks every dimension with style control next to the plain ranking', async () => {
		const r = await results.studyResults(s.db, s.studyId, { B: 20 });
		const style = r.bias.styleControl!;
		expect(style.signature).toContain('bootstrap:B=20,seed=7,cluster=prompt');
		expect(style.rankings.map((x) => x.dimension)).toEqual(
			r.tables!.bradley_terry.map((x) => x.dimension)
		);
		for (const ranking of style.rankings) {
			expect(ranking.n).toBe(6);
			expect(ranking.models.map((m) => m.model).sort()).toEqual(['cand-a', 'cand-b', 'ref']);
		}
	});
});

describe('the bias export', () => {
	it('JSON carries position, length and style with the export signature', async () => {
		const { text, signature } = await exported('json');
		const report = JSON.parse(text);
		expect(Object.keys(report)).toEqual([
			'signature',
			'position_bias',
			'length_bias',
			'style_control',
			'bradley_terry',
			// Issue #17 item 14: the keys' display names.
			'display_names'
		]);
		expect(report.signature).toBe(signature);
		expect(signature).toMatch(
			/\|table:bias\|.*\|style-control:features=length\+headers\+lists\+bold/
		);
		const r = await results.studyResults(s.db, s.studyId, { B: 20 });
		expect(report.length_bias).toEqual(JSON.parse(JSON.stringify(r.bias.length)));
	});

	it('CSV is one long table, one row per figure', async () => {
		const { text } = await exported('csv');
		const lines = text.trim().split('\n');
		expect(lines[0]).toMatch(/^# medpair medpair:.*\|table:bias\|/);
		expect(lines[1]).toBe(
			'check,rater,dimension,model,statistic,estimate,ci_low,ci_high,n,p,dimension_name,model_name'
		);
		expect(lines.some((l) => l.startsWith('position,J1,,,share_a,'))).toBe(true);
		expect(lines.some((l) => l.startsWith('length,all raters,,,longer_win_rate,'))).toBe(true);
		expect(lines.some((l) => /^style,,faithfulness,ref,elo_style_controlled,/.test(l))).toBe(true);
	});

	it('Markdown and LaTeX give the three checks as tables', async () => {
		const md = (await exported('md')).text;
		expect(md).toContain('Position bias');
		expect(md).toContain('Length bias');
		expect(md).toContain('plain and with style control');
		const latex = (await exported('latex')).text;
		expect(latex).toContain('\\begin{tabular}');
	});
});
