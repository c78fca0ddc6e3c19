/**
 * The researcher's pair browser: every pair unblinded, with each rater's judgments, changes,
 * comments, flags and the final label's source, filterable and paged.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
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
	studyMembers,
	users,
	goldPairs
} from '../db/schema.ts';
import { studyDimensions } from './blinded-pair.ts';
import { fromFacts, hasReasons, type RaterReasons } from '../../domain/reasons/reasons.ts';
import { studyFacts, studyReasonOptions } from './reasons.ts';

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
			question: prompts.text,
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

	const rated = await db
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
		.innerJoin(
			studyMembers,
			and(eq(studyMembers.studyId, pairs.studyId), eq(studyMembers.userId, assignments.userId))
		)
		.where(and(eq(pairs.studyId, studyId), eq(assignments.purpose, 'study')));
	const labels = await db
		.select({
			pairId: finalLabels.pairId,
			dimensionId: finalLabels.dimensionId,
			outcome: finalLabels.outcome,
			grade: finalLabels.grade,
			source: finalLabels.source
		})
		.from(finalLabels)
		.innerJoin(pairs, eq(pairs.id, finalLabels.pairId))
		.where(eq(pairs.studyId, studyId));

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
	const reasonOptions = await studyReasonOptions(db, studyId);
	// Only a study that asks for tags, harms or notes has any to read.
	const factRows = hasReasons(reasonOptions) ? await studyFacts(db, studyId) : [];
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
	const view = all.map((p) => {
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
			tagged: new Set(
				reasonFacts.flatMap(({ facts }) =>
					facts.flatMap((f) =>
						f.kind === 'tag' ? [f.key] : f.kind === 'harm' && f.value !== 'none' ? ['harm'] : []
					)
				)
			),
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

	const dimension = dims.some((d) => d.key === filters.dimension) ? filters.dimension : undefined;
	const matches = view.filter((p) => {
		if (filters.model && p.model !== filters.model && p.opponent !== filters.model) return false;
		if (
			filters.disagreement &&
			!(dimension ? p.differing.includes(dimension) : p.differing.length > 0)
		)
			return false;
		if (filters.flagged && !p.flagged) return false;
		if (filters.tag && !p.tagged.has(filters.tag)) return false;
		const sources = (
			dimension ? [p.finals[dimension]].filter(Boolean) : Object.values(p.finals)
		).map((f) => f.source);
		if (filters.source === 'none' && sources.length > 0) return false;
		if (filters.source && filters.source !== 'none' && !sources.includes(filters.source))
			return false;
		return true;
	});
	const pages = Math.max(1, Math.ceil(matches.length / PAGE_SIZE));
	// A page past the end (an old link, a hand-typed ?page=99) shows the last page and says so.
	const requested = Math.max(1, filters.page ?? 1);
	const page = Math.min(requested, pages);
	const shown = matches.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);

	// The two answers that were judged, for the shown pairs only.
	const promptIds = [...new Set(shown.map((p) => p.promptId))];
	const texts = promptIds.length
		? await db
				.select({ promptId: responses.promptId, modelId: responses.modelId, text: responses.text })
				.from(responses)
				.where(inArray(responses.promptId, promptIds))
		: [];
	const textOf = new Map(texts.map((t) => [`${t.promptId}:${t.modelId}`, t.text]));

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
			const { tagged: _tagged, ...rest } = p;
			return {
				...rest,
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
