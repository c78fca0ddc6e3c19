/**
 * Position bias per rater: the share of "A better" among the rater's non-tie choices, with an
 * exact two-sided binomial test against 1/2 (the sign test). With left/right counterbalanced, an
 * unbiased rater picks A about half the time.
 */
import { signTest } from '../stats/sign-test.ts';
import type { JudgmentRow } from './types.ts';

export type PositionBias = {
	rater: string;
	a: number;
	b: number;
	ties: number;
	shareA: number | null;
	p: number | null;
};

export function positionBias(
	rows: readonly Pick<JudgmentRow, 'rater' | 'stage' | 'outcome' | 'modelOnLeft'>[]
): PositionBias[] {
	const byRater = new Map<string, PositionBias>();
	for (const row of rows) {
		if (row.stage === 'final') continue;
		let bias = byRater.get(row.rater);
		if (!bias)
			byRater.set(
				row.rater,
				(bias = { rater: row.rater, a: 0, b: 0, ties: 0, shareA: null, p: null })
			);
		if (row.outcome === 'tie') bias.ties++;
		else if ((row.outcome === 'win') === row.modelOnLeft) bias.a++;
		else bias.b++;
	}
	return [...byRater.values()]
		.map((bias) => ({
			...bias,
			shareA: bias.a + bias.b ? bias.a / (bias.a + bias.b) : null,
			p: signTest(bias.a, bias.b)
		}))
		.sort((x, y) => x.rater.localeCompare(y.rater, undefined, { numeric: true }));
}
