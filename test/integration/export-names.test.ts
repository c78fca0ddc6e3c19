/**
 * Display names in every study export (issue #17 item 14): CSV keeps the model and dimension
 * keys in their columns and appends `model_name`, `opponent_name`, `dimension_name`; Markdown
 * and LaTeX show the names in place of the keys; JSON carries `display_names`.
 */
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	exportStudy,
	type ExportFormat,
	type ExportTable
} from '../../src/lib/server/services/exports.ts';
import { importPredictions } from '../../src/lib/server/services/predictions.ts';
import { rawExec } from '../helpers/db.ts';
import { ratedStudy } from '../helpers/rated-study.ts';
import type { Seeded } from '../helpers/seeded.ts';

let s: Seeded;
beforeAll(async () => {
	s = await ratedStudy();
	await rawExec(s.db, `update models set name = ? where key = ?`, 'Candidate A 7B', 'cand-a');
	await rawExec(s.db, `update models set name = ? where key = ?`, 'Reference GPT', 'ref');
	// cand-b keeps no name: its key stands for itself. Dimensions keep their default labels
	// (read once per connection: they never change).
	const lines = [
		{
			dataset: 'MedQA',
			task: 'qa',
			model: 'cand-a',
			setting: '0-shot',
			id: 1,
			prediction: 'A',
			reference: 'A'
		},
		{
			dataset: 'MedQA',
			task: 'qa',
			model: 'ref',
			setting: '0-shot',
			id: 1,
			prediction: 'B',
			reference: 'A'
		}
	];
	const imported = await importPredictions(
		s.db,
		s.studyId,
		'p.jsonl',
		lines.map((l) => JSON.stringify(l)).join('\n'),
		s.ids.res
	);
	expect(imported.ok).toBe(true);
});

async function run(table: ExportTable, format: ExportFormat, layout?: 'long' | 'paper') {
	const result = await exportStudy(s.db, s.studyId, table, format, { layout });
	if (!result.ok) throw new Error(result.message);
	let text = '';
	for await (const chunk of result.value.chunks) text += chunk;
	return text;
}
const csv = (text: string) =>
	parse(text, { comment: '#', columns: true }) as Record<string, string>[];

describe('display names in exports', () => {
	it('wintie CSV keeps the keys and appends the names; Markdown and LaTeX show the names', async () => {
		const rows = csv(await run('wintie', 'csv'));
		const first = rows.find((r) => r.model === 'cand-a' && r.dimension === 'faithfulness')!;
		expect(first).toMatchObject({
			opponent: 'ref',
			model_name: 'Candidate A 7B',
			opponent_name: 'Reference GPT',
			dimension_name: 'Faithfulness'
		});
		expect(rows.find((r) => r.model === 'cand-b')!.model_name).toBe('cand-b');
		const md = await run('wintie', 'md', 'long');
		expect(md).toContain('| Faithfulness | Candidate A 7B | Reference GPT | 3 |');
		expect(md).not.toMatch(/\| (cand-a|ref|faithfulness) \|/);
		const latex = await run('wintie', 'latex', 'long');
		expect(latex).toContain('Faithfulness & Candidate A 7B & Reference GPT & 3');
		// The paper layout (Table 6) names rows and column groups already.
		expect(await run('wintie', 'md')).toContain('| Candidate A 7B | 7B |');
	});

	it('JSON long forms keep the keys and add display_names', async () => {
		const json = JSON.parse(await run('wintie', 'json'));
		expect(json.cells[0]).toMatchObject({ model: 'cand-a', opponent: 'ref' });
		expect(json.display_names).toEqual({
			models: { 'cand-a': 'Candidate A 7B', 'cand-b': 'cand-b', ref: 'Reference GPT' },
			dimensions: {
				faithfulness: 'Faithfulness',
				comprehensiveness: 'Comprehensiveness',
				generalizability: 'Generalizability',
				robustness: 'Robustness'
			}
		});
		for (const table of ['agreement', 'metrics', 'settings', 'bias'] as const)
			expect(JSON.parse(await run(table, 'json')).display_names.models['cand-a']).toBe(
				'Candidate A 7B'
			);
	});

	it('judgments: the names appended to every row, in CSV and JSON', async () => {
		const rows = csv(await run('judgments', 'csv'));
		for (const r of rows) {
			expect(r.model_name).toBe(r.model === 'cand-a' ? 'Candidate A 7B' : 'cand-b');
			expect(r.opponent_name).toBe('Reference GPT');
			if (r.dimension === 'faithfulness') expect(r.dimension_name).toBe('Faithfulness');
		}
		const json = JSON.parse(await run('judgments', 'json'));
		expect(json.judgments[0]).toMatchObject({ opponent: 'ref', opponent_name: 'Reference GPT' });
	});

	it('agreement, metrics and settings tables name dimensions and models', async () => {
		expect(await run('agreement', 'md')).toContain('Agreement: Faithfulness (6 items');
		expect(csv(await run('agreement', 'csv'))[0]).toMatchObject({
			dimension: 'faithfulness',
			dimension_name: 'Faithfulness'
		});
		const metrics = csv(await run('metrics', 'csv'));
		expect(metrics.map((r) => [r.model, r.model_name])).toEqual([
			['cand-a', 'Candidate A 7B'],
			['ref', 'Reference GPT']
		]);
		expect(await run('metrics', 'md')).toContain('| Candidate A 7B | 0-shot |');
		const settings = csv(await run('settings', 'csv'));
		expect(settings.map((r) => r.model_name)).toEqual(['Candidate A 7B', 'Reference GPT']);
		expect(await run('settings', 'latex')).toContain('Reference GPT & 0-shot');
	});
});
