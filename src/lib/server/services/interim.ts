/**
 * A study's protocol options and what its tables leave out while it runs (issue #15 §3): the
 * pairs waiting for a senior and the labels the escalation rule leaves unresolved, per cell.
 */
import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { storedRule, type Protocol } from '../../domain/adjudication/protocol.ts';
import { interimCounts, type Interim } from '../../domain/study-stats/interim.ts';
import { holdsForAll } from '../db/dialect-sql.ts';
import type { Db } from '../db/index.ts';
import { first } from '../db/index.ts';
import { studyDimensions } from './blinded-pair.ts';
import {
	assignments,
	dimensions,
	escalations,
	finalLabels,
	models,
	pairs,
	studies
} from '../db/schema.ts';

export async function studyProtocol(db: Db, studyId: number): Promise<Protocol> {
	const row = first(
		await db
			.select({
				escalate: studies.escalate,
				n: studies.escalateMinDimensions,
				adjudicate: studies.adjudicate
			})
			.from(studies)
			.where(eq(studies.id, studyId))
			.limit(1)
	)!;
	return { escalate: storedRule(row.escalate, row.n), adjudicate: row.adjudicate };
}

/** Pending and unresolved counts per (model, opponent, dimension) cell. */
export async function studyInterim(db: Db, studyId: number): Promise<Interim> {
	const opponent = alias(models, 'opponent');
	const studyPairs = await db
		.select({ id: pairs.id, model: models.key, opponent: opponent.key })
		.from(pairs)
		.innerJoin(models, eq(models.id, pairs.modelId))
		.innerJoin(opponent, eq(opponent.id, pairs.opponentId))
		.where(eq(pairs.studyId, studyId))
		.orderBy(pairs.position);
	const dims = await studyDimensions(db, studyId);
	const complete = await completeJuniorPairs(db, studyId);
	const active = await db
		.select({ pairId: escalations.pairId, decidedAt: escalations.decidedAt })
		.from(escalations)
		.innerJoin(pairs, eq(pairs.id, escalations.pairId))
		.where(and(eq(pairs.studyId, studyId), sql`${escalations.withdrawnAt} is null`));
	const labelled = new Set(
		(
			await db
				.select({ pairId: finalLabels.pairId, dimension: dimensions.key })
				.from(finalLabels)
				.innerJoin(pairs, eq(pairs.id, finalLabels.pairId))
				.innerJoin(dimensions, eq(dimensions.id, finalLabels.dimensionId))
				.where(eq(pairs.studyId, studyId))
		).map((r) => `${r.pairId}:${r.dimension}`)
	);
	return interimCounts({
		pairs: studyPairs,
		dimensions: dims.map((d) => d.key),
		pending: new Set(active.filter((e) => e.decidedAt === null).map((e) => e.pairId)),
		complete,
		escalated: new Set(active.map((e) => e.pairId)),
		labelled
	});
}

/** The study's pairs whose juniors have all submitted (repeats aside). */
export async function completeJuniorPairs(db: Db, studyId: number): Promise<Set<number>> {
	const rows = await db
		.select({ pairId: assignments.pairId })
		.from(assignments)
		.innerJoin(pairs, eq(pairs.id, assignments.pairId))
		.where(
			and(
				eq(pairs.studyId, studyId),
				eq(assignments.role, 'junior'),
				eq(assignments.isRepeat, false),
				eq(assignments.purpose, 'study')
			)
		)
		.groupBy(assignments.pairId)
		.having(holdsForAll(sql`${assignments.status} = 'submitted'`));
	return new Set(rows.map((r) => r.pairId));
}
