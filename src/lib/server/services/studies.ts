import { desc, eq, sql } from 'drizzle-orm';
import { generatePairs } from '../../domain/assignment/generate-pairs.ts';
import { findLeaksInTexts, raterTexts } from '../../domain/blinding/identity-leaks.ts';
import { memberProblems, type Account } from '../../domain/study-file/member-problems.ts';
import type { Problem } from '../../domain/study-file/problem.ts';
import type { StudyFile } from '../../domain/study-file/schema.ts';
import type { Db } from '../db/index.ts';
import {
	dimensions,
	models,
	pairs,
	prompts,
	responses,
	studies,
	studyMembers,
	users as usersTable
} from '../db/schema.ts';
import * as assignments from './assignments.ts';
import * as audit from './audit.ts';
import * as users from './users.ts';

export type ImportResult =
	| {
			ok: true;
			id: number;
			counts: { prompts: number; responses: number; pairs: number };
			/** Things the researcher should know before rating starts (e.g. blinding by repetition). */
			warnings: string[];
	  }
	| { ok: false; problems: Problem[] };

/** Problems with the members list that only the database can tell: unknown, wrong role, disabled. */
export function checkMembers(db: Db, members: StudyFile['members']): Problem[] {
	const found = users.lookup(db, [...members.junior, ...members.senior]);
	return memberProblems(members, new Map(found.map((u) => [u.username, u])));
}

/**
 * Every account as the member check needs it (username → role, disabled), for checking a study
 * file away from the database (the import worker). Accounts number in the hundreds.
 */
export function accountsForMemberCheck(db: Db): [string, Account][] {
	return users.list(db).map((u) => [u.username, { role: u.role, disabledAt: u.disabledAt }]);
}

function randomSeed(): number {
	return crypto.getRandomValues(new Uint32Array(1))[0] >>> 1;
}

/**
 * Writes a validated study file in one transaction: the study, its dimensions, models, prompts,
 * responses, members and the pairs of its design. On any problem nothing is written.
 * (Giving pairs to raters is a separate step: see assignments.)
 */
export function importStudy(db: Db, study: StudyFile, actorId: number | null): ImportResult {
	return db.transaction((tx) => {
		const problems = checkMembers(tx, study.members);
		if (problems.length) return { ok: false, problems };

		const { id: studyId } = tx
			.insert(studies)
			.values({
				name: study.name,
				titleForRaters: study.title_for_raters ?? null,
				instructions: study.instructions ?? null,
				design: study.design,
				ratersPerPair: study.raters_per_pair,
				seed: study.seed ?? randomSeed(),
				repeatRate: study.repeat_rate,
				createdBy: actorId
			})
			.returning({ id: studies.id })
			.get();

		study.dimensions.forEach((d, position) =>
			tx
				.insert(dimensions)
				.values({ studyId, key: d.key, label: d.label, rubric: d.rubric, position })
				.run()
		);
		const modelIds = new Map<string, number>();
		study.models.forEach((m, position) => {
			const { id } = tx
				.insert(models)
				.values({
					studyId,
					key: m.key,
					name: m.name ?? null,
					group: m.group,
					kind: m.kind ?? null,
					params: m.params ?? null,
					position
				})
				.returning({ id: models.id })
				.get();
			modelIds.set(m.key, id);
		});

		const insertPrompt = tx
			.insert(prompts)
			.values({
				studyId,
				key: sql.placeholder('key'),
				text: sql.placeholder('text'),
				position: sql.placeholder('position')
			})
			.returning({ id: prompts.id })
			.prepare();
		const promptIds = new Map<string, number>();
		study.prompts.forEach((p, position) => {
			promptIds.set(p.key, insertPrompt.get({ key: p.key, text: p.text, position })!.id);
		});

		const insertResponse = tx
			.insert(responses)
			.values({
				promptId: sql.placeholder('promptId'),
				modelId: sql.placeholder('modelId'),
				text: sql.placeholder('text')
			})
			.prepare();
		for (const r of study.responses)
			insertResponse.run({
				promptId: promptIds.get(r.prompt)!,
				modelId: modelIds.get(r.model)!,
				text: r.text
			});

		const designPairs = generatePairs(
			study.design,
			study.models,
			study.prompts.map((p) => p.key)
		);
		const insertPair = tx
			.insert(pairs)
			.values({
				studyId,
				promptId: sql.placeholder('promptId'),
				modelId: sql.placeholder('modelId'),
				opponentId: sql.placeholder('opponentId'),
				position: sql.placeholder('position')
			})
			.prepare();
		designPairs.forEach((pair, position) =>
			insertPair.run({
				promptId: promptIds.get(pair.prompt)!,
				modelId: modelIds.get(pair.model)!,
				opponentId: modelIds.get(pair.opponent)!,
				position
			})
		);

		const memberIds = new Map(
			users
				.lookup(tx, [...study.members.junior, ...study.members.senior])
				.map((u) => [u.username, u.id])
		);
		for (const role of ['junior', 'senior'] as const)
			study.members[role].forEach((username, i) =>
				tx
					.insert(studyMembers)
					.values({
						studyId,
						userId: memberIds.get(username)!,
						role,
						pseudonym: `${role === 'junior' ? 'J' : 'S'}${i + 1}`
					})
					.run()
			);

		const counts = {
			prompts: study.prompts.length,
			responses: study.responses.length,
			pairs: designPairs.length
		};
		// Juniors listed: give them the pairs now (the file was validated, so this cannot refuse).
		if (study.members.junior.length > 0) {
			const assigned = assignments.assign(tx, studyId, actorId);
			if (!assigned.ok) throw new Error(`Assignment failed after validation: ${assigned.message}`);
		}
		audit.record(tx, {
			userId: actorId,
			action: 'study.import',
			studyId,
			detail: { name: study.name, ...counts }
		});
		const blinding = assignments.blindingNote(tx, studyId);
		return { ok: true, id: studyId, counts, warnings: blinding ? [blinding] : [] };
	});
}

/** Every study with its size, newest first. */
export function list(db: Db) {
	// Qualified explicitly: drizzle renders a bare column in a single-table select without its
	// table name, which inside a correlated subquery would bind to the inner table.
	const count = (table: string, extra = '') =>
		sql<number>`(select count(*) from ${sql.raw(table)} t where t.study_id = "studies"."id"${sql.raw(extra)})`;
	return db
		.select({
			id: studies.id,
			name: studies.name,
			design: studies.design,
			status: studies.status,
			createdAt: studies.createdAt,
			prompts: count('prompts'),
			models: count('models'),
			pairs: count('pairs'),
			juniors: count('study_members', " and t.role = 'junior'"),
			seniors: count('study_members', " and t.role = 'senior'")
		})
		.from(studies)
		.orderBy(desc(studies.id))
		.all();
}

export function get(db: Db, id: number) {
	return db.select().from(studies).where(eq(studies.id, id)).get();
}

/** Per database and study: responses never change after import, so neither do their leaks. */
const leakCache = new WeakMap<Db, Map<number, ReturnType<typeof findLeaksInTexts>>>();

/**
 * Texts raters receive that may reveal a model (see domain/blinding/identity-leaks.ts): the
 * title for raters, instructions, dimension labels and rubrics, questions and responses.
 * Scanned once.
 */
export function identityLeaks(db: Db, studyId: number) {
	let cache = leakCache.get(db);
	if (!cache) leakCache.set(db, (cache = new Map()));
	const cached = cache.get(studyId);
	if (cached) return cached;
	const leaks = scanForLeaks(db, studyId);
	cache.set(studyId, leaks);
	return leaks;
}

function scanForLeaks(db: Db, studyId: number) {
	const studyModels = db.select().from(models).where(eq(models.studyId, studyId)).all();
	const keyOf = new Map(studyModels.map((m) => [m.id, m.key]));
	const study = get(db, studyId);
	const studyDimensions = db
		.select()
		.from(dimensions)
		.where(eq(dimensions.studyId, studyId))
		.orderBy(dimensions.position)
		.all();
	const studyPrompts = db
		.select({ key: prompts.key, text: prompts.text })
		.from(prompts)
		.where(eq(prompts.studyId, studyId))
		.orderBy(prompts.position)
		.all();
	const rows = db
		.select({ prompt: prompts.key, modelId: responses.modelId, text: responses.text })
		.from(responses)
		.innerJoin(prompts, eq(prompts.id, responses.promptId))
		.where(eq(prompts.studyId, studyId))
		.orderBy(prompts.position)
		.all();
	const texts = raterTexts({
		titleForRaters: study?.titleForRaters,
		instructions: study?.instructions,
		dimensions: studyDimensions,
		prompts: studyPrompts,
		responses: rows.map((r) => ({ prompt: r.prompt, model: keyOf.get(r.modelId)!, text: r.text }))
	});
	return findLeaksInTexts(texts, studyModels);
}

export function setStatus(
	db: Db,
	studyId: number,
	status: 'open' | 'closed',
	actorId: number
): void {
	db.transaction((tx) => {
		tx.update(studies).set({ status }).where(eq(studies.id, studyId)).run();
		audit.record(tx, {
			userId: actorId,
			action: status === 'closed' ? 'study.close' : 'study.reopen',
			studyId
		});
	});
}

/** A study with its dimensions, models, members and sizes, for the study page. */
export function overview(db: Db, id: number) {
	const study = get(db, id);
	if (!study) return undefined;
	const count = (table: typeof prompts | typeof pairs) =>
		db
			.select({ n: sql<number>`count(*)` })
			.from(table)
			.where(eq(table.studyId, id))
			.get()?.n ?? 0;
	return {
		study,
		dimensions: db
			.select()
			.from(dimensions)
			.where(eq(dimensions.studyId, id))
			.orderBy(dimensions.position)
			.all(),
		models: db.select().from(models).where(eq(models.studyId, id)).orderBy(models.position).all(),
		members: db
			.select({
				username: usersTable.username,
				role: studyMembers.role,
				pseudonym: studyMembers.pseudonym
			})
			.from(studyMembers)
			.innerJoin(usersTable, eq(usersTable.id, studyMembers.userId))
			.where(eq(studyMembers.studyId, id))
			.orderBy(studyMembers.pseudonym)
			.all(),
		counts: { prompts: count(prompts), pairs: count(pairs) }
	};
}
