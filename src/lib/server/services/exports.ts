/**
 * Study exports (issue 7, ARCHITECTURE §7 `medpair study export`): every table in CSV, JSON,
 * Markdown and LaTeX, as an async iterable of text chunks so that the CLI and the download
 * endpoint stream big exports instead of building them in memory. Every export carries a
 * signature: study, seed, categories, bootstrap settings, medpair's version, export time, and
 * the statistics engine's own report signature where there is one.
 */
import { protocolSignature } from '../../domain/adjudication/protocol.ts';
import type { PaperNMode } from '../../domain/export/paper-win-tie-table.ts';
import { interimSignature } from '../../domain/study-stats/interim.ts';
import {
	judgmentColumns,
	JUDGMENT_NAME_COLUMNS,
	judgmentExportValues,
	judgmentNameValues,
	type JudgmentRecord
} from '../../domain/export/judgment-export-row.ts';
import type { DisplayNames } from '../../domain/export/display-names.ts';
import { streamTable, streamTableAsync } from '../../domain/export/stream-table.ts';
import { styleControlSignature } from '../../domain/bias/style-controlled-bt.ts';
import { agreementSignature } from '../../domain/stats/agreement-signature.ts';
import { tablesSignature } from '../../domain/stats/tables-signature.ts';
import { MEDPAIR_VERSION } from '../../domain/version.ts';
import { asc, eq } from 'drizzle-orm';
import type { AppDb } from '../db/index.ts';
import { models } from '../db/schema.ts';
import { studyDimensions } from './blinded-pair.ts';
import * as audit from './audit.ts';
import { studyInterim, studyProtocol } from './interim.ts';
import { judgmentRecords } from './exports/judgments.ts';
import { get as getStudy, identityLeaks } from './studies.ts';
import * as summaries from './exports/summaries.ts';
import { calibrationReport } from './gold-report.ts';
import { studyMetrics } from './predictions.ts';
import { reasonRecords, studyReasons } from './reason-stats.ts';
import { CATEGORIES, studyResults } from './results.ts';

export const EXPORT_TABLES = [
	'wintie',
	'judgments',
	'agreement',
	'metrics',
	'settings',
	'bias',
	'judge',
	'tags',
	'leaks',
	'calibration'
] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];
export const EXPORT_FORMATS = ['csv', 'json', 'md', 'latex'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_LAYOUTS = ['paper', 'long'] as const;
export type ExportLayout = (typeof EXPORT_LAYOUTS)[number];

export type ExportOptions = {
	/** Usernames instead of pseudonyms in the judgments export. */
	names?: boolean;
	/**
	 * `wintie`: the paper's Table 6 (default for md, latex) or one row per cell (csv, json);
	 * `metrics`: `paper` gives the scores in the paper's Table 5 layout (csv, md, latex).
	 */
	layout?: ExportLayout;
	/** `wintie` paper layout: each cell's n as a sub-column or superscript (default none). */
	n?: PaperNMode;
	/** `wintie` paper layout: bold the best only among cells with n ≥ this (default 1). */
	boldMinN?: number;
	/** Bootstrap resamples of the statistics (default 1000, as the study page). */
	B?: number;
	/** Who exports, for the audit log (null from the command line). */
	actorId?: number | null;
	/** The export time written into the signature (tests fix it). */
	now?: Date;
};

export type StudyExport = {
	fileName: string;
	contentType: string;
	signature: string;
	chunks: AsyncIterable<string>;
};

export type ExportResult =
	{ ok: true; value: StudyExport } | { ok: false; status: 400 | 404; message: string };

const FILES: Record<ExportFormat, { extension: string; contentType: string }> = {
	csv: { extension: 'csv', contentType: 'text/csv; charset=utf-8; header=present' },
	json: { extension: 'json', contentType: 'application/json; charset=utf-8' },
	md: { extension: 'md', contentType: 'text/markdown; charset=utf-8' },
	latex: { extension: 'tex', contentType: 'application/x-tex; charset=utf-8' }
};

/**
 * e.g. `medpair:0.1.0|study:3|seed:42|table:wintie|categories:loss,tie,win|bootstrap:B=1000,seed=42,cluster=prompt|protocol:escalate=any-disagreement,adjudicate=disputed|interim:pending=0,unresolved=0|exported:2026-11-22T10:00:00.000Z|tables|wilson95|…`
 * `protocol` and `interim` (issue #15 §3): the study's escalation rule and adjudication scope,
 * and how many pairs wait for a senior / labels are unresolved, all left out of the tables.
 */
function exportSignature(
	study: { id: number; seed: number },
	table: ExportTable,
	B: number,
	now: Date,
	protocol: string,
	report?: string
): string {
	return [
		`medpair:${MEDPAIR_VERSION}`,
		`study:${study.id}`,
		`seed:${study.seed}`,
		`table:${table}`,
		`categories:${CATEGORIES.join(',')}`,
		`bootstrap:B=${B},seed=${study.seed},cluster=prompt`,
		protocol,
		`exported:${now.toISOString()}`,
		...(report ? [report] : [])
	].join('|');
}

/** The study's model names and dimension labels by key (a key without a name stands for itself). */
async function displayNames(db: AppDb, studyId: number): Promise<DisplayNames> {
	const studyModels = await db
		.select({ key: models.key, name: models.name })
		.from(models)
		.where(eq(models.studyId, studyId))
		// In the study file's order, the same on both backends (JSON `display_names` keeps it).
		.orderBy(asc(models.position));
	return {
		models: new Map(studyModels.map((m) => [m.key, m.name ?? m.key])),
		dimensions: new Map((await studyDimensions(db, studyId)).map((d) => [d.key, d.label]))
	};
}

async function* chunked(
	chunks: Iterable<string> | AsyncIterable<string>
): AsyncGenerator<string, void, undefined> {
	yield* chunks;
}

/** Streams one table of a study in one format; refuses unknown studies and missing data. */
export async function exportStudy(
	db: AppDb,
	studyId: number,
	table: ExportTable,
	format: ExportFormat,
	options: ExportOptions = {}
): Promise<ExportResult> {
	// studies.get hides a study still being imported.
	const study = await getStudy(db, studyId);
	if (!study) return { ok: false, status: 404, message: `There is no study with id ${studyId}.` };
	if (
		(table === 'wintie' || table === 'metrics') &&
		format === 'json' &&
		options.layout === 'paper'
	)
		return {
			ok: false,
			status: 400,
			message: 'The paper layout is for csv, md and latex; JSON is always the long form.'
		};
	const B = options.B ?? 1000;
	const now = options.now ?? new Date();
	const usernames = options.names === true;
	const names = await displayNames(db, studyId);
	const interim = await studyInterim(db, studyId);
	const protocol = `${protocolSignature(await studyProtocol(db, studyId))}|${interimSignature(interim)}`;

	let signature: string;
	let chunks: Iterable<string> | AsyncIterable<string>;
	if (table === 'judgments') {
		const scale = study.scale === 5 ? 5 : 3;
		signature = exportSignature(study, table, B, now, protocol);
		const header = {
			columns: [...judgmentColumns(scale), ...JUDGMENT_NAME_COLUMNS],
			caption: `Judgments of study ${studyId} (one row per rater, pair, dimension and stage)`,
			signature,
			jsonKey: 'judgments'
		};
		const records = judgmentRecords(db, studyId, usernames);
		const values = (record: JudgmentRecord) => [
			...judgmentExportValues(record, scale),
			...judgmentNameValues(record, names)
		];
		if (Symbol.asyncIterator in records) {
			const rows = async function* () {
				for await (const record of records) yield values(record);
			};
			chunks = streamTableAsync(header, rows(), format);
		} else {
			const rows = function* () {
				for (const record of records) yield values(record);
			};
			chunks = streamTable(header, rows(), format);
		}
	} else {
		let render: ReturnType<typeof summaries.metrics>;
		let report: string;
		if (table === 'calibration') {
			const calibration = await calibrationReport(db, studyId);
			if (!calibration)
				return {
					ok: false,
					status: 404,
					message: `Study ${studyId} has no gold pairs, training or hidden checks (study file gold, training, gold_checks).`
				};
			render = summaries.calibration(calibration, usernames);
			const { training, checks } = calibration;
			report =
				`calibration:gold=${calibration.goldPairs},` +
				`training=${training ? `${training.pairs}/${training.minAgreement ?? '-'}` : '-'},` +
				`checks=${checks ? `${checks.share}/${checks.threshold ?? '-'}` : '-'}|wilson95|drift=quarters`;
		} else if (table === 'leaks') {
			const found = await identityLeaks(db, studyId);
			render = summaries.leaks(found);
			report = `identity-leaks:${found.length}`;
		} else if (table === 'tags') {
			const reasons = await studyReasons(db, studyId);
			if (!reasons)
				return {
					ok: false,
					status: 404,
					message: `Study ${studyId} asks for no issue tags, harm ratings or per-dimension notes (study file issue_tags, harm, per_dimension_notes).`
				};
			render = summaries.reasons(reasons, await reasonRecords(db, studyId, usernames));
			report = `reasons:tags=${reasons.options.issueTags.map((t) => t.key).join(',') || '-'},harm=${reasons.options.harm ? 1 : 0},notes=${reasons.options.perDimensionNotes ? 1 : 0}|wilson95|agreement:kappa=cohen-slots,ac1=gwet`;
		} else if (table === 'metrics' || table === 'settings') {
			const metrics = await studyMetrics(db, studyId);
			if (!metrics)
				return {
					ok: false,
					status: 404,
					message: `Study ${studyId} has no predictions yet: upload a predictions file (.jsonl) on the study page, or run medpair predictions import ${studyId} <file>, first.`
				};
			render =
				table === 'settings'
					? summaries.settings(metrics.report)
					: summaries.metrics(db, studyId, metrics.report, metrics.table, options.layout);
			report = metrics.report.signature;
		} else {
			const results = await studyResults(db, studyId, { B });
			const bootstrap = B > 0 ? { B, seed: study.seed } : null;
			if (table === 'wintie') {
				const tables = results.tables ?? {
					signature: tablesSignature(bootstrap),
					cells: [],
					bradley_terry: []
				};
				render = summaries.winTie(db, studyId, tables, {
					layout: options.layout,
					n: options.n,
					boldMinN: options.boldMinN,
					interim
				});
				report = tables.signature;
			} else if (table === 'judge') {
				if (results.judges.length === 0)
					return {
						ok: false,
						status: 404,
						message: `Study ${studyId} has no judge judgments yet: run medpair judge import ${studyId} <judgments.jsonl> first.`
					};
				render = summaries.judges(results.judges, results.tables?.cells ?? []);
				report = results.tables?.signature ?? tablesSignature(bootstrap);
			} else if (table === 'bias') {
				render = summaries.bias(
					results.positionBias,
					results.bias,
					results.tables?.bradley_terry ?? []
				);
				report = results.bias.styleControl?.signature ?? styleControlSignature(bootstrap);
			} else {
				const agreement = results.agreement ?? {
					signature: agreementSignature(CATEGORIES, null, bootstrap, 'prompt'),
					results: []
				};
				render = summaries.agreement(agreement, results.gradedAgreement);
				report = agreement.signature;
			}
		}
		signature = exportSignature(study, table, B, now, protocol, report);
		chunks = [await render(format, signature, names)];
	}

	await audit.record(db, {
		userId: options.actorId ?? null,
		action: 'study.export',
		studyId,
		detail: {
			table,
			format,
			names: usernames,
			layout: options.layout ?? null,
			...(options.n && { n: options.n }),
			...(options.boldMinN && { boldMinN: options.boldMinN })
		}
	});
	const { extension, contentType } = FILES[format];
	return {
		ok: true,
		value: {
			fileName: `medpair-study-${studyId}-${table}-${now.toISOString().slice(0, 10)}.${extension}`,
			contentType,
			signature,
			chunks: chunked(chunks)
		}
	};
}
