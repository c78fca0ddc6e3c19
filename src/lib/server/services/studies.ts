import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import { findLeaksInTexts, raterTexts } from '../../domain/blinding/identity-leaks.ts';
import { storedReasonOptions } from '../../domain/reasons/reasons.ts';
import type { Account } from '../../domain/study-file/member-problems.ts';
import type { Db } from '../db/index.ts';
import {
	dimensions,
	models,
	pairs,
	prompts,
	responses,
	SENIOR_ORDERS,
	studies,
	studyMembers,
	users as usersTable
} from '../db/schema.ts';
import * as audit from './audit.ts';
import * as users from './users.ts';
import { first } from '../db/index.ts';

export {
	checkMembers,
	importStudy,
	importStudyInSlices,
	removeUnfinishedImports,
	type ImportResult
} from './study-import.ts';
export {
	ARCHIVED_MESSAGE,
	archive,
	isArchived,
	remove,
	unarchive,
	type RemoveResult
} from './study-archive.ts';

/** A study being imported in slices (study-import.ts) is not there yet for anyone. */
const notImporting = ne(studies.status, 'importing');

/**
 * Every account as the member check needs it (username → role, disabled), for checking a study
 * file away from the database (the import worker). Accounts number in the hundreds.
 */
export async function accountsForMemberCheck(db: Db): Promise<[string, Account][]> {
	return (await users.list(db)).map((u) => [
		u.username,
		{ role: u.role, disabledAt: u.disabledAt }
	]);
}

/** Every study with its size, newest first; archived ones only with `includeArchived`. */
export async function list(db: Db, { includeArchived = false } = {}) {
	// Qualified explicitly: drizzle renders a bare column in a single-table select without its
	// table name, which inside a correlated subquery would bind to the inner table.
	const count = (table: string, extra = '') =>
		sql<number>`(select count(*) from ${sql.raw(table)} t where t.study_id = "studies"."id"${sql.raw(extra)})`;
	const juniorAssignments = (extra: string) =>
		sql<number>`(select count(*) from assignments a inner join pairs p on p.id = a.pair_id where p.study_id = "studies"."id" and a.role = 'junior'${sql.raw(extra)})`.mapWith(
			Number
		);
	return await db
		.select({
			id: studies.id,
			name: studies.name,
			design: studies.design,
			status: studies.status,
			archivedAt: studies.archivedAt,
			createdAt: studies.createdAt,
			prompts: count('prompts'),
			models: count('models'),
			pairs: count('pairs'),
			juniors: count('study_members', " and t.role = 'junior'"),
			seniors: count('study_members', " and t.role = 'senior'"),
			// Junior assignments and how many are submitted: the list's progress column.
			assigned: juniorAssignments(''),
			rated: juniorAssignments(" and a.status = 'submitted'")
		})
		.from(studies)
		.where(includeArchived ? notImporting : and(notImporting, isNull(studies.archivedAt)))
		.orderBy(desc(studies.id));
}

/** A study by id; undefined while it is being imported. */
export async function get(db: Db, id: number) {
	return first(
		await db
			.select()
			.from(studies)
			.where(and(eq(studies.id, id), notImporting))
			.limit(1)
	);
}

/** Per database and study: responses never change after import, so neither do their leaks. */
const leakCache = new WeakMap<Db, Map<number, ReturnType<typeof findLeaksInTexts>>>();

/**
 * Texts raters receive that may reveal a model (see domain/blinding/identity-leaks.ts): the
 * title for raters, instructions, dimension labels and rubrics, questions and responses.
 * Scanned once.
 */
export async function identityLeaks(db: Db, studyId: number) {
	return (
		knownIdentityLeaks(db, studyId) ??
		rememberIdentityLeaks(db, studyId, await scanForLeaks(db, studyId))
	);
}

export type IdentityLeaks = ReturnType<typeof findLeaksInTexts>;

/** The leaks scanned before for this database, if any (the study page scans in a worker). */
export function knownIdentityLeaks(db: Db, studyId: number): IdentityLeaks | undefined {
	return leakCache.get(db)?.get(studyId);
}

export function rememberIdentityLeaks(db: Db, studyId: number, leaks: IdentityLeaks) {
	let cache = leakCache.get(db);
	if (!cache) leakCache.set(db, (cache = new Map()));
	cache.set(studyId, leaks);
	return leaks;
}

/** Reads every text raters receive (36 MB for a large study): once per study, off the thread. */
export async function scanForLeaks(db: Db, studyId: number): Promise<IdentityLeaks> {
	const studyModels = await db.select().from(models).where(eq(models.studyId, studyId));
	const keyOf = new Map(studyModels.map((m) => [m.id, m.key]));
	const study = await get(db, studyId);
	const studyDimensions = await db
		.select()
		.from(dimensions)
		.where(eq(dimensions.studyId, studyId))
		.orderBy(dimensions.position);
	const studyPrompts = await db
		.select({ key: prompts.key, text: prompts.text })
		.from(prompts)
		.where(eq(prompts.studyId, studyId))
		.orderBy(prompts.position);
	const rows = await db
		.select({ prompt: prompts.key, modelId: responses.modelId, text: responses.text })
		.from(responses)
		.innerJoin(prompts, eq(prompts.id, responses.promptId))
		.where(eq(prompts.studyId, studyId))
		// The same order on both backends (the export lists them).
		.orderBy(prompts.position, responses.id);
	const texts = raterTexts({
		titleForRaters: study?.titleForRaters,
		instructions: study?.instructions,
		dimensions: studyDimensions,
		issueTags: study ? storedReasonOptions(study).issueTags : [],
		prompts: studyPrompts,
		responses: rows.map((r) => ({ prompt: r.prompt, model: keyOf.get(r.modelId)!, text: r.text }))
	});
	return findLeaksInTexts(texts, studyModels);
}

/** Closes or reopens a study; false (nothing changed) when it is archived (read-only). */
export async function setStatus(
	db: Db,
	studyId: number,
	status: 'open' | 'closed',
	actorId: number
): Promise<boolean> {
	return await db.transaction(async (tx) => {
		const changed = await tx
			.update(studies)
			.set({ status })
			.where(and(eq(studies.id, studyId), isNull(studies.archivedAt)))
			.returning({ id: studies.id });
		if (!changed.length) return false;
		await audit.record(tx, {
			userId: actorId,
			action: status === 'closed' ? 'study.close' : 'study.reopen',
			studyId
		});
		return true;
	});
}

/**
 * Sets the order of the study's senior queue (issue #16 §4). Refused (false) for an archived
 * study; audited with the old and new order.
 */
export async function setSeniorOrder(
	db: Db,
	studyId: number,
	order: (typeof SENIOR_ORDERS)[number],
	actorId: number
): Promise<boolean> {
	return await db.transaction(async (tx) => {
		const before = first(
			await tx
				.select({ order: studies.seniorOrder })
				.from(studies)
				.where(and(eq(studies.id, studyId), isNull(studies.archivedAt)))
		);
		if (!before) return false;
		if (before.order === order) return true;
		await tx.update(studies).set({ seniorOrder: order }).where(eq(studies.id, studyId));
		await audit.record(tx, {
			userId: actorId,
			action: 'study.senior_order',
			studyId,
			detail: { from: before.order, to: order }
		});
		return true;
	});
}

/** A study with its dimensions, models, members and sizes, for the study page. */
export async function overview(db: Db, id: number) {
	const study = await get(db, id);
	if (!study) return undefined;
	const count = async (table: typeof prompts | typeof pairs) =>
		first(
			await db
				.select({ n: sql<number>`count(*)` })
				.from(table)
				.where(eq(table.studyId, id))
				.limit(1)
		)?.n ?? 0;
	return {
		study,
		dimensions: await db
			.select()
			.from(dimensions)
			.where(eq(dimensions.studyId, id))
			.orderBy(dimensions.position),
		models: await db.select().from(models).where(eq(models.studyId, id)).orderBy(models.position),
		members: await db
			.select({
				username: usersTable.username,
				role: studyMembers.role,
				pseudonym: studyMembers.pseudonym
			})
			.from(studyMembers)
			.innerJoin(usersTable, eq(usersTable.id, studyMembers.userId))
			.where(eq(studyMembers.studyId, id))
			.orderBy(studyMembers.pseudonym),
		counts: { prompts: await count(prompts), pairs: await count(pairs) }
	};
}
