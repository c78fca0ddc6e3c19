/**
 * `medpair db copy` (issue #14): a SQLite database with the demo study and a generated, rated
 * study moves into an empty PostgreSQL database; every table arrives with its ids, the next id is
 * one past the copied ones, and the study exports (statistics included) are the same on both.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStudyFile } from '../../../src/lib/domain/study-file/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDb, type AppDb } from '../../../src/lib/server/db/index.ts';
import { EXPORT_TABLES, exportStudy } from '../../../src/lib/server/services/exports.ts';
import { openPgDb } from '../../../src/lib/server/db/postgres.ts';
import * as demo from '../../../src/lib/server/services/demo.ts';
import * as studies from '../../../src/lib/server/services/studies.ts';
import * as users from '../../../src/lib/server/services/users.ts';
import { runMedpair } from '../../helpers/cli.ts';
import { MIGRATIONS } from '../../helpers/db.ts';
import { freshDatabase, PG_MIGRATIONS, PG_URL, pgSuite } from '../../helpers/pg-test.ts';
import { simulateStudy } from '../../helpers/simulate.ts';
import { smallStudy } from '../../helpers/study.ts';

const SEED = fileURLToPath(new URL('../../../seed', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'medpair-db-copy-'));
const file = join(dir, 'source.db');
const NOW = new Date('2026-11-30T12:00:00Z');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Row counts of the SQLite file's app tables, read with a connection of its own. */
function sqliteCounts(): Record<string, number> {
	const db = new Database(file, { readonly: true });
	try {
		const names = db
			.prepare(
				"select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'"
			)
			.all() as { name: string }[];
		return Object.fromEntries(
			names.map(({ name }) => [
				name,
				(db.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n
			])
		);
	} finally {
		db.close();
	}
}

// Each step starts the CLI (a Node start of a second or more on a loaded machine).
describe.skipIf(!PG_URL)(pgSuite('medpair db copy'), { timeout: 180_000 }, () => {
	let url: string;

	beforeAll(async () => {
		const db = openDb(file, { migrationsPath: MIGRATIONS });
		try {
			expect(await demo.load(db, SEED)).toBe(true);
			await simulateStudy(db, 1, { pairs: 12, seed: 3 });
			// A second study whose texts test the round trip: quotes, line breaks, emoji, accents.
			const parsed = parseStudyFile(
				JSON.stringify(
					smallStudy({
						name: 'Ünïcødé "study" \'2\'\nsecond line 🩺',
						members: { junior: ['junior1', 'junior2'], senior: ['senior'] }
					})
				)
			);
			if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
			const imported = await studies.importStudy(db, parsed.value, null);
			if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
			await simulateStudy(db, imported.id, { pairs: 6, seed: 5 });
		} finally {
			await closeDatabase(db);
		}
		url = await freshDatabase('db_copy');
	});

	it('copies every table with its rows, verified, in batches', () => {
		const counts = sqliteCounts();
		expect(counts.judgments).toBeGreaterThan(50);
		expect(counts.escalations).toBeGreaterThan(0);
		const copy = runMedpair(['db', 'copy', '--to', url, '--from', file, '--batch', '7', '--json']);
		expect(copy.stderr).toBe('');
		expect(copy.code).toBe(0);
		const report = JSON.parse(copy.stdout) as {
			rows: number;
			tables: { name: string; rows: number; checksum: string }[];
		};
		expect(Object.fromEntries(report.tables.map((t) => [t.name, t.rows]))).toEqual(counts);
		expect(report.rows).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
		for (const t of report.tables) expect(t.checksum).toMatch(/^[0-9a-f]{32}$/);
	});

	it('gives the same exports and statistics on both backends', async () => {
		// One process, one backend at a time (services run on one dialect per process).
		const exportAll = async (db: AppDb) => {
			const out: Record<string, string> = {};
			try {
				// Study 2 has no predictions and no judge's judgments: no metrics, judge or settings table.
				// Neither asks for issue tags, harms or per-dimension notes (no tags table) or has
				// gold pairs (no calibration table).
				for (const study of [1, 2])
					for (const table of EXPORT_TABLES.filter(
						(t) =>
							t !== 'tags' &&
							t !== 'calibration' &&
							(study === 1 || (t !== 'metrics' && t !== 'judge' && t !== 'settings'))
					)) {
						const result = await exportStudy(db, study, table, 'json', { B: 200, now: NOW });
						if (!result.ok) throw new Error(result.message);
						let text = '';
						for await (const chunk of result.value.chunks) text += chunk;
						out[`study ${study}, ${table}`] = text;
					}
			} finally {
				await closeDatabase(db);
			}
			return out;
		};
		const fromSqlite = await exportAll(openDb(file, { migrationsPath: MIGRATIONS }));
		const fromPg = await exportAll(
			await openPgDb(url, { migrationsPath: PG_MIGRATIONS, poolSize: 2 })
		);
		expect(fromSqlite['study 1, agreement'].length).toBeGreaterThan(500);
		expect(fromSqlite['study 2, judgments'].split('\n').length).toBeGreaterThan(40);
		expect(fromPg).toEqual(fromSqlite);
	});

	it('refuses a target that is not empty, and changes nothing', () => {
		const again = runMedpair(['db', 'copy', '--to', url, '--from', file]);
		expect(again.code).toBe(1);
		expect(again.stdout).toBe('');
		expect(again.stderr).toMatch(
			/^medpair: the PostgreSQL database .* is not empty \(.*users: 4 rows.*\); db copy fills an empty database only, so nothing was copied\. Create a new one \(createdb\) and copy into it\n$/
		);
	});

	it('refuses a missing source and a target that is not a PostgreSQL URL', () => {
		const missing = runMedpair(['db', 'copy', '--to', url, '--from', join(dir, 'nope.db')]);
		expect(missing.stderr.trim()).toBe(
			`medpair: there is no SQLite database at ${join(dir, 'nope.db')}`
		);
		const notPg = runMedpair(['db', 'copy', '--to', join(dir, 'x.db'), '--from', file]);
		expect(notPg.stderr.trim()).toBe(
			`medpair: --to must be a postgres:// or postgresql:// URL, not "${join(dir, 'x.db')}"`
		);
	});

	it('has advanced the sequences: the next account gets the id after the copied ones', async () => {
		const db = await openPgDb(url, { migrationsPath: PG_MIGRATIONS, poolSize: 1 });
		try {
			const id = await users.create(db, {
				username: 'after-copy',
				role: 'junior',
				password: 'twelve chars!!'
			});
			expect(id).toBe(sqliteCounts().users + 1);
		} finally {
			await closeDatabase(db);
		}
	});
});
