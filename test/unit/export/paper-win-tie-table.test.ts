import { describe, expect, it } from 'vitest';
import { paperWinTieTable } from '../../../src/lib/domain/export/paper-win-tie-table.ts';
import { toLatex } from '../../../src/lib/domain/export/to-latex.ts';
import { toMarkdown } from '../../../src/lib/domain/export/to-markdown.ts';
import type { WinTieCell } from '../../../src/lib/domain/stats/types.ts';

const models = [
	{ key: 'gen', name: 'General-8', group: 'candidate' as const, kind: 'general', params: '8B' },
	{ key: 'med', name: 'Med_A', group: 'candidate' as const, kind: 'medical', params: '7B' },
	{ key: 'med2', name: 'Med B 13B', group: 'candidate' as const, kind: 'medical', params: '13B' },
	{ key: 'ref', name: 'Ref', group: 'reference' as const, kind: 'general' }
];
const dims = [
	{ key: 'faithfulness', label: 'Faithfulness' },
	{ key: 'robustness', label: 'Robustness' }
];
function cell(
	model: string,
	dimension: string,
	wins: number,
	ties: number,
	losses: number
): WinTieCell {
	const n = wins + ties + losses;
	return {
		model,
		opponent: 'ref',
		dimension,
		n,
		wins,
		ties,
		losses,
		win_rate: wins / n,
		win_or_tie_rate: (wins + ties) / n,
		win_rate_ties_half: (wins + ties / 2) / n
	} as WinTieCell;
}
const cells = [
	cell('gen', 'faithfulness', 3, 2, 5),
	cell('med', 'faithfulness', 6, 1, 3),
	cell('med2', 'faithfulness', 6, 1, 3),
	cell('gen', 'robustness', 1, 0, 3),
	cell('med', 'robustness', 2, 2, 0)
];

describe('paperWinTieTable (BenchHealth Table 6 layout)', () => {
	const table = paperWinTieTable(cells, models, dims, { signature: 'sig' });

	it('groups candidates by kind, dimensions as column groups, references as sub-columns, bold best (ties included)', () => {
		expect(toMarkdown(table)).toBe(
			[
				'Win+tie rate (%) of each candidate model against each reference model, per dimension.',
				'',
				'| Model | Faithfulness: Ref | Robustness: Ref |',
				'| --- | ---: | ---: |',
				'| *General* |  |  |',
				'| General-8 (8B) | 50.0 | 25.0 |',
				'| *Medical* |  |  |',
				'| Med_A (7B) | **70.0** | **100.0** |',
				'| Med B 13B | **70.0** | — |',
				'',
				'Signature: `sig`',
				''
			].join('\n')
		);
	});

	it('prints booktabs LaTeX with spanning dimension headers, escaped names and \\textbf for the best', () => {
		expect(toLatex(table)).toBe(
			[
				'\\begin{table}[ht]',
				'\\centering',
				'\\caption{Win+tie rate (\\%) of each candidate model against each reference model, per dimension.}',
				'\\begin{tabular}{lrr}',
				'\\toprule',
				' & \\multicolumn{1}{c}{Faithfulness} & \\multicolumn{1}{c}{Robustness} \\\\',
				'\\cmidrule(lr){2-2} \\cmidrule(lr){3-3}',
				'Model & Ref & Ref \\\\',
				'\\midrule',
				'\\multicolumn{3}{l}{\\textit{General}} \\\\',
				'General-8 (8B) & 50.0 & 25.0 \\\\',
				'\\multicolumn{3}{l}{\\textit{Medical}} \\\\',
				'Med\\_A (7B) & \\textbf{70.0} & \\textbf{100.0} \\\\',
				'Med B 13B & \\textbf{70.0} & — \\\\',
				'\\bottomrule',
				'\\end{tabular}',
				'% signature: sig',
				'\\end{table}',
				''
			].join('\n')
		);
	});

	it('switches to the win rate or the half-tie rate', () => {
		const win = paperWinTieTable(cells, models, dims, { metric: 'win_rate' });
		const half = paperWinTieTable(cells, models, dims, { metric: 'win_rate_ties_half' });
		expect(toMarkdown(win)).toContain('| General-8 (8B) | 30.0 | 25.0 |');
		expect(toMarkdown(half)).toContain('| Med_A (7B) | **65.0** | **75.0** |');
	});
});
