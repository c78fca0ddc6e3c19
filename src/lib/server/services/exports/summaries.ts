/**
 * The summary exports (win / tie / loss, agreement, automatic metrics): small enough to build
 * whole, then rendered by the Table formatters. JSON keeps the engines' report shapes with the
 * export signature in `signature` (which carries the report's own signature at its end).
 */
import { asc, eq } from 'drizzle-orm';
import type { BiasChecks } from '../../../domain/bias/bias-checks.ts';
import {
	biasLongTable,
	lengthBiasTable,
	positionBiasTable,
	styleCoefficientsTable,
	styleControlTable
} from '../../../domain/bias/bias-tables.ts';
import type { JudgeReport } from '../../../domain/judge/judge-report.ts';
import {
	judgeAgreementTable,
	judgePositionTable,
	judgeWinTieTable
} from '../../../domain/judge/judge-tables.ts';
import type { PositionBias } from '../../../domain/study-stats/position-bias.ts';
import { agreementFlatTable } from '../../../domain/export/agreement-flat-table.ts';
import {
	displayNamesJson,
	withDisplayNames,
	type DisplayNames
} from '../../../domain/export/display-names.ts';
import { formatTable } from '../../../domain/export/format.ts';
import {
	paperInterimTable,
	paperWinTieTable,
	type PaperNMode
} from '../../../domain/export/paper-win-tie-table.ts';
import type { Interim } from '../../../domain/study-stats/interim.ts';
import { tableCsv } from '../../../domain/export/stream-table.ts';
import type { Table } from '../../../domain/export/table.ts';
import { winTieLongCells, winTieLongTable } from '../../../domain/export/win-tie-long.ts';
import { paperScoresTable } from '../../../domain/metrics/paper-scores-table.ts';
import { settingComparison } from '../../../domain/metrics/setting-comparison.ts';
import { settingComparisonTable } from '../../../domain/metrics/setting-comparison-table.ts';
import type { MetricsReport } from '../../../domain/metrics/types.ts';
import { agreementTables } from '../../../domain/stats/agreement-tables.ts';
import type {
	AgreementReport,
	BradleyTerryRanking,
	TablesReport,
	WinTieCell
} from '../../../domain/stats/types.ts';
import { winTieExportTable } from '../../../domain/stats/win-tie-export-table.ts';
import {
	reasonLongTable,
	reasonRatesTable,
	tagAgreementTable
} from '../../../domain/reasons/reason-tables.ts';
import { identityLeaksTable } from '../../../domain/blinding/leaks-table.ts';
import { calibrationTable } from '../../../domain/calibration/calibration-table.ts';
import type { CalibrationReport } from '../gold-report.ts';
import type { IdentityLeak } from '../../../domain/blinding/identity-leaks.ts';
import type { Db } from '../../db/index.ts';
import type { ReasonRecord, ReasonReport } from '../reason-stats.ts';
import { dimensions, models } from '../../db/schema.ts';

export type SummaryFormat = 'csv' | 'json' | 'md' | 'latex';
export type Layout = 'paper' | 'long';

/** A rendered summary; `signature` is the full export signature. */
type Render = (
	format: SummaryFormat,
	signature: string,
	names: DisplayNames
) => string | Promise<string>;

/**
 * The tables in a format; with `names`, model and dimension keys get their display names (CSV:
 * extra columns at the end; Markdown and LaTeX: in place). The paper layouts name models already.
 */
function render(
	tables: Table[],
	format: Exclude<SummaryFormat, 'json'>,
	signature: string,
	names: DisplayNames | null
) {
	if (names)
		tables = tables.map((t) => withDisplayNames(t, names, format === 'csv' ? 'add' : 'show'));
	if (format === 'csv') return tableCsv(tables[0], signature);
	// The signature goes under the last table, once.
	return tables
		.map((table, i) =>
			formatTable({ ...table, signature: i === tables.length - 1 ? signature : undefined }, format)
		)
		.join('\n');
}

/** The report as JSON, with the study's display names for its keys (`display_names`). */
const json = (names: DisplayNames, value: object) =>
	`${JSON.stringify({ ...value, display_names: displayNamesJson(names) }, null, 2)}\n`;

/**
 * Issues and harms (issue #16 §2): every stored fact, one row each (CSV; JSON with the report),
 * or the rates per model and the agreement per tag (Markdown, LaTeX).
 */
export function reasons(report: ReasonReport, records: ReasonRecord[]): Render {
	return (format, signature, names) => {
		if (format === 'json') return json(names, { signature, ...report, rows: records });
		if (format === 'csv') return render([reasonLongTable(records)], format, signature, names);
		const modelNames = new Map(report.models.map((m) => [m.key, m.name]));
		return render(
			[
				reasonRatesTable(
					report.rates,
					report.options.issueTags,
					(key) => modelNames.get(key) ?? key
				),
				tagAgreementTable(report.agreement)
			],
			format,
			signature,
			names
		);
	};
}

/** Possible identity leaks: one row per leak (CSV, Markdown, LaTeX), or `{leaks}` in JSON. */
export function leaks(found: readonly IdentityLeak[]): Render {
	return (format, signature, names) => {
		if (format === 'json') return json(names, { signature, leaks: found });
		return render([identityLeaksTable(found)], format, signature, names);
	};
}

/**
 * Calibration (issue #16 §3): one row per junior (CSV, Markdown, LaTeX), or the report as JSON.
 * Raters by pseudonym (J1, J2), or by username with `usernames`.
 */
export function calibration(report: CalibrationReport, usernames: boolean): Render {
	const raters = report.raters.map(({ pseudonym, username, training, checks }) => ({
		rater: usernames ? username : pseudonym,
		training,
		checks
	}));
	return (format, signature, names) => {
		if (format === 'json') return json(names, { signature, ...report, raters });
		return render([calibrationTable(raters)], format, signature, names);
	};
}

export type WinTieOptions = {
	layout?: Layout;
	n?: PaperNMode;
	boldMinN?: number;
	/** What the tables leave out while pairs wait for a senior (issue #15 §3). */
	interim: Interim;
};

/**
 * Win / tie / loss: long form (CSV, JSON) or the paper's Table 6 layout (Markdown, LaTeX), with
 * what each cell leaves out while pairs wait for a senior: columns in the long form, a second
 * table under Table 6 (only when something is left out), `interim` in JSON.
 */
export function winTie(
	db: Db,
	studyId: number,
	report: TablesReport,
	options: WinTieOptions
): Render {
	const { layout, interim } = options;
	return async (format, signature, names) => {
		if (format === 'json')
			return json(names, { signature, interim, cells: winTieLongCells(report.cells) });
		const chosen = layout ?? (format === 'csv' ? 'long' : 'paper');
		if (chosen === 'long')
			return render(
				[format === 'csv' ? winTieLongTable(report.cells) : winTieExportTable(report)],
				format,
				signature,
				names
			);
		const studyModels = await db
			.select()
			.from(models)
			.where(eq(models.studyId, studyId))
			.orderBy(asc(models.position));
		const studyDimensions = await db
			.select({ key: dimensions.key, label: dimensions.label })
			.from(dimensions)
			.where(eq(dimensions.studyId, studyId))
			.orderBy(asc(dimensions.position));
		const main = paperWinTieTable(report.cells, studyModels, studyDimensions, {
			n: options.n,
			boldMinN: options.boldMinN
		});
		const left = paperInterimTable(interim.cells, studyModels, studyDimensions);
		// CSV holds one table: there the interim counts are in the signature only.
		return render(left && format !== 'csv' ? [main, left] : [main], format, signature, null);
	};
}

/**
 * Agreement among juniors: the report (JSON), one flat table (CSV), per-dimension tables with the
 * dimensions' display names. On a 5-point study (`graded` given) both scales, labelled: the
 * collapsed win / tie / loss report and the one on the grades −2..2 (JSON `graded`; CSV a `scale`
 * column; tables captioned).
 */
export function agreement(report: AgreementReport, graded: AgreementReport | null = null): Render {
	return (format, signature, names) => {
		if (format === 'json') return json(names, { ...report, ...(graded && { graded }), signature });
		const named = (r: AgreementReport) =>
			r.results
				.map((result) => ({
					...result,
					dimension:
						result.dimension && (names.dimensions.get(result.dimension) ?? result.dimension)
				}))
				.flatMap(agreementTables);
		if (!graded) {
			if (format === 'csv' || report.results.length === 0)
				return render([agreementFlatTable(report)], format, signature, names);
			return render(named(report), format, signature, names);
		}
		const scales = [
			{ scale: '3 (collapsed: loss < tie < win)', report },
			{ scale: '5 (grades −2..2)', report: graded }
		];
		if (format === 'csv') {
			const flat = scales.map(({ scale, report }) => ({
				scale,
				table: agreementFlatTable(report)
			}));
			return render(
				[
					{
						...flat[0].table,
						caption: 'Agreement among junior raters per dimension, on both scales (4 decimals)',
						columns: [{ key: 'scale', label: 'Scale' }, ...flat[0].table.columns],
						rows: flat.flatMap(({ scale, table }) => table.rows.map((row) => ({ scale, ...row }))),
						signature: `${report.signature}|graded:${graded.signature}`
					}
				],
				format,
				signature,
				names
			);
		}
		return render(
			scales.flatMap(({ scale, report }) =>
				named(report).map((table) => ({
					...table,
					caption: `${table.caption} — scale ${scale}`
				}))
			),
			format,
			signature,
			names
		);
	};
}

/**
 * Automatic metrics: the report (JSON), its scores-and-usefulness table, or with layout `paper`
 * the scores in the paper's Table 5 layout (Types and # Params from the study's models, datasets
 * grouped by scenario, the study's reference models as reference rows).
 */
export function metrics(
	db: Db,
	studyId: number,
	report: MetricsReport,
	table: Table,
	layout?: Layout
): Render {
	return async (format, signature, names) => {
		if (format === 'json') return json(names, { ...report, signature });
		if (layout !== 'paper') return render([table], format, signature, names);
		const studyModels = await db
			.select()
			.from(models)
			.where(eq(models.studyId, studyId))
			.orderBy(asc(models.position));
		const rows = studyModels.map((m) => ({
			model: m.key,
			name: m.name,
			kind: m.kind,
			params: m.params,
			reference: m.group === 'reference'
		}));
		return render([paperScoresTable(report.scores, rows)], format, signature, null);
	};
}

/**
 * BenchHealth Figure 1's comparison: mean matching score per scenario for each model and prompting
 * setting (JSON: `{"signature", "scenario_averages": [...]}`; one wide table otherwise, full
 * precision in CSV). Predictions without settings give one row per model (setting empty).
 */
export function settings(report: MetricsReport): Render {
	return (format, signature, names) => {
		const averages = settingComparison(report.scores);
		if (format === 'json') return json(names, { signature, scenario_averages: averages });
		return render(
			[settingComparisonTable(averages, format === 'csv' ? null : 1)],
			format,
			signature,
			names
		);
	};
}

/** Bias checks: position, length and style (JSON report, one long CSV, tables for md / latex). */
export function bias(
	position: PositionBias[],
	checks: BiasChecks,
	plain: BradleyTerryRanking[]
): Render {
	return (format, signature, names) => {
		const style = checks.styleControl;
		if (format === 'json')
			return json(names, {
				signature,
				position_bias: position,
				length_bias: checks.length,
				style_control: style,
				bradley_terry: plain
			});
		if (format === 'csv')
			return render(
				[biasLongTable(position, checks.length, style, plain)],
				format,
				signature,
				names
			);
		return render(
			[
				positionBiasTable(position),
				lengthBiasTable(checks.length),
				...(style ? [styleControlTable(style, plain), styleCoefficientsTable(style)] : [])
			],
			format,
			signature,
			names
		);
	};
}

/** Automatic judges: the reports (JSON), judge vs humans per cell (CSV), all tables (md / latex). */
export function judges(reports: JudgeReport[], human: WinTieCell[]): Render {
	return (format, signature, names) => {
		if (format === 'json') return json(names, { signature, judges: reports, human_cells: human });
		if (format === 'csv')
			return render([judgeWinTieTable(reports, human)], format, signature, names);
		return render(
			[judgeAgreementTable(reports), judgePositionTable(reports), judgeWinTieTable(reports, human)],
			format,
			signature,
			names
		);
	};
}
