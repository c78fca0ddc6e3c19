/**
 * A study's results: agreement among juniors, senior vs juniors, intra-rater agreement,
 * escalation and position bias from the raw judgments; win / tie / loss and Bradley–Terry from
 * the final labels (ARCHITECTURE §2, §5). All statistics come from src/lib/domain/stats/.
 * The heavy part is cached per study and recomputed when judgments or final labels change.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { protocolSignature } from '../../domain/adjudication/protocol.ts';
import { biasChecks, styleKey } from '../../domain/bias/bias-checks.ts';
import { styleFeatures, type StyleFeatures } from '../../domain/bias/style-features.ts';
import { judgeReports } from '../../domain/judge/judge-report.ts';
import { escalationRates } from '../../domain/study-stats/escalation-rates.ts';
import { gradedAgreement } from '../../domain/study-stats/graded-agreement.ts';
import { interimSignature } from '../../domain/study-stats/interim.ts';
import { intraRaterRatings } from '../../domain/study-stats/intra-rater.ts';
import { positionBias } from '../../domain/study-stats/position-bias.ts';
import { seniorAgreement } from '../../domain/study-stats/senior-agreement.ts';
import type { JudgmentRow } from '../../domain/study-stats/types.ts';
import { agreementReport } from '../../domain/stats/agreement-report.ts';
import { tablesReport } from '../../domain/stats/tables-report.ts';
import type { Outcome } from '../../domain/stats/types.ts';
import { MEDPAIR_VERSION } from '../../domain/version.ts';
import type { Db } from '../db/index.ts';
import {
	assignments,
	dimensions,
	escalations,
	finalLabels,
	judgments,
	models,
	pairs,
	prompts,
	responses,
	studies,
	studyMembers
} from '../db/schema.ts';
import { studyDimensions } from './blinded-pair.ts';
import { completeJuniorPairs, studyInterim, studyProtocol } from './interim.ts';
import { first } from '../db/index.ts';
import { judgeRows } from './judges.ts';

export const CATEGORIES = ['loss', 'tie', 'win'];

/** Every judgment of the study in canonical form, with rater pseudonyms. */
export async function judgmentRows(db: Db, studyId: number): Promise<JudgmentRow[]> {
	const opponent = alias(models, 'opponent');
	return await db
		.select({
			pairId: pairs.id,
			prompt: prompts.key,
			model: models.key,
			opponent: opponent.key,
			dimension: dimensions.key,
			rater: studyMembers.pseudonym,
			role: assignments.role,
			stage: judgments.stage,
			outcome: judgments.outcome,
			grade: judgments.grade,
			modelOnLeft: assignments.modelOnLeft,
			isRepeat: assignments.isRepeat,
			hard: assignments.hardToDecide
		})
		.from(judgments)
		.innerJoin(assignments, eq(assignments.id, judgments.assignmentId))
		.innerJoin(pairs, eq(pairs.id, assignments.pairId))
		.innerJoin(prompts, eq(prompts.id, pairs.promptId))
		.innerJoin(models, eq(models.id, pairs.modelId))
		.innerJoin(opponent, eq(opponent.id, pairs.opponentId))
		.innerJoin(dimensions, eq(dimensions.id, judgments.dimensionId))
		.innerJoin(
			studyMembers,
			and(eq(studyMembers.studyId, pairs.studyId), eq(studyMembers.userId, assignments.userId))
		)
		// Study work only: gold copies are reported apart (gold.ts; issue #16 §3).
		.where(and(eq(pairs.studyId, studyId), eq(assignments.purpose, 'study')))
		.orderBy(asc(pairs.position), asc(studyMembers.pseudonym), asc(dimensions.position));
}

/** The final labels as outcomes from `model`'s side, with where they came from. */
export async function finalOutcomes(
	db: Db,
	studyId: number
): Promise<(Outcome & { source: 'consensus' | 'senior' })[]> {
	const opponent = alias(models, 'opponent');
	return await db
		.select({
			prompt: prompts.key,
			model: models.key,
			opponent: opponent.key,
			dimension: dimensions.key,
			outcome: finalLabels.outcome,
			source: finalLabels.source
		})
		.from(finalLabels)
		.innerJoin(pairs, eq(pairs.id, finalLabels.pairId))
		.innerJoin(prompts, eq(prompts.id, pairs.promptId))
		.innerJoin(models, eq(models.id, pairs.modelId))
		.innerJoin(opponent, eq(opponent.id, pairs.opponentId))
		.innerJoin(dimensions, eq(dimensions.id, finalLabels.dimensionId))
		.where(eq(pairs.studyId, studyId))
		.orderBy(asc(pairs.position), asc(dimensions.position));
}

/** Length and Markdown structure of every answer of the study, keyed by `styleKey`. */
export async function responseStyles(db: Db, studyId: number): Promise<Map<string, StyleFeatures>> {
	const rows = await db
		.select({ prompt: prompts.key, model: models.key, text: responses.text })
		.from(responses)
		.innerJoin(prompts, eq(prompts.id, responses.promptId))
		.innerJoin(models, eq(models.id, responses.modelId))
		.where(eq(prompts.studyId, studyId));
	return new Map(rows.map((r) => [styleKey(r.prompt, r.model), styleFeatures(r.text)]));
}

/** Changes whenever a judgment or final label of the study changes (the cache key). */
export async function resultsVersion(db: Db, studyId: number): Promise<string> {
	const row = first(
		await db
			.select({
				judgments: sql<number>`(select count(*) || ':' || coalesce(max(j.updated_at), 0) from judgments j join assignments a on a.id = j.assignment_id join pairs p on p.id = a.pair_id where p.study_id = ${studyId})`,
				labels: sql<number>`(select count(*) || ':' || coalesce(max(f.decided_at), 0) from final_labels f join pairs p on p.id = f.pair_id where p.study_id = ${studyId})`,
				judges: sql<number>`(select count(*) || ':' || coalesce(max(jj.imported_at), 0) from judge_judgments jj where jj.study_id = ${studyId})`
			})
			.from(studies)
			.where(eq(studies.id, studyId))
			.limit(1)
	);
	return `${row?.judgments}|${row?.labels}|${row?.judges}`;
}

export type ResultsOptions = {
	B?: number;
	/**
	 * Serve cached results up to this old even if judgments changed since (the dashboard: the
	 * statistics of a large study take seconds, which must not run on every poll while people
	 * rate). 0, the default, always gives current results (exports).
	 */
	maxStaleMs?: number;
};

/** Computes the results afresh (the statistics worker runs this too: workers/statistics.ts). */
export async function computeResults(db: Db, studyId: number, options: ResultsOptions = {}) {
	const study = first(await db.select().from(studies).where(eq(studies.id, studyId)).limit(1))!;
	const dims = await studyDimensions(db, studyId);
	const rows = await judgmentRows(db, studyId);
	const juniorRows = rows.filter((r) => r.role === 'junior' && !r.isRepeat);
	const B = options.B ?? 1000;
	const bootstrap = B > 0 ? { B, seed: study.seed } : undefined;

	const juniorRatings = juniorRows.map((r) => ({
		item: String(r.pairId),
		rater: r.rater,
		label: r.outcome,
		dimension: r.dimension,
		prompt: r.prompt
	}));
	const agreement = juniorRatings.length
		? agreementReport(juniorRatings, { categories: CATEGORIES, bootstrap })
		: null;
	// A 5-point study: agreement on the full scale too (the report above is the collapsed one).
	const scale = study.scale === 5 ? 5 : 3;
	const gradedAgreementReport = scale === 5 ? gradedAgreement(rows, bootstrap) : null;
	const repeats = intraRaterRatings(rows);
	const intraRater = repeats.length ? agreementReport(repeats, { categories: CATEGORIES }) : null;

	// Pairs whose juniors have all submitted (the denominator of the escalation rate).
	const completePairs = await completeJuniorPairs(db, studyId);
	const escalated = new Set(
		(
			await db
				.select({ pairId: escalations.pairId })
				.from(escalations)
				.innerJoin(pairs, eq(pairs.id, escalations.pairId))
				.where(and(eq(pairs.studyId, studyId), sql`${escalations.withdrawnAt} is null`))
		).map((r) => r.pairId)
	);

	const outcomes = await finalOutcomes(db, studyId);
	const tables = outcomes.length ? tablesReport(outcomes, { bootstrap }) : null;
	// What the tables leave out while pairs wait for a senior (issue #15 §3), and under which rules.
	const protocol = await studyProtocol(db, studyId);
	const interim = await studyInterim(db, studyId);
	if (tables) {
		const left = new Map(
			interim.cells.map((c) => [`${c.model}\u0000${c.opponent}\u0000${c.dimension}`, c])
		);
		for (const cell of tables.cells) {
			const c = left.get(`${cell.model}\u0000${cell.opponent}\u0000${cell.dimension}`);
			cell.pending_excluded = c?.pending ?? 0;
			cell.unresolved_excluded = c?.unresolved ?? 0;
		}
	}
	return {
		computedAt: Date.now(),
		signature: `study=${studyId},seed=${study.seed},categories=${CATEGORIES.join('<')},bootstrap:B=${B},seed=${study.seed},cluster=prompt,${protocolSignature(protocol)},${interimSignature(interim)},medpair=${MEDPAIR_VERSION}`,
		protocol,
		interim,
		scale,
		agreement,
		/** Agreement on the 5-point scale (grades −2..2); null on a 3-point study. */
		gradedAgreement: gradedAgreementReport,
		intraRater,
		seniorAgreement: seniorAgreement(rows),
		escalation: escalationRates(
			rows,
			dims.map((d) => d.key),
			escalated,
			completePairs
		),
		positionBias: positionBias(rows.filter((r) => r.role === 'junior')),
		tables,
		bias: biasChecks(rows, outcomes, await responseStyles(db, studyId), bootstrap),
		// Automatic judges: read beside the human rows, never mixed into them (issue #16 §4).
		judges: judgeReports(await judgeRows(db, studyId), rows, outcomes, bootstrap),
		finalLabels: {
			total: outcomes.length,
			senior: outcomes.filter((o) => o.source === 'senior').length
		}
	};
}

export type StudyResults = Awaited<ReturnType<typeof computeResults>>;

export type CachedResults = { version: string; results: StudyResults };

/** Per database (tests open many), per study and bootstrap size. */
const caches = new WeakMap<Db, Map<string, CachedResults>>();

/** The results cache of a database, keyed by `cacheKey` (shared with workers/statistics.ts). */
export function resultsCache(db: Db): Map<string, CachedResults> {
	let cache = caches.get(db);
	if (!cache) caches.set(db, (cache = new Map()));
	return cache;
}

export const cacheKey = (studyId: number, B = 1000) => `${studyId}:${B}`;

/** Whether cached results may be served: nothing changed since, or they are young enough. */
export function isFresh(hit: CachedResults | undefined, version: string, maxStaleMs = 0) {
	return !!hit && (hit.version === version || Date.now() - hit.results.computedAt < maxStaleMs);
}

/** The study's results, from the cache while nothing has changed since they were computed. */
export async function studyResults(
	db: Db,
	studyId: number,
	options: ResultsOptions = {}
): Promise<StudyResults> {
	const cache = resultsCache(db);
	const key = cacheKey(studyId, options.B);
	const current = await resultsVersion(db, studyId);
	const hit = cache.get(key);
	if (isFresh(hit, current, options.maxStaleMs)) return hit!.results;
	const results = await computeResults(db, studyId, options);
	cache.set(key, { version: current, results });
	return results;
}
