import { tablesReport, type TablesOptions } from './tables-report.ts';
import type { Outcome, WinTieCell } from './types.ts';

/**
 * Win / tie / loss counts, rates, Wilson 95 % intervals and sign tests per (model, opponent,
 * dimension) over final outcomes (ARCHITECTURE §5); the cells of `tablesReport`.
 */
export function winTieTable(
	outcomes: readonly Outcome[],
	options: TablesOptions = {}
): WinTieCell[] {
	return tablesReport(outcomes, options).cells;
}
