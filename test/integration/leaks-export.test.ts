/**
 * Every possible identity leak in one export (issue #11 item 18): the study page lists the
 * first 50 only, since a study whose answers name their models can have thousands and the page
 * is rendered on the thread that serves the raters; the export `--table leaks` has all of them.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase } from '../../src/lib/server/db/index.ts';
import { exportStudy, type ExportFormat } from '../../src/lib/server/services/exports.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';

const PROMPTS = Array.from({ length: 30 }, (_, i) => ({ key: `q${i}`, text: `Question ${i}?` }));
const MODELS = [
	{ key: 'cand-a', group: 'candidate' as const, name: 'Alpha Med' },
	{ key: 'cand-b', group: 'candidate' as const },
	{ key: 'ref', group: 'reference' as const }
];

async function run(s: Seeded, format: ExportFormat): Promise<string> {
	const result = await exportStudy(s.db, s.studyId, 'leaks', format, { now: new Date(0) });
	if (!result.ok) throw new Error(result.message);
	let text = '';
	for await (const chunk of result.value.chunks) text += chunk;
	return text;
}

let leaky: Seeded;
let clean: Seeded;
beforeAll(async () => {
	leaky = await seeded({
		models: MODELS,
		prompts: PROMPTS,
		// Every answer of cand-a names its maker; the others are clean.
		responses: PROMPTS.flatMap((p) =>
			MODELS.map((m) => ({
				prompt: p.key,
				model: m.key,
				text:
					m.key === 'cand-a'
						? `As an AI developed by OpenAI, I answer ${p.key}.`
						: `A plain answer to ${p.key}.`
			}))
		)
	});
	clean = await seeded();
});
afterAll(async () => {
	await closeDatabase(leaky.db);
	await closeDatabase(clean.db);
});

describe('export --table leaks', () => {
	it('lists every leak, one row each, with the model display name appended', async () => {
		const text = await run(leaky, 'csv');
		const rows = parse(text, { comment: '#', columns: true }) as Record<string, string>[];
		expect(rows).toHaveLength(30);
		expect(Object.keys(rows[0])).toEqual([
			'where',
			'prompt',
			'model',
			'match',
			'excerpt',
			'model_name'
		]);
		expect(rows[0]).toMatchObject({
			where: 'response',
			prompt: 'q0',
			model: 'cand-a',
			match: 'As an AI',
			model_name: 'Alpha Med'
		});
		expect(rows.map((r) => r.prompt)).toEqual(PROMPTS.map((p) => p.key));
		expect(text).toMatch(/^# .*\|identity-leaks:30/m);
	});

	it('gives the same leaks as JSON, and an empty table for a study without any', async () => {
		const json = JSON.parse(await run(leaky, 'json')) as { leaks: unknown[]; signature: string };
		expect(json.leaks).toHaveLength(30);
		expect(json.signature).toContain('identity-leaks:30');
		const none = parse(await run(clean, 'csv'), { comment: '#', columns: true });
		expect(none).toEqual([]);
		expect(await run(clean, 'md')).toContain('| where | prompt | model | match | excerpt |');
	});
});
