/**
 * The researcher's pair browser: every pair unblinded, with each rater's judgments, changes,
 * comments, flags and the final label's source, filterable and paged.
 */
import { and, asc, eq, exists, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { toChoice } from '../../domain/blinding/choice.ts';
import type { Db } from '../db/index.ts';
import {
	assignments,
	escalations,
	finalLabels,
	judgmentHistory,
	judgments,
	models,
	noteHistory,
	pairs,
	prompts,
	responses,
	ratingReasons,
	studyMembers,
	users,
	goldPairs
} from '../db/schema.ts';
import { studyDimensions } from './blinded-pair.ts';
import { fromFacts, hasReasons, type RaterReasons } from '../../domain/reasons/reasons.ts';
import { studyFacts, studyReasonOptions } from './reasons.ts';
import type { ReasonOptions } from '../../domain/reasons/reasons.ts';

export type PairFilters = {
	model?: string;
	/** Narrows the view to one dimension: its judgments only, and disagreement / source on it. */
	dimension?: string;
	disagreement?: boolean;
	flagged?: boolean;
	source?: 'consensus' | 'senior' | 'none';
	/** Pairs on which a junior marked this issue tag (either answer); `harm` for mild or worse. */
	tag?: string;
	page?: number;
};

export const PAGE_SIZE = 20;

/**
 * Joins an assignment (with its pair) to the rater's membership of the pair's study; built per
 * query, as the schema's columns are the dialect's of the moment (db/schema.ts).
 */
const raterMembership = () =>
	and(eq(studyMembers.studyId, pairs.studyId), eq(studyMembers.userId, assignments.userId));

/** Rows of a pair in the order they happen: juniors' ratings, the senior's blind step, the final. */
const STAGE_ORDER: Record<string, number> = { rating: 0, independent: 1, final: 2 };

export async function browse(db: Db, studyId: number, filters: PairFilters) {
	const opponent = alias(models, 'opponent');
	const all = await db
		.select({
			id: pairs.id,
			promptId: pairs.promptId,
			modelId: pairs.modelId,
			opponentId: pairs.opponentId,
			prompt: prompts.key,
			model: models.key,
			modelName: models.name,
			opponent: opponent.key,
			opponentName: opponent.name,
			escalationReasons: escalations.reasons,
			escalationDecided: escalations.decidedAt,
			escalationWithdrawn: escalations.withdrawnAt,
			priority: escalations.priority
		})
		.from(pairs)
		.innerJoin(prompts, eq(prompts.id, pairs.promptId))
		.innerJoin(models, eq(models.id, pairs.modelId))
		.innerJoin(opponent, eq(opponent.id, pairs.opponentId))
		.leftJoin(escalations, eq(escalations.pairId, pairs.id))
		.where(eq(pairs.studyId, studyId))
		.orderBy(asc(pairs.position));
	const dims = await studyDimensions(db, studyId);
	const keyOf = new Map(dims.map((d) => [d.id, d.key]));
	const dimension = dims.some((d) => d.key === filters.dimension) ? filters.dimension : undefined;
	const reasonOptions = await studyReasonOptions(db, studyId);

	// Only the filters asked for are worked out over the whole study, from narrow reads (a study
	// of 108,000 judgments no longer loads every vote to show 20 pairs); the page's pairs are then
	// read in full below, and what they show is worked out from their votes as before.
	const keep = await filtersOver(db, studyId, filters, dimension, dims, reasonOptions);
	const matches = all.filter((p) => {
		if (filters.model && p.model !== filters.model && p.opponent !== filters.model) return false;
		return keep(p.id);
	});
	const pages = Math.max(1, Math.ceil(matches.length / PAGE_SIZE));
	// A page past the end (an old link, a hand-typed ?page=99) shows the last page and says so.
	const requested = Math.max(1, filters.page ?? 1);
	const page = Math.min(requested, pages);
	const shownPairs = matches.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
	const shownIds = shownPairs.map((p) => p.id);

	const rated = shownIds.length
		? await db
				.select({
					pairId: assignments.pairId,
					assignmentId: assignments.id,
					username: users.username,
					disabledAt: users.disabledAt,
					pseudonym: studyMembers.pseudonym,
					role: assignments.role,
					isRepeat: assignments.isRepeat,
					modelOnLeft: assignments.modelOnLeft,
					hard: assignments.hardToDecide,
					comment: assignments.comment,
					independentComment: assignments.independentComment,
					seconds: assignments.secondsSpent,
					dimensionId: judgments.dimensionId,
					stage: judgments.stage,
					outcome: judgments.outcome,
					grade: judgments.grade
				})
				.from(judgments)
				.innerJoin(assignments, eq(assignments.id, judgments.assignmentId))
				.innerJoin(pairs, eq(pairs.id, assignments.pairId))
				.innerJoin(users, eq(users.id, assignments.userId))
				.innerJoin(studyMembers, raterMembership())
				.where(and(inArray(assignments.pairId, shownIds), eq(assignments.purpose, 'study')))
		: [];
	const labels = shownIds.length
		? await db
				.select({
					pairId: finalLabels.pairId,
					dimensionId: finalLabels.dimensionId,
					outcome: finalLabels.outcome,
					grade: finalLabels.grade,
					source: finalLabels.source
				})
				.from(finalLabels)
				.where(inArray(finalLabels.pairId, shownIds))
		: [];

	type Vote = {
		rater: string;
		username: string;
		/** The account is disabled now (its unstarted pairs may need moving). */
		disabled: boolean;
		role: string;
		stage: string;
		isRepeat: boolean;
		/** The pair's `model` was shown as Response A to this rater (else as B). */
		modelOnLeft: boolean;
		hard: boolean;
		comment: string;
		seconds: number;
		assignmentId: number;
		/** `grade` −2..2 on a 5-point study (null on 3-point); `shown` the choice in the rater's A/B. */
		outcomes: Record<string, { outcome: string; grade: number | null; shown: string }>;
	};
	const votesByPair = new Map<number, Map<string, Vote>>();
	for (const r of rated) {
		let votes = votesByPair.get(r.pairId);
		if (!votes) votesByPair.set(r.pairId, (votes = new Map()));
		const key = `${r.assignmentId}:${r.stage}`;
		let vote = votes.get(key);
		if (!vote)
			votes.set(
				key,
				(vote = {
					rater: r.pseudonym,
					username: r.username,
					disabled: r.disabledAt !== null,
					role: r.role,
					stage: r.stage,
					isRepeat: r.isRepeat,
					modelOnLeft: r.modelOnLeft,
					hard: r.hard,
					// A senior's step-1 comment stays on the independent row, the final one on the final row.
					comment: r.stage === 'independent' ? (r.independentComment ?? '') : r.comment,
					seconds: r.seconds,
					assignmentId: r.assignmentId,
					// Keyed by dimension keys from the study file: no prototype to reach.
					outcomes: Object.create(null)
				})
			);
		vote.outcomes[keyOf.get(r.dimensionId)!] = {
			outcome: r.outcome,
			grade: r.grade,
			shown: toChoice(r.outcome, r.modelOnLeft, r.grade)
		};
	}
	// Tags, harms and per-dimension notes of the juniors' ratings (issue #16 §2), by assignment.
	// Only a study that asks for tags, harms or notes has any to read.
	const factRows = hasReasons(reasonOptions)
		? await ratingFacts(db, [...new Set(rated.map((r) => r.assignmentId))])
		: [];
	const factsOf = new Map<number, typeof factRows>();
	for (const fact of factRows)
		(
			factsOf.get(fact.assignmentId) ?? factsOf.set(fact.assignmentId, []).get(fact.assignmentId)!
		).push(fact);
	const labelsByPair = new Map<
		number,
		Record<string, { outcome: string; grade: number | null; source: string }>
	>();
	for (const l of labels) {
		const entry = labelsByPair.get(l.pairId) ?? Object.create(null);
		entry[keyOf.get(l.dimensionId)!] = { outcome: l.outcome, grade: l.grade, source: l.source };
		labelsByPair.set(l.pairId, entry);
	}

	const gold = new Set(
		(
			await db
				.select({ pairId: goldPairs.pairId })
				.from(goldPairs)
				.where(eq(goldPairs.studyId, studyId))
		).map((g) => g.pairId)
	);
	const shown = shownPairs.map((p) => {
		const votes = [...(votesByPair.get(p.id)?.values() ?? [])].sort(
			(a, b) =>
				(STAGE_ORDER[a.stage] ?? 9) - (STAGE_ORDER[b.stage] ?? 9) ||
				a.rater.localeCompare(b.rater, undefined, { numeric: true }) ||
				Number(a.isRepeat) - Number(b.isRepeat)
		);
		const juniors = votes.filter((v) => v.role === 'junior' && !v.isRepeat);
		const differs = (key: string) =>
			new Set(juniors.map((v) => v.outcomes[key]?.outcome).filter(Boolean)).size > 1;
		const finals: Record<string, { outcome: string; grade: number | null; source: string }> =
			labelsByPair.get(p.id) ?? Object.create(null);
		const reasonFacts = juniors
			.filter((v) => v.stage === 'rating')
			.map((v) => ({ rater: v.rater, facts: factsOf.get(v.assignmentId) ?? [] }));
		return {
			...p,
			votes,
			finals,
			/** Each junior's reasons with A = the pair's model and B = its opponent (unblinded). */
			reasons: reasonFacts.map(({ rater, facts }): { rater: string; reasons: RaterReasons } => ({
				rater,
				reasons: fromFacts(facts, true)
			})),
			differing: dims.filter((d) => differs(d.key)).map((d) => d.key),
			// The pair-level flag, or (per_dimension_notes) a dimension's.
			flagged:
				juniors.some((v) => v.hard) ||
				reasonFacts.some(({ facts }) => facts.some((f) => f.kind === 'dimension_hard')),
			gold: gold.has(p.id),
			escalation: p.escalationReasons
				? {
						pending: p.escalationDecided === null && p.escalationWithdrawn === null,
						decided: p.escalationDecided !== null,
						withdrawn: p.escalationWithdrawn !== null
					}
				: null
		};
	});

	// The two answers that were judged, for the shown pairs only.
	const promptIds = [...new Set(shown.map((p) => p.promptId))];
	const texts = promptIds.length
		? await db
				.select({ promptId: responses.promptId, modelId: responses.modelId, text: responses.text })
				.from(responses)
				.where(inArray(responses.promptId, promptIds))
		: [];
	const textOf = new Map(texts.map((t) => [`${t.promptId}:${t.modelId}`, t.text]));
	const questions = promptIds.length
		? await db
				.select({ id: prompts.id, text: prompts.text })
				.from(prompts)
				.where(inArray(prompts.id, promptIds))
		: [];
	const questionOf = new Map(questions.map((q) => [q.id, q.text]));

	const shownAssignments = [...new Set(shown.flatMap((p) => p.votes.map((v) => v.assignmentId)))];
	const history = shownAssignments.length
		? await db
				.select()
				.from(judgmentHistory)
				.where(inArray(judgmentHistory.assignmentId, shownAssignments))
				.orderBy(asc(judgmentHistory.id))
		: [];
	const notes = shownAssignments.length
		? await db
				.select()
				.from(noteHistory)
				.where(inArray(noteHistory.assignmentId, shownAssignments))
				.orderBy(asc(noteHistory.id))
		: [];
	return {
		dimensions: dims.map(({ key, label }) => ({ key, label })),
		reasonOptions,
		/** The dimension the view is narrowed to (an unknown key is ignored). */
		dimension,
		total: matches.length,
		page,
		/** The page asked for, when it was past the last one. */
		pastEnd: requested > pages ? requested : null,
		pages,
		pairs: shown.map((p) => {
			const raterOf = new Map(p.votes.map((v) => [v.assignmentId, v.rater]));
			return {
				...p,
				question: questionOf.get(p.promptId) ?? '',
				modelText: textOf.get(`${p.promptId}:${p.modelId}`) ?? '',
				opponentText: textOf.get(`${p.promptId}:${p.opponentId}`) ?? '',
				history: history
					.filter((h) => raterOf.has(h.assignmentId))
					.map((h) => ({
						rater: raterOf.get(h.assignmentId)!,
						dimension: keyOf.get(h.dimensionId)!,
						stage: h.stage,
						from: h.oldOutcome,
						to: h.newOutcome,
						at: h.changedAt
					})),
				/** Changes of "Hard to decide" ('0' / '1') and of comments, per stage. */
				notes: notes
					.filter((n) => raterOf.has(n.assignmentId))
					.map((n) => ({
						rater: raterOf.get(n.assignmentId)!,
						field: n.field,
						stage: n.stage,
						from: n.oldValue,
						to: n.newValue,
						at: n.changedAt
					}))
			};
		})
	};
}

/**
 * Which pairs pass the filters that depend on the ratings (disagreement, flagged, tag, source),
 * worked out over the whole study with the same rules as the pairs' own figures in `browse`: a
 * junior's vote is a study (not gold, not training), non-repeat assignment with a judgment.
 */
async function filtersOver(
	db: Db,
	studyId: number,
	filters: PairFilters,
	dimension: string | undefined,
	dims: { id: number; key: string }[],
	reasonOptions: ReasonOptions
): Promise<(pairId: number) => boolean> {
	const tests: ((pairId: number) => boolean)[] = [];
	const dimensionId = dims.find((d) => d.key === dimension)?.id;
	const juniorVote = and(
		eq(pairs.studyId, studyId),
		eq(assignments.purpose, 'study'),
		eq(assignments.role, 'junior'),
		eq(assignments.isRepeat, false)
	);
	if (filters.disagreement) {
		const rows = await db
			.select({ pairId: assignments.pairId })
			.from(judgments)
			.innerJoin(assignments, eq(assignments.id, judgments.assignmentId))
			.innerJoin(pairs, eq(pairs.id, assignments.pairId))
			.innerJoin(studyMembers, raterMembership())
			.where(
				and(
					juniorVote,
					dimensionId === undefined ? undefined : eq(judgments.dimensionId, dimensionId)
				)
			)
			.groupBy(assignments.pairId, judgments.dimensionId)
			.having(sql`count(distinct ${judgments.outcome}) > 1`);
		const differing = new Set(rows.map((r) => r.pairId));
		tests.push((id) => differing.has(id));
	}
	if (filters.flagged || filters.tag) {
		const voters = await db
			.select({
				id: assignments.id,
				pairId: assignments.pairId,
				hard: assignments.hardToDecide
			})
			.from(assignments)
			.innerJoin(pairs, eq(pairs.id, assignments.pairId))
			.innerJoin(studyMembers, raterMembership())
			.where(
				and(
					juniorVote,
					exists(
						db
							.select({ one: sql`1` })
							.from(judgments)
							.where(eq(judgments.assignmentId, assignments.id))
					)
				)
			);
		const pairOf = new Map(voters.map((v) => [v.id, v.pairId]));
		const flagged = new Set(voters.filter((v) => v.hard).map((v) => v.pairId));
		const tagged = new Map<number, Set<string>>();
		if (hasReasons(reasonOptions))
			for (const fact of await studyFacts(db, studyId)) {
				const pairId = pairOf.get(fact.assignmentId);
				if (pairId === undefined) continue;
				if (fact.kind === 'dimension_hard') flagged.add(pairId);
				const tag =
					fact.kind === 'tag'
						? fact.key
						: fact.kind === 'harm' && fact.value !== 'none'
							? 'harm'
							: null;
				if (tag) (tagged.get(pairId) ?? tagged.set(pairId, new Set()).get(pairId)!).add(tag);
			}
		if (filters.flagged) tests.push((id) => flagged.has(id));
		const tag = filters.tag;
		if (tag) tests.push((id) => tagged.get(id)?.has(tag) ?? false);
	}
	if (filters.source) {
		const rows = await db
			.select({ pairId: finalLabels.pairId, source: finalLabels.source })
			.from(finalLabels)
			.innerJoin(pairs, eq(pairs.id, finalLabels.pairId))
			.where(
				and(
					eq(pairs.studyId, studyId),
					dimensionId === undefined ? undefined : eq(finalLabels.dimensionId, dimensionId)
				)
			);
		const labelled = new Set(rows.map((r) => r.pairId));
		const bySource = new Set(rows.filter((r) => r.source === filters.source).map((r) => r.pairId));
		tests.push(filters.source === 'none' ? (id) => !labelled.has(id) : (id) => bySource.has(id));
	}
	return (id) => tests.every((test) => test(id));
}

/** The juniors' facts (tags, harms, notes) of some assignments, in the study export's order. */
async function ratingFacts(db: Db, assignmentIds: number[]) {
	if (assignmentIds.length === 0) return [];
	return await db
		.select({
			assignmentId: ratingReasons.assignmentId,
			kind: ratingReasons.kind,
			key: ratingReasons.key,
			side: ratingReasons.side,
			value: ratingReasons.value
		})
		.from(ratingReasons)
		.where(
			and(inArray(ratingReasons.assignmentId, assignmentIds), eq(ratingReasons.stage, 'rating'))
		)
		.orderBy(asc(ratingReasons.assignmentId), asc(ratingReasons.kind), asc(ratingReasons.key));
}
