/**
 * The Table 5 layout (BenchHealth §5, Table 5) rebuilt from the paper's own rows: the fixture
 * `benchhealth-table5-all.json` (source inside) holds its scores, the Types and # Params of each
 * row, which rows are references, and which cells it prints in bold.
 */
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../../src/lib/domain/export/format.ts';
import { cellText, isBold, isSection } from '../../../src/lib/domain/export/table.ts';
import { paperScoresTable } from '../../../src/lib/domain/metrics/paper-scores-table.ts';
import { SCENARIO_OF_TASK } from '../../../src/lib/domain/metrics/scenarios.ts';
import type { Task } from '../../../src/lib/domain/metrics/types.ts';
import all from '../../fixtures/metrics/benchhealth-table5-all.json';

const scores = all.rows.map((r) => ({ ...r, task: r.task as Task }));
const models = all.models.map((m) => ({ ...m, reference: 'reference' in m }));
const table = paperScoresTable(scores, models);
const rows = table.rows.filter((r) => !isSection(r)) as Record<string, unknown>[];

describe('paperScoresTable (BenchHealth Table 5 layout)', () => {
	it('groups the 13 datasets by scenario as Table 1 and Table 5 do', () => {
		expect(table.columns.slice(0, 3).map((c) => c.label)).toEqual(['Types', 'Methods', '# Params']);
		expect(table.columns.slice(3).map((c) => [c.group, c.label])).toEqual([
			['Language Reasoning', 'MedQA'],
			['Language Reasoning', 'MedMCQA'],
			['Language Reasoning', 'MMLU-Medicine'],
			['Language Reasoning', 'PubMedQA'],
			['Language Reasoning', 'ChatDoctor'],
			['Language Generation', 'MIMIC-CXR'],
			['Language Generation', 'IU-Xray'],
			['Language Generation', 'MIMIC-III'],
			['Language Understanding', 'BC5-disease'],
			['Language Understanding', 'NCBI-Disease'],
			['Language Understanding', 'DDI'],
			['Language Understanding', 'GAD'],
			['Language Understanding', 'HoC']
		]);
		expect(SCENARIO_OF_TASK.treatment).toBe('reasoning');
	});

	it('orders and labels the rows as the paper: SOTA, General LLMs (commercial first), Medical LLMs', () => {
		expect(rows.map((r) => [r.type, r.model, r.params])).toEqual(
			all.models.map((m, i) => [
				i === 1 ? 'General LLMs' : i === 10 ? 'Medical LLMs' : '',
				m.model,
				m.params ?? '-'
			])
		);
	});

	it('bolds exactly the cells the paper bolds (best per column over every row)', () => {
		const bold = rows.flatMap((r) =>
			table.columns.filter((c) => isBold(r[c.key] as never)).map((c) => [r.model, c.label])
		);
		expect(new Set(bold.map((b) => b.join('|')))).toEqual(
			new Set(all.bold.map((b) => b.join('|')))
		);
	});

	it('prints "-" where the paper has no score, one decimal elsewhere', () => {
		const sota = rows[0];
		expect(cellText(sota['dataset:MMLU-Medicine'] as never)).toBe('-');
		expect(cellText(sota['dataset:ChatDoctor'] as never)).toBe('-');
		expect(cellText(rows[10]['dataset:HoC'] as never)).toBe('-'); // ChatGLM-Med, see the fixture
		expect(cellText(rows[4]['dataset:PubMedQA'] as never)).toBe('53.0'); // ChatGLM
	});

	it('Markdown and LaTeX (booktabs) exports match the reviewed snapshots', async () => {
		await expect(formatTable(table, 'md')).toMatchFileSnapshot('__snapshots__/table5.md');
		await expect(formatTable(table, 'latex')).toMatchFileSnapshot('__snapshots__/table5.tex');
	});

	it('leaves out models without scores and adds scored models not listed, after the rest', () => {
		const small = paperScoresTable(
			[
				{ model: 'b', dataset: 'D', task: 'qa', score: 1 },
				{ model: 'x', dataset: 'D', task: 'qa', score: 2 }
			],
			[
				{ model: 'a', kind: 'general' },
				{ model: 'b', kind: 'medical', params: '7B' }
			]
		);
		expect(
			small.rows.map((r) => [
				(r as Record<string, unknown>).type,
				(r as Record<string, unknown>).model
			])
		).toEqual([
			['', 'x'],
			['Medical LLMs', 'b']
		]);
	});
});
