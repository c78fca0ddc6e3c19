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

export type PredictionsImport =
	| { ok: true; id: number; lines: number; unknownModels: string[] }
	| { ok: false; errors: ParseError[] };

function studyModelKeys(db: Db, studyId: number): Set<string> {
	return new Set(
		db
			.select({ key: models.key })
			.from(models)
			.where(eq(models.studyId, studyId))
			.all()
			.map((m) => m.key)
	);
}

/** Validates a predictions file completely, then stores it in one transaction. */
export function importPredictions(
	db: Db,
	studyId: number,
	name: string,
	text: string,
	actorId: number | null
): PredictionsImport {
	const parsed = parsePredictions(text);
	if (!parsed.ok) return { ok: false, errors: parsed.errors };
	return db.transaction((tx) => {
		const { id } = tx
			.insert(predictionSets)
			.values({ studyId, name, uploadedBy: actorId })
			.returning({ id: predictionSets.id })
			.get();
		for (const p of parsed.value)
			tx.insert(predictions)
				.values({
					setId: id,
					dataset: p.dataset,
					task: p.task,
					model: p.model,
					itemId: p.id,
					prediction: JSON.stringify(p.prediction),
					reference: JSON.stringify(p.reference)
				})
				.run();
		audit.record(tx, {
			userId: actorId,
			action: 'predictions.import',
			studyId,
			detail: { name, lines: parsed.value.length }
		});
		const known = studyModelKeys(tx, studyId);
		const unknownModels = [...new Set(parsed.value.map((p) => p.model))].filter(
			(m) => !known.has(m)
		);
		return { ok: true, id, lines: parsed.value.length, unknownModels };
	});
}

/** The automatic metrics of the study's latest predictions file, or null when it has none. */
export function studyMetrics(db: Db, studyId: number, options: { stem?: boolean } = {}) {
	const set = db
		.select()
		.from(predictionSets)
		.where(eq(predictionSets.studyId, studyId))
		.orderBy(desc(predictionSets.id))
		.limit(1)
		.get();
	if (!set) return null;
	const rows = db
		.select()
		.from(predictions)
		.where(and(eq(predictions.setId, set.id)))
		.orderBy(predictions.id)
		.all();
	const list: Prediction[] = rows.map((r, i) => ({
		line: i + 1,
		dataset: r.dataset,
		task: r.task as Task,
		model: r.model,
		id: r.itemId,
		prediction: JSON.parse(r.prediction),
		reference: JSON.parse(r.reference)
	}));
	const report = buildMetricsReport(list, options);
	const known = studyModelKeys(db, studyId);
	return {
		name: set.name,
		uploadedAt: set.createdAt,
		report,
		table: metricsTable(report),
		unknownModels: [...new Set(list.map((p) => p.model))].filter((m) => !known.has(m))
	};
}
