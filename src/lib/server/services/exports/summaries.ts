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
import { formatTable } from '../../../domain/export/format.ts';
import { paperWinTieTable } from '../../../domain/export/paper-win-tie-table.ts';
import { tableCsv } from '../../../domain/export/stream-table.ts';
import type { Table } from '../../../domain/export/table.ts';
import { winTieLongCells, winTieLongTable } from '../../../domain/export/win-tie-long.ts';
import type { MetricsReport } from '../../../domain/metrics/types.ts';
import { agreementTables } from '../../../domain/stats/agreement-tables.ts';
import type {
	AgreementReport,
	BradleyTerryRanking,
	TablesReport,
	WinTieCell
} from '../../../domain/stats/types.ts';
import { winTieExportTable } from '../../../domain/stats/win-tie-export-table.ts';
import type { Db } from '../../db/index.ts';
import { dimensions, models } from '../../db/schema.ts';

export type SummaryFormat = 'csv' | 'json' | 'md' | 'latex';
export type Layout = 'paper' | 'long';

/** A rendered summary; `signature` is the full export signature. */
type Render = (format: SummaryFormat, signature: string) => string | Promise<string>;

function render(tables: Table[], format: Exclude<SummaryFormat, 'json'>, signature: string) {
	if (format === 'csv') return tableCsv(tables[0], signature);
	// The signature goes under the last table, once.
	return tables
		.map((table, i) =>
			formatTable({ ...table, signature: i === tables.length - 1 ? signature : undefined }, format)
		)
		.join('\n');
}

const json = (value: object) => `${JSON.stringify(value, null, 2)}\n`;

/** Win / tie / loss: long form (CSV, JSON) or the paper's Table 6 layout (Markdown, LaTeX). */
export function winTie(db: Db, studyId: number, report: TablesReport, layout?: Layout): Render {
	return async (format, signature) => {
		if (format === 'json') return json({ signature, cells: winTieLongCells(report.cells) });
		const chosen = layout ?? (format === 'csv' ? 'long' : 'paper');
		if (chosen === 'long')
			return render(
				[format === 'csv' ? winTieLongTable(report.cells) : winTieExportTable(report)],
				format,
				signature
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
		return render(
			[paperWinTieTable(report.cells, studyModels, studyDimensions)],
			format,
			signature
		);
	};
}

/** Agreement among juniors: the report (JSON), one flat table (CSV), per-dimension tables. */
export function agreement(report: AgreementReport): Render {
	return (format, signature) => {
		if (format === 'json') return json({ ...report, signature });
		if (format === 'csv' || report.results.length === 0)
			return render([agreementFlatTable(report)], format, signature);
		return render(report.results.flatMap(agreementTables), format, signature);
	};
}

/** Automatic metrics: the report (JSON) or its Table 5-style table. */
export function metrics(report: MetricsReport, table: Table): Render {
	return (format, signature) =>
		format === 'json' ? json({ ...report, signature }) : render([table], format, signature);
}

/** Bias checks: position, length and style (JSON report, one long CSV, tables for md / latex). */
export function bias(
	position: PositionBias[],
	checks: BiasChecks,
	plain: BradleyTerryRanking[]
): Render {
	return (format, signature) => {
		const style = checks.styleControl;
		if (format === 'json')
			return json({
				signature,
				position_bias: position,
				length_bias: checks.length,
				style_control: style,
				bradley_terry: plain
			});
		if (format === 'csv')
			return render([biasLongTable(position, checks.length, style, plain)], format, signature);
		return render(
			[
				positionBiasTable(position),
				lengthBiasTable(checks.length),
				...(style ? [styleControlTable(style, plain), styleCoefficientsTable(style)] : [])
			],
			format,
			signature
		);
	};
}

/** Automatic judges: the reports (JSON), judge vs humans per cell (CSV), all tables (md / latex). */
export function judges(reports: JudgeReport[], human: WinTieCell[]): Render {
	return (format, signature) => {
		if (format === 'json') return json({ signature, judges: reports, human_cells: human });
		if (format === 'csv') return render([judgeWinTieTable(reports, human)], format, signature);
		return render(
			[judgeAgreementTable(reports), judgePositionTable(reports), judgeWinTieTable(reports, human)],
			format,
			signature
		);
	};
}
