/**
 * The demo: four public accounts and the study in seed/, loaded by `npm start` into an empty
 * database so a new user can try every role at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { parseStudyFile } from '../../domain/study-file/parse.ts';
import { formatProblem } from '../../domain/study-file/problem.ts';
import type { Db } from '../db/index.ts';
import { prepared } from '../db/prepared.ts';
import { hashPassword } from '../auth/password.ts';
import * as session from '../auth/session.ts';
import { users as usersTable, type Role } from '../db/schema.ts';
import * as audit from './audit.ts';
import * as judges from './judges.ts';
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

const DEMO_USERNAMES = DEMO_ACCOUNTS.map((a) => a.username);

/** How long a process may show a cached answer of accountsExist (other processes' changes). */
export const BANNER_CACHE_MS = 2000;
const bannerCache = new WeakMap<object, { value: boolean; at: number; generation: number }>();

/**
 * True while any demo account can sign in (exists and is enabled): the UI then shows a "Demo
 * data" banner, and `npm start` prints the logins. Asked on every page, so the answer is kept per
 * database: this process's own account changes are seen at once (users.accountsChanged), another
 * process's (the CLI, a second app instance) within BANNER_CACHE_MS.
 */
export async function accountsExist(db: Db): Promise<boolean> {
	const now = Date.now();
	const generation = users.accountsGeneration();
	const cached = bannerCache.get(db);
	if (cached && cached.generation === generation && now - cached.at < BANNER_CACHE_MS)
		return cached.value;
	const query = prepared(db, 'demo.accountsExist', (db) =>
		db
			.select({ id: usersTable.id })
			.from(usersTable)
			.where(and(inArray(usersTable.username, DEMO_USERNAMES), isNull(usersTable.disabledAt)))
			.limit(1)
			.prepare()
	);
	const value = (await query.execute()).length > 0;
	bannerCache.set(db, { value, at: now, generation });
	return value;
}

export type DemoOffResult = {
	/** The researcher who keeps the keys, and whether this call created the account. */
	researcher: { username: string; created: boolean };
	/** Demo accounts disabled by this call (those already disabled are not listed). */
	disabled: string[];
};

export class DemoOffError extends Error {}

/**
 * Ends demo mode in one step: makes sure a named researcher exists (creating it with `password`
 * when it does not), then disables every demo account, gives each an unusable random password
 * (so re-enabling one later needs a password reset: the public demo password never works again)
 * and ends their sessions. Their ratings stay, attributed as before. Audited.
 */
export async function turnOff(
	db: Db,
	researcher: { username: string; password?: string }
): Promise<DemoOffResult> {
	if (DEMO_USERNAMES.includes(researcher.username))
		throw new DemoOffError(
			`"${researcher.username}" is a demo account; name the researcher who will keep medpair (a new or existing account)`
		);
	const existing = await users.findByUsername(db, researcher.username);
	if (existing && existing.role !== 'researcher')
		throw new DemoOffError(`"${researcher.username}" is a ${existing.role}, not a researcher`);
	if (existing && existing.disabledAt !== null)
		throw new DemoOffError(
			`"${researcher.username}" is disabled; enable it or name another researcher`
		);
	if (!existing && researcher.password === undefined)
		throw new DemoOffError(
			`"${researcher.username}" does not exist yet: give a password to create it`
		);

	// Hash before the transaction (argon2 is asynchronous; a transaction here is synchronous).
	const unusable = await Promise.all(
		DEMO_USERNAMES.map(() => hashPassword(session.generateToken()))
	);
	const createdId = existing
		? null
		: await users.create(db, {
				username: researcher.username,
				role: 'researcher',
				password: researcher.password!
			});
	const actorId = existing?.id ?? createdId!;
	const disabled = await db.transaction(async (tx) => {
		const rows = (
			await tx
				.select({
					id: usersTable.id,
					username: usersTable.username,
					disabledAt: usersTable.disabledAt
				})
				.from(usersTable)
				.where(inArray(usersTable.username, DEMO_USERNAMES))
		).sort((a, b) => DEMO_USERNAMES.indexOf(a.username) - DEMO_USERNAMES.indexOf(b.username));
		const now = Date.now();
		for (const [i, row] of rows.entries()) {
			await tx
				.update(usersTable)
				.set({ disabledAt: row.disabledAt ?? now, passwordHash: unusable[i] })
				.where(eq(usersTable.id, row.id));
			await session.invalidateAllForUser(tx, row.id);
		}
		const newlyDisabled = rows.filter((row) => row.disabledAt === null).map((row) => row.username);
		await audit.record(tx, {
			userId: actorId,
			action: 'demo.off',
			detail: { researcher: researcher.username, disabled: newlyDisabled }
		});
		return newlyDisabled;
	});
	users.accountsChanged();
	return { researcher: { username: researcher.username, created: createdId !== null }, disabled };
}

/**
 * Creates the demo accounts and imports the demo study, only when the database has no users.
 * Returns false (and changes nothing) otherwise.
 */
export async function load(db: Db, seedDir: string): Promise<boolean> {
	if ((await users.count(db)) > 0) return false;
	const parsed = parseStudyFile(readFileSync(join(seedDir, 'demo-study.json'), 'utf8'), {
		loadSideFile: (path) => readFileSync(join(seedDir, path), 'utf8')
	});
	if (!parsed.ok)
		throw new Error(`The demo study is invalid: ${parsed.problems.map(formatProblem).join('; ')}`);
	for (const account of DEMO_ACCOUNTS)
		await users.create(db, { ...account, password: DEMO_PASSWORD });
	const imported = await studies.importStudy(db, parsed.value, null);
	if (!imported.ok)
		throw new Error(
			`The demo study did not import: ${imported.problems.map(formatProblem).join('; ')}`
		);
	const file = 'demo-predictions.jsonl';
	const loaded = await predictions.importPredictions(
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
	// An invented automatic judge (issue #16 §4), so the study page shows the judge section.
	const judgeFile = 'demo-judge.jsonl';
	const judged = await judges.importJudgments(
		db,
		imported.id,
		judgeFile,
		readFileSync(join(seedDir, judgeFile), 'utf8'),
		null
	);
	if (!judged.ok)
		throw new Error(
			`The demo judge file is invalid: line ${judged.errors[0].line}: ${judged.errors[0].message}`
		);
	return true;
}
