import { describe, expect, it } from 'vitest';
import { tablesReport } from '../../../src/lib/domain/stats/tables-report.ts';
import { winTieTable } from '../../../src/lib/domain/stats/win-tie-table.ts';
import type { Outcome, OutcomeLabel } from '../../../src/lib/domain/stats/types.ts';
import { numbersIn } from './helpers.ts';

function outcomes(
	model: string,
	opponent: string,
	labels: OutcomeLabel[],
	dimension = 'faithfulness'
): Outcome[] {
	return labels.map((outcome, i) => ({ prompt: `q${i}`, model, opponent, dimension, outcome }));
}

describe('win / tie / loss cells', () => {
	// 10 prompts: 5 wins, 3 ties, 2 losses for the candidate.
	const data = outcomes('medalpaca', 'gpt-4', [
		...Array<OutcomeLabel>(5).fill('win'),
		...Array<OutcomeLabel>(3).fill('tie'),
		...Array<OutcomeLabel>(2).fill('loss')
	]);

	it('counts and rates per ARCHITECTURE §5, win+tie being the paper headline', () => {
		const [cell] = winTieTable(data);
		expect(cell).toMatchObject({
			model: 'medalpaca',
			opponent: 'gpt-4',
			dimension: 'faithfulness',
			n: 10,
			wins: 5,
			ties: 3,
			losses: 2,
			win_rate: 0.5,
			tie_rate: 0.3,
			loss_rate: 0.2,
			win_or_tie_rate: 0.8,
			win_rate_ties_half: 0.65,
			win_rate_excluding_ties: 5 / 7
		});
		// Exact sign test, 5 vs 2: 2 · (1 + 7 + 21)/128.
		expect(cell.sign_test_p_two_sided).toBeCloseTo(58 / 128, 15);
		// Wilson (1927) for 8/10 at z = 1.96: (0.8 + 0.19207)/1.38415 ± ... = [0.4902, 0.9433].
		expect(cell.wilson95_win_or_tie_rate[0]).toBeCloseTo(0.4902, 4);
		expect(cell.wilson95_win_or_tie_rate[1]).toBeCloseTo(0.9433, 4);
		expect(cell.bootstrap95_win_or_tie_rate).toBeUndefined();
	});

	it('keeps orientation and dimensions apart, in order of appearance', () => {
		const report = tablesReport([
			...data,
			...outcomes('medalpaca', 'gpt-4', ['loss'], 'robustness'),
			...outcomes('llama', 'gpt-4', ['tie'], 'faithfulness')
		]);
		expect(report.cells.map((c) => `${c.model}/${c.opponent}/${c.dimension}`)).toEqual([
			'medalpaca/gpt-4/faithfulness',
			'medalpaca/gpt-4/robustness',
			'llama/gpt-4/faithfulness'
		]);
		expect(report.bradley_terry.map((r) => r.dimension)).toEqual(['faithfulness', 'robustness']);
		expect(report.signature).toBe(
			'tables|wilson95|sign-test:exact-two-sided|p-adjust:holm+bh,family=all-cells-with-win-or-loss|bt:mle,ties=half|bootstrap:none|medpair:0.1.0'
		);
	});

	it('leaves W/(W + L) and the sign test null when every outcome is a tie', () => {
		const [cell] = winTieTable(outcomes('a', 'b', ['tie', 'tie']));
		expect(cell.win_rate_excluding_ties).toBeNull();
		expect(cell.sign_test_p_two_sided).toBeNull();
		expect(cell.win_or_tie_rate).toBe(1);
		expect(cell.notes).toEqual([
			'win_rate_excluding_ties, sign_test_p_two_sided: every outcome is a tie'
		]);
	});

	it('bootstraps prompts reproducibly, with intervals around the estimate', () => {
		const options = { bootstrap: { B: 300, seed: 42 } };
		const one = tablesReport(data, options);
		expect(tablesReport(data, options)).toEqual(one);
		const [cell] = one.cells;
		const [lo, hi] = cell.bootstrap95_win_or_tie_rate!;
		expect(lo).toBeLessThanOrEqual(0.8);
		expect(hi).toBeGreaterThanOrEqual(0.8);
		expect(one.signature).toContain('bootstrap:B=300,seed=42,cluster=prompt,ci=percentile95');
		for (const [path, n] of numbersIn(one)) expect(Number.isFinite(n), path).toBe(true);
	});

	it('rejects self-comparisons, duplicates (either orientation) and unknown outcomes', () => {
		expect(() => tablesReport(outcomes('a', 'a', ['win']))).toThrow(/compared with itself/);
		const twice = [...outcomes('a', 'b', ['win']), ...outcomes('b', 'a', ['loss'])];
		expect(() => tablesReport(twice)).toThrow(/judged more than once/);
		const bad = [
			{ prompt: 'q', model: 'a', opponent: 'b', outcome: 'won' }
		] as unknown as Outcome[];
		expect(() => tablesReport(bad)).toThrow(/unknown outcome "won"/);
		// Not fooled by names of Object.prototype members.
		const proto = [{ prompt: 'q', model: 'a', opponent: 'b', outcome: 'constructor' }];
		expect(() => tablesReport(proto as unknown as Outcome[])).toThrow(/unknown outcome/);
	});
});
