/**
 * The long form of the win / tie / loss results (issue 7, "Exports"): one record per
 * (model, opponent, dimension) with exactly the fields below, full precision. JSON keeps the
 * Wilson interval as `[lo, hi]`; CSV splits it into `_lo` and `_hi` columns. `p_holm` and
 * `p_bh` are the sign-test p adjusted over every cell with a win or a loss (see the signature).
 * `pending_excluded` / `unresolved_excluded`: the cell's pairs waiting for a senior and labels
 * the escalation rule left unresolved, not counted in n (study exports only; the offline
 * `medpair tables` has no study, and no such fields).
 */
import type { WinTieCell } from '../stats/types.ts';
import type { Column, Table } from './table.ts';

export type WinTieLongCell = Pick<
	WinTieCell,
	| 'model'
	| 'opponent'
	| 'dimension'
	| 'n'
	| 'wins'
	| 'ties'
	| 'losses'
	| 'win_rate'
	| 'win_or_tie_rate'
	| 'win_rate_ties_half'
	| 'wilson95_win_or_tie_rate'
	| 'sign_test_p_two_sided'
	| 'p_holm'
	| 'p_bh'
> & { pending_excluded?: number; unresolved_excluded?: number };

/** The cells with only the exported fields, in the contract's order. */
export function winTieLongCells(cells: readonly WinTieCell[]): WinTieLongCell[] {
	return cells.map((cell) => ({
		model: cell.model,
		opponent: cell.opponent,
		dimension: cell.dimension,
		n: cell.n,
		wins: cell.wins,
		ties: cell.ties,
		losses: cell.losses,
		win_rate: cell.win_rate,
		win_or_tie_rate: cell.win_or_tie_rate,
		win_rate_ties_half: cell.win_rate_ties_half,
		wilson95_win_or_tie_rate: cell.wilson95_win_or_tie_rate,
		sign_test_p_two_sided: cell.sign_test_p_two_sided,
		p_holm: cell.p_holm,
		p_bh: cell.p_bh,
		...(cell.pending_excluded !== undefined && {
			pending_excluded: cell.pending_excluded,
			unresolved_excluded: cell.unresolved_excluded ?? 0
		})
	}));
}

const COLUMNS: Column[] = [
	{ key: 'model', label: 'Model' },
	{ key: 'opponent', label: 'Opponent' },
	{ key: 'dimension', label: 'Dimension' },
	{ key: 'n', label: 'N', align: 'right' },
	{ key: 'wins', label: 'W', align: 'right' },
	{ key: 'ties', label: 'T', align: 'right' },
	{ key: 'losses', label: 'L', align: 'right' },
	{ key: 'win_rate', label: 'Win rate', align: 'right' },
	{ key: 'win_or_tie_rate', label: 'Win+tie rate', align: 'right' },
	{ key: 'win_rate_ties_half', label: 'Win rate (ties ½)', align: 'right' },
	{ key: 'wilson95_win_or_tie_rate_lo', label: 'Wilson 95% low', align: 'right' },
	{ key: 'wilson95_win_or_tie_rate_hi', label: 'Wilson 95% high', align: 'right' },
	{ key: 'sign_test_p_two_sided', label: 'Sign test p', align: 'right' },
	{ key: 'p_holm', label: 'Sign test p (Holm)', align: 'right' },
	{ key: 'p_bh', label: 'Sign test p (BH)', align: 'right' }
];
const INTERIM_COLUMNS: Column[] = [
	{ key: 'pending_excluded', label: 'Pending (left out)', align: 'right' },
	{ key: 'unresolved_excluded', label: 'Unresolved (left out)', align: 'right' }
];

/** The long form as a flat table (for CSV): rates as fractions, full precision. */
export function winTieLongTable(cells: readonly WinTieCell[], signature?: string): Table {
	const study = cells.some((cell) => cell.pending_excluded !== undefined);
	return {
		columns: study ? [...COLUMNS, ...INTERIM_COLUMNS] : COLUMNS,
		rows: winTieLongCells(cells).map(({ wilson95_win_or_tie_rate: wilson, ...cell }) => ({
			...cell,
			wilson95_win_or_tie_rate_lo: wilson[0],
			wilson95_win_or_tie_rate_hi: wilson[1]
		})),
		signature
	};
}
