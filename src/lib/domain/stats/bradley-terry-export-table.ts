import type { Column, Table } from '../export/table.ts';
import { roundTo } from './round-to.ts';
import type { TablesReport } from './types.ts';

/**
 * The Bradley–Terry ranking of every dimension: rank, log-strength, Elo-style points and, when
 * computed, their bootstrap 95 % interval; rows of a dimension whose estimate diverges are left
 * blank (the report's notes say why).
 */
export function bradleyTerryExportTable(report: TablesReport): Table {
	const bootstrap = report.bradley_terry.some((ranking) =>
		ranking.models.some((model) => model.bootstrap95_elo !== undefined)
	);
	const columns: Column[] = [
		{ key: 'dimension', label: 'Dimension' },
		{ key: 'rank', label: 'Rank', align: 'right' },
		{ key: 'model', label: 'Model' },
		{ key: 'log_strength', label: 'Log-strength', align: 'right' },
		{ key: 'elo', label: 'Elo', align: 'right' }
	];
	if (bootstrap) {
		columns.push(
			{ key: 'elo_lo', label: 'low', align: 'right', group: 'Elo 95% CI (bootstrap)' },
			{ key: 'elo_hi', label: 'high', align: 'right', group: 'Elo 95% CI (bootstrap)' }
		);
	}
	columns.push(
		{ key: 'wins', label: 'W', align: 'right' },
		{ key: 'ties', label: 'T', align: 'right' },
		{ key: 'losses', label: 'L', align: 'right' }
	);
	return {
		caption: 'Bradley–Terry ranking per dimension (ties count half a win each way)',
		columns,
		rows: report.bradley_terry.flatMap((ranking) =>
			ranking.models.map((model, index) => ({
				dimension: ranking.dimension ?? '',
				rank: model.log_strength === null ? null : index + 1,
				model: model.model,
				log_strength: roundTo(model.log_strength, 4),
				elo: roundTo(model.elo, 1),
				elo_lo: roundTo(model.bootstrap95_elo?.[0], 1),
				elo_hi: roundTo(model.bootstrap95_elo?.[1], 1),
				wins: model.wins,
				ties: model.ties,
				losses: model.losses
			}))
		),
		signature: report.signature
	};
}
