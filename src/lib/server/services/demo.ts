/**
 * The demo: four public accounts and the study in seed/, loaded by `npm start` into an empty
 * database so a new user can try every role at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import { parseStudyFile } from '../../domain/study-file/parse.ts';
import { formatProblem } from '../../domain/study-file/problem.ts';
import type { Db } from '../db/index.ts';
import { prepared } from '../db/prepared.ts';
import { users as usersTable, type Role } from '../db/schema.ts';
import * as predictions from './predictions.ts';
import * as studies from './studies.ts';
import * as users from './users.ts';

export const DEMO_PASSWORD = 'medpair-demo';
export const DEMO_ACCOUNTS: { username: string; role: Role }[] = [
	{ username: 'researcher', role: 'researcher' },
	{ username: 'junior1', role: 'junior' },
	{ username: 'junior2', role: 'junior' },
	{ username: 'senior', role: 'senior' }
];

/** True while any demo account exists: the UI then shows a "Demo data" banner. */
export function accountsExist(db: Db): boolean {
	// Asked on every page (the banner): prepared once per connection.
	const names = DEMO_ACCOUNTS.map((a) => a.username);
	const query = prepared(db, 'demo.accountsExist', (db) =>
		db
			.select({ id: usersTable.id })
			.from(usersTable)
			.where(inArray(usersTable.username, names))
			.limit(1)
			.prepare()
	);
	return query.all().length > 0;
}

/**
 * Creates the demo accounts and imports the demo study, only when the database has no users.
 * Returns false (and changes nothing) otherwise.
 */
export async function load(db: Db, seedDir: string): Promise<boolean> {
	if (users.count(db) > 0) return false;
	const parsed = parseStudyFile(readFileSync(join(seedDir, 'demo-study.json'), 'utf8'), {
		loadSideFile: (path) => readFileSync(join(seedDir, path), 'utf8')
	});
	if (!parsed.ok)
		throw new Error(`The demo study is invalid: ${parsed.problems.map(formatProblem).join('; ')}`);
	for (const account of DEMO_ACCOUNTS)
		await users.create(db, { ...account, password: DEMO_PASSWORD });
	const imported = studies.importStudy(db, parsed.value, null);
	if (!imported.ok)
		throw new Error(
			`The demo study did not import: ${imported.problems.map(formatProblem).join('; ')}`
		);
	const file = 'demo-predictions.jsonl';
	const loaded = predictions.importPredictions(
		db,
		imported.id,
		file,
		readFileSync(join(seedDir, file), 'utf8'),
		null
	);
	if (!loaded.ok)
		throw new Error(
			`The demo predictions are invalid: line ${loaded.errors[0].line}: ${loaded.errors[0].message}`
		);
	return true;
}
