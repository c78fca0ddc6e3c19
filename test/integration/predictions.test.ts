import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { predictions as predictionRows, predictionSets } from '../../src/lib/server/db/schema.ts';
import * as predictions from '../../src/lib/server/services/predictions.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';

let s: Seeded;
beforeEach(async () => {
	s = await seeded();
});

const line = (o: object) => JSON.stringify(o);

describe('predictions in a study', () => {
	it('stores a valid file and scores it, listing models the study does not have', async () => {
		const text = [
			line({
				dataset: 'd1',
				task: 'qa',
				model: 'cand-a',
				id: '1',
				prediction: 'A',
				reference: 'a'
			}),
			line({
				dataset: 'd1',
				task: 'qa',
				model: 'cand-a',
				id: '2',
				prediction: 'B',
				reference: 'C'
			}),
			line({
				dataset: 'd1',
				task: 'qa',
				model: 'mystery',
				id: '1',
				prediction: 'A',
				reference: 'A'
			})
		].join('\n');
		const result = await predictions.importPredictions(s.db, s.studyId, 'p.jsonl', text, s.ids.res);
		expect(result).toEqual({ ok: true, id: 1, lines: 3, unknownModels: ['mystery'] });
		const metrics = (await predictions.studyMetrics(s.db, s.studyId))!;
		expect(metrics.unknownModels).toEqual(['mystery']);
		// Accuracy: 1 of 2 for cand-a (trimmed, case-insensitive), 1 of 1 for mystery.
		expect(metrics.report.scores.map((x) => [x.model, x.score])).toEqual([
			['cand-a', 50],
			['mystery', 100]
		]);
		expect(metrics.report.signature).toMatch(/rougeL:stem=1/);
	});

	it('refuses a broken file, listing every bad line, and stores nothing', async () => {
		const text = [
			line({ dataset: 'd1', task: 'qa', model: 'm', id: '1', prediction: 'A', reference: 'A' }),
			'{not json',
			line({ dataset: 'd1', task: 'poetry', model: 'm', id: '2', prediction: 'A', reference: 'A' })
		].join('\n');
		const result = await predictions.importPredictions(
			s.db,
			s.studyId,
			'bad.jsonl',
			text,
			s.ids.res
		);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.errors.map((e) => e.line)).toEqual([2, 3]);
		expect(await s.db.select().from(predictionSets)).toEqual([]);
		expect(await s.db.select().from(predictionRows)).toEqual([]);
	});

	it('scores the demo predictions file', async () => {
		const text = readFileSync(
			new URL('../../seed/demo-predictions.jsonl', import.meta.url),
			'utf8'
		);
		const result = await predictions.importPredictions(s.db, s.studyId, 'demo.jsonl', text, null);
		expect(result.ok).toBe(true);
		const metrics = (await predictions.studyMetrics(s.db, s.studyId))!;
		expect(metrics.report.models.map((m) => m.model).sort()).toEqual([
			'llama-3-8b-instruct',
			'medalpaca-13b',
			'meditron-7b'
		]);
		expect(metrics.table.columns.length).toBeGreaterThan(6);
	});
});
