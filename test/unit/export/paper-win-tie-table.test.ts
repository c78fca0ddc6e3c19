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

	it('groups candidates by kind, a "# Params" column as the paper prints it, dimensions as column groups, references as sub-columns, bold best (ties included)', () => {
		expect(toMarkdown(table)).toBe(
			[
				'Win+tie rate (%) of each candidate model against each reference model, per dimension. Best per column in bold.',
				'',
				'| Model | # Params | Faithfulness: Ref | Robustness: Ref |',
				'| --- | ---: | ---: | ---: |',
				'| *General* |  |  |  |',
				'| General-8 | 8B | 50.0 | 25.0 |',
				'| *Medical* |  |  |  |',
				'| Med_A | 7B | **70.0** | **100.0** |',
				'| Med B 13B | 13B | **70.0** | — |',
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
				'\\caption{Win+tie rate (\\%) of each candidate model against each reference model, per dimension. Best per column in bold.}',
				'\\begin{tabular}{lrrr}',
				'\\toprule',
				' &  & \\multicolumn{1}{c}{Faithfulness} & \\multicolumn{1}{c}{Robustness} \\\\',
				'\\cmidrule(lr){3-3} \\cmidrule(lr){4-4}',
				'Model & \\# Params & Ref & Ref \\\\',
				'\\midrule',
				'\\multicolumn{4}{l}{\\textit{General}} \\\\',
				'General-8 & 8B & 50.0 & 25.0 \\\\',
				'\\multicolumn{4}{l}{\\textit{Medical}} \\\\',
				'Med\\_A & 7B & \\textbf{70.0} & \\textbf{100.0} \\\\',
				'Med B 13B & 13B & \\textbf{70.0} & — \\\\',
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
		expect(toMarkdown(win)).toContain('| General-8 | 8B | 30.0 | 25.0 |');
		expect(toMarkdown(half)).toContain('| Med_A | 7B | **65.0** | **75.0** |');
	});

	it('keeps the size in the row label without the "# Params" column', () => {
		const md = toMarkdown(paperWinTieTable(cells, models, dims, { paramsColumn: false }));
		expect(md).toContain('| Model | Faithfulness: Ref | Robustness: Ref |');
		expect(md).toContain('| General-8 (8B) | 50.0 | 25.0 |');
		expect(md).toContain('| Med B 13B | **70.0** | — |');
	});

	it("prints each cell's n as a sub-column or a superscript (issue #15 §3)", () => {
		const column = toMarkdown(paperWinTieTable(cells, models, dims, { n: 'column' }));
		expect(column).toContain(
			'| Model | # Params | Faithfulness: Ref | Faithfulness: n | Robustness: Ref | Robustness: n |'
		);
		expect(column).toContain('| Med_A | 7B | **70.0** | 10 | **100.0** | 4 |');
		// No cell: n = 0 next to the dash.
		expect(column).toContain('| Med B 13B | 13B | **70.0** | 10 | — | 0 |');
		const sup = paperWinTieTable(cells, models, dims, { n: 'superscript' });
		expect(toLatex(sup)).toContain(
			'Med\\_A & 7B & \\textbf{70.0}\\textsuperscript{10} & \\textbf{100.0}\\textsuperscript{4} \\\\'
		);
		expect(toLatex(sup)).toContain('n (superscript): the final labels behind each cell.');
		expect(toMarkdown(sup)).toContain('| General-8 | 8B | 50.0<sup>10</sup> | 25.0<sup>4</sup> |');
	});

	it('bolds only cells whose n reaches the stated minimum, and states it', () => {
		// Robustness: Med_A 100.0 has n = 4, General-8 25.0 has n = 4; with n ≥ 5 neither counts.
		// Faithfulness: all three have n = 10, so the best (70.0, twice) stays bold.
		const md = toMarkdown(paperWinTieTable(cells, models, dims, { boldMinN: 5 }));
		expect(md).toContain('Best per column in bold, among cells with n ≥ 5 final labels.');
		expect(md).toContain('| Med_A | 7B | **70.0** | 100.0 |');
		expect(md).toContain('| General-8 | 8B | 50.0 | 25.0 |');
		// With a minimum the column's best may be a smaller rate from a big enough cell.
		const skewed = [
			...cells.slice(0, 3),
			cell('gen', 'robustness', 5, 0, 5), // n = 10, 50.0
			cell('med', 'robustness', 2, 2, 0), // n = 4, 100.0: below the minimum
			cell('med2', 'robustness', 1, 1, 4) // n = 6, 33.3
		];
		const md2 = toMarkdown(paperWinTieTable(skewed, models, dims, { boldMinN: 5 }));
		expect(md2).toContain('| General-8 | 8B | 50.0 | **50.0** |');
		expect(md2).toContain('| Med_A | 7B | **70.0** | 100.0 |');
		expect(md2).toContain('| Med B 13B | 13B | **70.0** | 33.3 |');
	});
});
