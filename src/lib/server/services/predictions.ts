/**
 * Benchmark prediction files for the automatic metrics (ARCHITECTURE §6, §7): stored per study,
 * scored with the domain metrics engine, matched to the study's models.
 */
import { and, desc, eq } from 'drizzle-orm';
import { buildMetricsReport } from '../../domain/metrics/build-metrics-report.ts';
import { metricsTable } from '../../domain/metrics/metrics-table.ts';
import { parsePredictions } from '../../domain/metrics/parse-predictions.ts';
import type { ParseError, Prediction, Task } from '../../domain/metrics/types.ts';
import type { Db } from '../db/index.ts';
import { models, predictions, predictionSets } from '../db/schema.ts';
import * as audit from './audit.ts';
import { first } from '../db/index.ts';

export type PredictionsImport =
	| { ok: true; id: number; lines: number; unknownModels: string[] }
	| { ok: false; errors: ParseError[] };

async function studyModelKeys(db: Db, studyId: number): Promise<Set<string>> {
	return new Set(
		(await db.select({ key: models.key }).from(models).where(eq(models.studyId, studyId))).map(
			(m) => m.key
		)
	);
}

/** Validates a predictions file completely, then stores it in one transaction. */
export async function importPredictions(
	db: Db,
	studyId: number,
	name: string,
	text: string,
	actorId: number | null
): Promise<PredictionsImport> {
	const parsed = parsePredictions(text);
	if (!parsed.ok) return { ok: false, errors: parsed.errors };
	return await db.transaction(async (tx) => {
		const [{ id }] = await tx
			.insert(predictionSets)
			.values({ studyId, name, uploadedBy: actorId })
			.returning({ id: predictionSets.id });
		for (const p of parsed.value)
			await tx.insert(predictions).values({
				setId: id,
				dataset: p.dataset,
				task: p.task,
				model: p.model,
				itemId: p.id,
				prediction: JSON.stringify(p.prediction),
				reference: JSON.stringify(p.reference),
				setting: p.setting ?? ''
			});
		await audit.record(tx, {
			userId: actorId,
			action: 'predictions.import',
			studyId,
			detail: { name, lines: parsed.value.length }
		});
		const known = await studyModelKeys(tx, studyId);
		const unknownModels = [...new Set(parsed.value.map((p) => p.model))].filter(
			(m) => !known.has(m)
		);
		return { ok: true, id, lines: parsed.value.length, unknownModels };
	});
}

/** The automatic metrics of the study's latest predictions file, or null when it has none. */
export async function studyMetrics(db: Db, studyId: number, options: { stem?: boolean } = {}) {
	const set = first(
		await db
			.select()
			.from(predictionSets)
			.where(eq(predictionSets.studyId, studyId))
			.orderBy(desc(predictionSets.id))
			.limit(1)
	);
	if (!set) return null;
	const rows = await db
		.select()
		.from(predictions)
		.where(and(eq(predictions.setId, set.id)))
		.orderBy(predictions.id);
	const list: Prediction[] = rows.map((r, i) => ({
		line: i + 1,
		dataset: r.dataset,
		task: r.task as Task,
		model: r.model,
		id: r.itemId,
		prediction: JSON.parse(r.prediction),
		reference: JSON.parse(r.reference),
		...(r.setting === '' ? {} : { setting: r.setting })
	}));
	const report = buildMetricsReport(list, options);
	const known = await studyModelKeys(db, studyId);
	return {
		name: set.name,
		uploadedAt: set.createdAt,
		report,
		table: metricsTable(report),
		unknownModels: [...new Set(list.map((p) => p.model))].filter((m) => !known.has(m))
	};
}
