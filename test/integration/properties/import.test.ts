/**
 * Issue 8, "Bad input, systematically": a refused study import leaves the database byte for byte
 * unchanged. Study files with problems (mutated valid files, and valid files whose members are
 * unknown, have the wrong role or are disabled) go through the import pipeline of the CLI and the
 * researcher page (parse with the member check, then `importStudy`) against a file database; the
 * database file is hashed after a WAL checkpoint, and a logical dump of every table (with
 * sqlite_sequence) is compared as well, so a failure says which rows changed. Valid files must
 * import and change both, so the comparison is shown to be able to fail.
 *
 * On PostgreSQL (the integration-pg run) there is no file to hash: "unchanged" is the logical dump
 * (the columns of every table and all their rows), hashed. Sequence positions are left out:
 * `nextval` is never rolled back ("Sequence Manipulation Functions" in the PostgreSQL manual), so
 * a refused import whose transaction inserted rows before it was rolled back leaves a gap in the
 * ids, and no row.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberProblems, parseStudyFile } from '../../../src/lib/domain/study-file/index.ts';
import { closeDatabase, sqliteClient, type AppDb } from '../../../src/lib/server/db/index.ts';
import * as studies from '../../../src/lib/server/services/studies.ts';
import * as users from '../../../src/lib/server/services/users.ts';
import {
	applyJsonEdits,
	applyLineEdits,
	hostileString,
	jsonEditsArb,
	lineEditsArb,
	studyArb,
	utf8,
	type Members,
	type StudyCase
} from '../../helpers/arbitraries.ts';
import { rawRows, tableNames, testDb } from '../../helpers/db.ts';

const JUNIORS = ['junior1', 'junior2', 'junior3', 'junior4'];
const SENIORS = ['senior1', 'senior2'];
/** Accounts that exist but may not be listed as members. */
const WRONG = { researcher: 'researcher1', disabled: 'junior9' };

let db: AppDb;

beforeAll(async () => {
	db = await testDb();
	const password = 'twelve chars!!';
	for (const username of [...JUNIORS, WRONG.disabled])
		await users.create(db, { username, role: 'junior', password });
	for (const username of SENIORS) await users.create(db, { username, role: 'senior', password });
	const researcher = await users.create(db, {
		username: WRONG.researcher,
		role: 'researcher',
		password
	});
	const disabled = (await users.findByUsername(db, WRONG.disabled))!;
	await users.setDisabled(db, disabled.id, true, researcher);
	// One study already there, so a stray write would show up next to real rows.
	const first = await importFile(fc.sample(studyArb(membersArb), { numRuns: 1, seed: 1 })[0], true);
	if (first !== 'imported') throw new Error(`could not import the first study: ${first}`);
});

afterAll(async () => {
	if (db) await closeDatabase(db);
});

/** Valid members: 1–4 of the juniors and 0–2 of the seniors, in any order. */
const membersArb: fc.Arbitrary<Members> = fc.record({
	junior: fc.shuffledSubarray(JUNIORS, { minLength: 1 }),
	senior: fc.shuffledSubarray(SENIORS)
});

/** Members with at least one who may not take part: unknown, wrong role, or disabled. */
const badMembersArb: fc.Arbitrary<Members> = fc
	.tuple(
		membersArb,
		fc.oneof(
			hostileString.map((s) => utf8(s).trim() || 'nobody'),
			fc.constantFrom(WRONG.researcher, WRONG.disabled, "junior1' OR '1'='1", 'JUNIOR1')
		),
		fc.boolean(),
		fc.nat()
	)
	.filter(([members, bad]) => ![...members.junior, ...members.senior].includes(bad))
	.map(([members, bad, asSenior, at]) => {
		// A junior listed as senior (or the reverse) has the wrong role as well.
		const list = asSenior ? members.senior : members.junior;
		const junior = asSenior ? members.junior : [...members.junior];
		const senior = asSenior ? [...members.senior] : members.senior;
		(asSenior ? senior : junior).splice(at % (list.length + 1), 0, bad);
		return { junior, senior };
	});

/**
 * Every row of every table: on SQLite with sqlite_sequence and the schema, in rowid order; on
 * PostgreSQL with the columns of every table, rows sorted (a table has no rowid order there).
 */
async function dump(): Promise<Record<string, string>> {
	const sqlite = sqliteClient(db);
	if (sqlite) {
		const tables = sqlite
			.prepare("select name from sqlite_master where type = 'table' order by name")
			.all() as { name: string }[];
		const content: Record<string, string> = {
			sqlite_master: JSON.stringify(
				sqlite.prepare('select * from sqlite_master order by name').all()
			)
		};
		for (const { name } of tables)
			content[name] = JSON.stringify(
				sqlite.prepare(`select * from "${name}" order by rowid`).all()
			);
		return content;
	}
	const content: Record<string, string> = {
		columns: JSON.stringify(
			await rawRows(
				db,
				`select table_name, column_name, data_type, is_nullable, column_default
				 from information_schema.columns where table_schema = 'public'
				 order by table_name, ordinal_position`
			)
		)
	};
	for (const name of await tableNames(db))
		content[name] = JSON.stringify(
			(await rawRows(db, `select * from "${name}"`)).map((row) => JSON.stringify(row)).sort()
		);
	return content;
}

/**
 * SHA-256 of the database file once the WAL is checkpointed into it and emptied (SQLite); on
 * PostgreSQL of the columns and of every table's rows, sorted.
 */
async function fileHash(): Promise<string> {
	const sqlite = sqliteClient(db);
	if (!sqlite) {
		// Hashed by the server (a row's text form, sorted): one query per table, no rows sent.
		const hashes = [];
		for (const name of await tableNames(db))
			hashes.push(
				...(await rawRows<{ h: string | null }>(
					db,
					`select md5(string_agg(t::text, '|' order by t::text)) as h from "${name}" t`
				))
			);
		const [columns] = await rawRows<{ h: string }>(
			db,
			`select md5(string_agg(concat_ws(',', table_name, column_name, data_type, is_nullable, column_default), '|' order by table_name, ordinal_position)) as h
			 from information_schema.columns where table_schema = 'public'`
		);
		return createHash('sha256')
			.update(JSON.stringify([columns.h, hashes.map((row) => row.h)]))
			.digest('hex');
	}
	const [checkpoint] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
	expect(checkpoint.busy).toBe(0);
	expect(statSync(`${sqlite.name}-wal`).size).toBe(0);
	return createHash('sha256').update(readFileSync(sqlite.name)).digest('hex');
}

const snapshot = async () => ({ hash: await fileHash(), rows: await dump() });

type Source = Pick<StudyCase, 'text' | 'files'>;

/**
 * The import as the CLI and the researcher page run it: parse with the member check, then
 * import. `checkAtParse: false` leaves the member check to `importStudy` (its own guard).
 */
async function importFile(source: Source, checkAtParse: boolean): Promise<'imported' | 'refused'> {
	const known = new Map(await studies.accountsForMemberCheck(db));
	const parsed = parseStudyFile(source.text, {
		loadSideFile: (path) => (Object.hasOwn(source.files, path) ? source.files[path] : null),
		checkMembers: checkAtParse ? (members) => memberProblems(members, known) : undefined
	});
	if (!parsed.ok) return 'refused';
	return (await studies.importStudy(db, parsed.value, null)).ok ? 'imported' : 'refused';
}

const mutatedArb: fc.Arbitrary<Source> = fc.oneof(
	fc.tuple(studyArb(membersArb), lineEditsArb).map(([c, edits]) => ({
		...c,
		text: applyLineEdits(c.text, edits)
	})),
	fc.tuple(studyArb(membersArb), jsonEditsArb).map(([c, edits]) => ({
		...c,
		text: JSON.stringify(applyJsonEdits(c.input, edits), null, 2) ?? ''
	}))
);

// 500 imports, each hashed (on PostgreSQL, a query per table): slow on a loaded machine.
describe('study import properties', { timeout: 90_000 }, () => {
	it('a refused import leaves the database byte for byte unchanged', async () => {
		const seen = { refused: 0, imported: 0 };
		// The state after one run is the state before the next, so each is taken once; identical
		// files hold identical rows, so the dump is redone only when the hash moved, to show the diff.
		let current = await snapshot();
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(mutatedArb, studyArb(badMembersArb)),
				fc.boolean(),
				async (source, checkAtParse) => {
					const before = current;
					const outcome = await importFile(source, checkAtParse);
					seen[outcome]++;
					const hash = await fileHash();
					current = { hash, rows: hash === before.hash ? before.rows : await dump() };
					if (outcome === 'refused') {
						expect(current.rows).toEqual(before.rows);
						expect(current.hash).toBe(before.hash);
					} else expect(current.hash).not.toBe(before.hash);
				}
			),
			{ numRuns: 500 }
		);
		// Most mutations break the file; a few leave it valid and are imported.
		expect(seen.refused).toBeGreaterThan(400);
	});

	it('a valid import changes the database and stores every text exactly', async () => {
		let current = await snapshot();
		await fc.assert(
			fc.asyncProperty(studyArb(membersArb), async (c) => {
				const before = current;
				expect(await importFile(c, true)).toBe('imported');
				current = await snapshot();
				expect(current.hash).not.toBe(before.hash);
				expect(current.rows.studies).not.toBe(before.rows.studies);
				const [{ id }] = await rawRows<{ id: number }>(db, 'select max(id) as id from studies');
				const stored = await rawRows(
					db,
					`select p.key as prompt, p.text as "promptText", m.key as model, r.text as text
					 from responses r join prompts p on p.id = r.prompt_id join models m on m.id = r.model_id
					 where p.study_id = ? order by p.position, m.position`,
					id
				);
				const expected = c.expected.prompts.flatMap((p) =>
					c.expected.models.map((m) => ({
						prompt: p.key,
						promptText: utf8(p.text),
						model: m.key,
						text: utf8(
							c.expected.responses.find((r) => r.prompt === p.key && r.model === m.key)!.text
						)
					}))
				);
				expect(stored).toEqual(expected);
			}),
			{ numRuns: 40 }
		);
	});
});

/** Counterexamples found around the properties above, kept as plain tests. */
describe('study import counterexamples', () => {
	it('refuses keys that differ only in lone surrogates instead of throwing', async () => {
		// JSON escapes can spell lone surrogates; SQLite stores UTF-8, where both become U+FFFD,
		// so the two distinct model keys collide on models_study_key_idx inside importStudy.
		const study = {
			name: 'Lone surrogates',
			raters_per_pair: 1,
			models: [
				{ key: 'model\ud800', group: 'candidate' },
				{ key: 'model\udfff', group: 'reference' }
			],
			members: { junior: ['junior1'] },
			prompts: [{ key: 'q1', text: 'Q?' }],
			responses: [
				{ prompt: 'q1', model: 'model\ud800', text: 'A' },
				{ prompt: 'q1', model: 'model\udfff', text: 'B' }
			]
		};
		const before = await snapshot();
		let outcome: string;
		try {
			outcome = await importFile({ text: JSON.stringify(study), files: {} }, true);
		} catch (error) {
			outcome = `threw ${(error as Error).message}`;
		}
		expect(await snapshot()).toEqual(before);
		expect(outcome).toBe('refused');
	});
});
