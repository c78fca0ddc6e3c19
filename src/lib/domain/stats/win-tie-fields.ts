import { signTest } from './sign-test.ts';
import type { WinTieFields } from './types.ts';
import { wilsonInterval } from './wilson-interval.ts';

/**
 * Win / tie / loss summary of one (model, opponent, dimension) cell from its counts:
 * rates over N, the paper's headline win+tie rate (W + T)/N, the half-tie rate (W + T/2)/N,
 * W/(W + L), Wilson 95 % intervals (Wilson 1927) and the exact sign test on W vs L.
 * ARCHITECTURE §5. Requires N = W + T + L > 0.
 */
export function winTieFields(wins: number, ties: number, losses: number): WinTieFields {
	const n = wins + ties + losses;
	return {
		n,
		wins,
		ties,
		losses,
		win_rate: wins / n,
		tie_rate: ties / n,
		loss_rate: losses / n,
		win_or_tie_rate: (wins + ties) / n,
		win_rate_ties_half: (wins + ties / 2) / n,
		win_rate_excluding_ties: wins + losses > 0 ? wins / (wins + losses) : null,
		wilson95_win_rate: wilsonInterval(wins, n)!,
		wilson95_win_or_tie_rate: wilsonInterval(wins + ties, n)!,
		sign_test_p_two_sided: signTest(wins, losses)
	};
}
