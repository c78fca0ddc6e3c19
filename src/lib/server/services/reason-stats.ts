/**
 * Issues and harms of a study for researchers (issue #16 §2): per model, tag and harm rates
 * with Wilson intervals; agreement between juniors on each tag; and the long rows of the `tags`
 * export. Over the juniors' submitted ratings of original assignments (repeats are not votes),
 * as the agreement statistics are.
 */
import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import {
	reasonRates,
	type ModelReasonRates,
	type ResponseRating
} from '../../domain/reasons/reason-rates.ts';
import {
	hasReasons,
	positionOf,
	type Harm,
	type ReasonOptions
} from '../../domain/reasons/reasons.ts';
import { tagAgreement, type TagAgreement } from '../../domain/reasons/tag-agreement.ts';
import type { Db } from '../db/index.ts';
import { assignments, models, pairs, prompts, studyMembers, users } from '../db/schema.ts';
import { studyFacts, studyReasonOptions } from './reasons.ts';

/** One stored fact with its rater, pair and response, for the long export. */
export type ReasonRecord = {
	rater: string;
	prompt: string;
	model: string;
	opponent: string;
	kind: string;
	key: string;
	/** `model` / `opponent` ('' for per-dimension notes). */
	side: string;
	/** The model that wrote the response the fact is about ('' for notes). */
	response: string;
	/** How the rater saw that response, A or B ('' for notes). */
	shownAs: string;
	value: string;
};

export type ReasonReport = {
	options: ReasonOptions;
	/** Rated assignments (one junior's submitted rating of one pair). */
	ratings: number;
	models: { key: string; name: string }[];
	rates: ModelReasonRates[];
	/** Per tag (and `harm` for "mild or worse" when the study rates harm). */
	agreement: ({ key: string; label: string } & TagAgreement)[];
};

async function rated(db: Db, studyId: number, names: boolean) {
	const opponent = alias(models, 'opponent');
	return await db
		.select({
			id: assignments.id,
			pairId: pairs.id,
			prompt: prompts.key,
			model: models.key,
			opponent: opponent.key,
			modelOnLeft: assignments.modelOnLeft,
			rater: names ? users.username : studyMembers.pseudonym
		})
		.from(assignments)
		.innerJoin(pairs, eq(pairs.id, assignments.pairId))
		.innerJoin(prompts, eq(prompts.id, pairs.promptId))
		.innerJoin(models, eq(models.id, pairs.modelId))
		.innerJoin(opponent, eq(opponent.id, pairs.opponentId))
		.innerJoin(
			studyMembers,
			and(eq(studyMembers.studyId, pairs.studyId), eq(studyMembers.userId, assignments.userId))
		)
		.innerJoin(users, eq(users.id, assignments.userId))
		.where(
			and(
				eq(pairs.studyId, studyId),
				eq(assignments.role, 'junior'),
				eq(assignments.isRepeat, false),
				eq(assignments.status, 'submitted')
			)
		)
		.orderBy(asc(pairs.position), asc(assignments.id));
}

/** The study's issues-and-harms report; null when the study asks for none of them. */
export async function studyReasons(db: Db, studyId: number): Promise<ReasonReport | null> {
	const options = await studyReasonOptions(db, studyId);
	if (!hasReasons(options)) return null;
	const rows = await rated(db, studyId, false);
	const byAssignment = new Map<number, Awaited<ReturnType<typeof studyFacts>>>();
	for (const fact of await studyFacts(db, studyId))
		(
			byAssignment.get(fact.assignmentId) ??
			byAssignment.set(fact.assignmentId, []).get(fact.assignmentId)!
		).push(fact);
	const responses: ResponseRating[] = [];
	for (const row of rows)
		for (const side of ['model', 'opponent'] as const) {
			const mine = (byAssignment.get(row.id) ?? []).filter((f) => f.side === side);
			responses.push({
				rater: row.rater,
				item: `${row.pairId}:${side}`,
				model: side === 'model' ? row.model : row.opponent,
				tags: mine.filter((f) => f.kind === 'tag').map((f) => f.key),
				harm: (mine.find((f) => f.kind === 'harm')?.value as Harm | undefined) ?? null
			});
		}
	const studyModels = (
		await db
			.select({ key: models.key, name: models.name })
			.from(models)
			.where(eq(models.studyId, studyId))
			.orderBy(asc(models.position))
	).map((m) => ({ key: m.key, name: m.name ?? m.key }));
	const tagKeys = options.issueTags.map((t) => t.key);
	// Per tag: each response's raters in slot order (assignment order, as "Rater 1", "Rater 2").
	const presence = (has: (r: ResponseRating) => boolean) => {
		const items = new Map<string, boolean[]>();
		for (const r of responses)
			(items.get(r.item) ?? items.set(r.item, []).get(r.item)!).push(has(r));
		return items;
	};
	const agreement = options.issueTags.map((tag) => ({
		key: tag.key,
		label: tag.label,
		...tagAgreement(presence((r) => r.tags.includes(tag.key)))
	}));
	if (options.harm)
		agreement.push({
			key: 'harm',
			label: 'Harm: mild or worse',
			// Only responses every rater gave a harm rating would be fairer; all ratings have one
			// when the study asks for harm (submission requires it).
			...tagAgreement(presence((r) => r.harm === 'mild' || r.harm === 'severe'))
		});
	return {
		options,
		ratings: rows.length,
		models: studyModels,
		rates: reasonRates(
			responses,
			studyModels.map((m) => m.key),
			tagKeys,
			options.harm
		),
		agreement
	};
}

/** Every stored fact of the study's junior ratings, one record each, in pair order. */
export async function reasonRecords(
	db: Db,
	studyId: number,
	names: boolean
): Promise<ReasonRecord[]> {
	const rows = new Map((await rated(db, studyId, names)).map((row) => [row.id, row]));
	// Pair order, then assignment, as the judgments export.
	const order = new Map([...rows.keys()].map((id, i) => [id, i]));
	const ordered = (await studyFacts(db, studyId))
		.filter((fact) => rows.has(fact.assignmentId))
		.sort((a, b) => order.get(a.assignmentId)! - order.get(b.assignmentId)!);
	const records: ReasonRecord[] = [];
	for (const fact of ordered) {
		const row = rows.get(fact.assignmentId)!;
		const side = fact.side;
		records.push({
			rater: row.rater,
			prompt: row.prompt,
			model: row.model,
			opponent: row.opponent,
			kind: fact.kind,
			key: fact.key,
			side,
			response: side === 'model' ? row.model : side === 'opponent' ? row.opponent : '',
			shownAs: side === '' ? '' : positionOf(side, row.modelOnLeft),
			value: fact.value
		});
	}
	return records;
}
