import type { Column, Table } from '../export/table.ts';
import { roundTo } from '../stats/round-to.ts';
import type { WinTieCell } from '../stats/types.ts';
import type { JudgeReport } from './judge-report.ts';

const right = (key: string, label: string, group?: string): Column => ({
	key,
	label,
	align: 'right',
	group
});

/** Judge–human agreement per judge, dimension and human reference. */
export function judgeAgreementTable(reports: readonly JudgeReport[]): Table {
	return {
		caption:
			'Judge–human agreement per dimension (Cohen’s κ and Gwet’s AC1, bootstrap 95% CI over prompts)',
		columns: [
			{ key: 'judge', label: 'Judge' },
			{ key: 'dimension', label: 'Dimension' },
			{ key: 'against', label: 'Against' },
			right('n', 'Pairs'),
			right('percent_agreement', '% agreement'),
			right('kappa', 'κ', 'Cohen’s κ'),
			right('kappa_lo', 'low', 'Cohen’s κ'),
			right('kappa_hi', 'high', 'Cohen’s κ'),
			right('ac1', 'AC1', 'Gwet’s AC1'),
			right('ac1_lo', 'low', 'Gwet’s AC1'),
			right('ac1_hi', 'high', 'Gwet’s AC1')
		],
		rows: reports.flatMap((report) =>
			report.agreement.map((a) => ({
				judge: report.judge,
				dimension: a.dimension,
				against: a.against,
				n: a.n,
				percent_agreement: roundTo(a.percent_agreement, 4),
				kappa: roundTo(a.cohen_kappa, 4),
				kappa_lo: roundTo(a.cohen_kappa_ci95?.[0], 4),
				kappa_hi: roundTo(a.cohen_kappa_ci95?.[1], 4),
				ac1: roundTo(a.gwet_ac1, 4),
				ac1_lo: roundTo(a.gwet_ac1_ci95?.[0], 4),
				ac1_hi: roundTo(a.gwet_ac1_ci95?.[1], 4)
			}))
		)
	};
}

/** Each judge's position bias: how often it preferred the answer it saw first. */
export function judgePositionTable(reports: readonly JudgeReport[]): Table {
	return {
		caption: 'Judge position bias: share of the first-shown answer among non-tie choices',
		columns: [
			{ key: 'judge', label: 'Judge' },
			right('first', 'First'),
			right('second', 'Second'),
			right('ties', 'Ties'),
			right('share_first', 'Share first'),
			right('p', 'p')
		],
		rows: reports.map((r) => ({
			judge: r.judge,
			first: r.position.a,
			second: r.position.b,
			ties: r.position.ties,
			share_first: roundTo(r.position.shareA, 4),
			p: roundTo(r.position.p, 4)
		}))
	};
}

/** The judge's win / tie / loss per cell next to the humans' (final labels). */
export function judgeWinTieTable(
	reports: readonly JudgeReport[],
	human: readonly WinTieCell[]
): Table {
	const key = (c: { model: string; opponent: string; dimension?: string | null }) =>
		`${c.model}\u0000${c.opponent}\u0000${c.dimension ?? ''}`;
	const humans = new Map(human.map((c) => [key(c), c]));
	return {
		caption: 'Win / tie / loss: the judge alone next to the humans (final labels)',
		columns: [
			{ key: 'judge', label: 'Judge' },
			{ key: 'model', label: 'Model' },
			{ key: 'opponent', label: 'Opponent' },
			{ key: 'dimension', label: 'Dimension' },
			right('human_n', 'N', 'Humans'),
			right('human_win_or_tie_rate', 'Win+tie', 'Humans'),
			right('judge_n', 'N', 'Judge'),
			right('judge_wins', 'W', 'Judge'),
			right('judge_ties', 'T', 'Judge'),
			right('judge_losses', 'L', 'Judge'),
			right('judge_win_or_tie_rate', 'Win+tie', 'Judge'),
			right('difference', 'Judge − humans')
		],
		rows: reports.flatMap((report) =>
			report.tables.cells.map((cell) => {
				const h = humans.get(key(cell));
				return {
					judge: report.judge,
					model: cell.model,
					opponent: cell.opponent,
					dimension: cell.dimension ?? '',
					human_n: h?.n ?? null,
					human_win_or_tie_rate: roundTo(h?.win_or_tie_rate, 4),
					judge_n: cell.n,
					judge_wins: cell.wins,
					judge_ties: cell.ties,
					judge_losses: cell.losses,
					judge_win_or_tie_rate: roundTo(cell.win_or_tie_rate, 4),
					difference: h ? roundTo(cell.win_or_tie_rate - h.win_or_tie_rate, 4) : null
				};
			})
		)
	};
}
