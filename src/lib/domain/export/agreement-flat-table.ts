/**
 * The junior agreement report as one flat table, dimension × coefficient, so that it fits in a
 * single CSV file: value, observed and chance agreement (D_o, D_e for α) and the bootstrap
 * 95 % interval. The rows are those of `agreementTables`, with the dimension in front.
 */
import { agreementTables } from '../stats/agreement-tables.ts';
import type { AgreementReport } from '../stats/types.ts';
import type { Column, Row, Table } from './table.ts';

const COLUMNS: Column[] = [
	{ key: 'dimension', label: 'Dimension' },
	{ key: 'coefficient', label: 'Coefficient' },
	{ key: 'value', label: 'Value', align: 'right' },
	{ key: 'observed', label: 'Observed (p_o or D_o)', align: 'right' },
	{ key: 'expected', label: 'Chance (p_e or D_e)', align: 'right' },
	{ key: 'ci95_lo', label: '95% CI low', align: 'right' },
	{ key: 'ci95_hi', label: '95% CI high', align: 'right' },
	{ key: 'n_items', label: 'Items', align: 'right' },
	{ key: 'n_raters', label: 'Raters', align: 'right' }
];

export function agreementFlatTable(report: AgreementReport): Table {
	const rows: Row[] = [];
	for (const result of report.results) {
		const [summary] = agreementTables(result);
		for (const row of summary.rows as Record<string, string | number | null>[])
			rows.push({
				dimension: result.dimension ?? '',
				coefficient: row.coefficient,
				value: row.value,
				observed: row.observed,
				expected: row.expected,
				ci95_lo: row.ci_lo,
				ci95_hi: row.ci_hi,
				n_items: result.n_items,
				n_raters: result.n_raters
			});
	}
	return {
		caption: 'Agreement among junior raters per dimension (4 decimals)',
		columns: COLUMNS,
		rows,
		signature: report.signature
	};
}
