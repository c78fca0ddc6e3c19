import type { Column, Table } from '../export/table.ts';
import { roundTo } from './round-to.ts';
import type { TablesReport } from './types.ts';

const percent = (value: number | null | undefined) =>
	value === null || value === undefined ? null : roundTo(100 * value, 1);
const significant = (value: number | null) =>
	value === null ? null : Number(value.toPrecision(3));

/**
 * The win / tie / loss table (rates in %, as the paper reports them; the win+tie column is its
 * headline number) with Wilson and, when computed, bootstrap 95 % intervals for win+tie, and the
 * sign-test p raw and adjusted (Holm, Benjamini–Hochberg) over every cell with a win or a loss.
 */
export function winTieExportTable(report: TablesReport): Table {
	const bootstrap = report.cells.some((cell) => cell.bootstrap95_win_or_tie_rate !== undefined);
	const columns: Column[] = [
		{ key: 'dimension', label: 'Dimension' },
		{ key: 'model', label: 'Model' },
		{ key: 'opponent', label: 'Opponent' },
		{ key: 'n', label: 'N', align: 'right' },
		{ key: 'wins', label: 'W', align: 'right' },
		{ key: 'ties', label: 'T', align: 'right' },
		{ key: 'losses', label: 'L', align: 'right' },
		{ key: 'win', label: 'Win %', align: 'right' },
		{ key: 'tie', label: 'Tie %', align: 'right' },
		{ key: 'loss', label: 'Loss %', align: 'right' },
		{ key: 'win_or_tie', label: 'Win+tie %', align: 'right' },
		{ key: 'wilson_lo', label: 'low', align: 'right', group: 'Win+tie 95% CI (Wilson)' },
		{ key: 'wilson_hi', label: 'high', align: 'right', group: 'Win+tie 95% CI (Wilson)' }
	];
	if (bootstrap) {
		columns.push(
			{ key: 'boot_lo', label: 'low', align: 'right', group: 'Win+tie 95% CI (bootstrap)' },
			{ key: 'boot_hi', label: 'high', align: 'right', group: 'Win+tie 95% CI (bootstrap)' }
		);
	}
	columns.push(
		{ key: 'half', label: 'Win % (ties ½)', align: 'right' },
		{ key: 'sign_p', label: 'Sign test p', align: 'right' },
		{ key: 'p_holm', label: 'p (Holm)', align: 'right' },
		{ key: 'p_bh', label: 'p (BH)', align: 'right' }
	);
	// In a study: what each cell leaves out while pairs wait for a senior (issue #15 §3).
	const interim = report.cells.some((cell) => cell.pending_excluded !== undefined);
	if (interim)
		columns.push(
			{ key: 'pending', label: 'Pending', align: 'right' },
			{ key: 'unresolved', label: 'Unresolved', align: 'right' }
		);
	return {
		caption: 'Win / tie / loss of each model against each opponent (from the model’s side)',
		columns,
		rows: report.cells.map((cell) => ({
			dimension: cell.dimension ?? '',
			model: cell.model,
			opponent: cell.opponent,
			n: cell.n,
			wins: cell.wins,
			ties: cell.ties,
			losses: cell.losses,
			win: percent(cell.win_rate),
			tie: percent(cell.tie_rate),
			loss: percent(cell.loss_rate),
			win_or_tie: { value: percent(cell.win_or_tie_rate), bold: true },
			wilson_lo: percent(cell.wilson95_win_or_tie_rate[0]),
			wilson_hi: percent(cell.wilson95_win_or_tie_rate[1]),
			boot_lo: percent(cell.bootstrap95_win_or_tie_rate?.[0]),
			boot_hi: percent(cell.bootstrap95_win_or_tie_rate?.[1]),
			half: percent(cell.win_rate_ties_half),
			sign_p: significant(cell.sign_test_p_two_sided),
			p_holm: significant(cell.p_holm),
			p_bh: significant(cell.p_bh),
			pending: cell.pending_excluded ?? null,
			unresolved: cell.unresolved_excluded ?? null
		}))
	};
}
