/**
 * `medpair study archive|unarchive|delete` as users run them (issue 17 item 12): a child process
 * on a real database (SQLite file, or PostgreSQL in the integration-pg run).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import { runMedpair } from '../helpers/cli.ts';
import { cliDatabase, closeDatabase, countOf, type CliDatabase } from '../helpers/cli-db.ts';
import { smallStudy } from '../helpers/study.ts';

const dir = mkdtempSync(join(tmpdir(), 'medpair-cli-lifecycle-'));
let db: CliDatabase;
beforeAll(async () => {
	db = await cliDatabase(dir, 'cli_lifecycle');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const medpair = (args: string[], input?: string) => runMedpair(args, { input, env: db.env });

describe('medpair study archive, unarchive and delete', { timeout: 120_000 }, () => {
	it('archives, refuses writes while archived, unarchives, and deletes with the typed name', async () => {
		for (const [name, role] of [
			['junior1', 'junior'],
			['junior2', 'junior'],
			['senior', 'senior']
		])
			expect(
				medpair(['user', 'add', name, '--role', role, '--password-stdin'], 'a long password\n').code
			).toBe(0);
		const file = join(dir, 'study.json');
		writeFileSync(file, JSON.stringify(smallStudy()));
		expect(medpair(['study', 'import', file, '--json']).code).toBe(0);

		// One judged pair, submitted through the service as the rating page does.
		const app = await db.open();
		try {
			const [junior] = await db.rows<{ id: number }>(
				"select id from users where username = 'junior1'"
			);
			const view = (await ratings.next(app, Number(junior.id)))!;
			const submitted = await ratings.submit(app, Number(junior.id), view.id, {
				choices: Object.fromEntries(view.dimensions.map((d) => [d.key, 'tie'])),
				hard: false,
				comment: ''
			});
			expect(submitted).toMatchObject({ ok: true });
		} finally {
			await closeDatabase(app);
		}
		const judged = await countOf(db, 'judgments');
		expect(judged).toBe(4);

		expect(medpair(['study', 'archive', '1']).stdout.trim()).toBe('Archived study 1.');
		expect(medpair(['study', 'archive', '1']).stdout.trim()).toBe('Study 1 was already archived.');
		expect(medpair(['study', 'assign', '1']).stderr.trim()).toBe(
			'medpair: This study is archived and read-only. Unarchive it first (its exports still work).'
		);
		const exported = medpair(['study', 'export', '1', '--table', 'judgments']);
		expect(exported.code).toBe(0);
		// A header and one row per judged dimension, under the signature comment lines.
		const rows = exported.stdout.split('\n').filter((l) => l && !l.startsWith('#'));
		expect(rows.slice(1).filter((l) => l.includes('tie'))).toHaveLength(4);
		expect(rows).toHaveLength(5);
		expect(medpair(['study', 'unarchive', '1']).stdout.trim()).toBe('Unarchived study 1.');
		expect(await db.rows('select status, archived_at from studies')).toEqual([
			{ status: 'closed', archived_at: null }
		]);

		const refused = medpair(['study', 'delete', '1']);
		expect(refused.code).not.toBe(0);
		expect(refused.stderr.trim()).toBe(
			'medpair: study 1 has 4 judgments; nothing was deleted. To delete them with it, add --confirm-name "Small study"'
		);
		expect(medpair(['study', 'delete', '1', '--confirm-name', 'Small']).code).not.toBe(0);
		expect(await countOf(db, 'studies')).toBe(1);

		expect(medpair(['study', 'delete', '1', '--confirm-name', 'Small study']).stdout.trim()).toBe(
			'Deleted study 1 ("Small study") with 4 judgments.'
		);
		expect(await countOf(db, 'studies')).toBe(0);
		expect(await countOf(db, 'judgments')).toBe(0);
		expect(
			await db.rows(
				"select action, study_id, detail from audit_log where action like 'study.%' and action <> 'study.import' and action <> 'study.assign' order by id"
			)
		).toEqual([
			{ action: 'study.archive', study_id: 1, detail: '{}' },
			{
				action: 'study.export',
				study_id: 1,
				detail: '{"table":"judgments","format":"csv","names":false,"layout":null}'
			},
			{ action: 'study.unarchive', study_id: 1, detail: '{}' },
			{ action: 'study.delete', study_id: 1, detail: '{"name":"Small study","judgments":4}' }
		]);
		expect(medpair(['study', 'delete', '1']).stderr.trim()).toBe('medpair: there is no study 1');
	});
});
