import { tablesReport, type TablesOptions } from './tables-report.ts';
import type { BradleyTerryRanking, Outcome } from './types.ts';

/**
 * Bradley–Terry rankings per dimension, ties as half a win each way, log-strengths centred at 0
 * and Elo-style points (Bradley & Terry 1952; ARCHITECTURE §5); the rankings of `tablesReport`.
 */
export function bradleyTerry(
	outcomes: readonly Outcome[],
	options: TablesOptions = {}
): BradleyTerryRanking[] {
	return tablesReport(outcomes, options).bradley_terry;
}
