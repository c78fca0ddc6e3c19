/**
 * Agreement on the 5-point scale. Expected values computed independently with Debian's
 * python3-sklearn 1.2.1 (`sklearn.metrics.cohen_kappa_score(a, b, weights=…)` on the grades
 * below) and, for Krippendorff's interval α, from its definition (Krippendorff 2011,
 * "Computing Krippendorff's Alpha-Reliability": α = 1 − D_o/D_e with the squared difference on
 * the pairable values) in a few lines of Python. AC2 itself is checked against Gwet's handbook
 * in test/unit/stats/gwet-ac.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { gradedAgreement } from '../../../src/lib/domain/study-stats/graded-agreement.ts';
import type { JudgmentRow } from '../../../src/lib/domain/study-stats/types.ts';

const J1 = [2, 1, 0, -1, -2, 1, 2, 0, -1, 1, 0, 2];
const J2 = [1, 1, 0, -2, -2, 2, 2, -1, -1, 1, 1, 2];
const outcome = (g: number): 'win' | 'tie' | 'loss' => (g > 0 ? 'win' : g < 0 ? 'loss' : 'tie');

function rows(): JudgmentRow[] {
	const out: JudgmentRow[] = [];
	J1.forEach((g1, i) => {
		for (const [rater, grade] of [
			['J1', g1],
			['J2', J2[i]]
		] as const)
			out.push({
				pairId: i + 1,
				prompt: `q${i}`,
				model: 'm',
				opponent: 'o',
				dimension: 'faithfulness',
				rater,
				role: 'junior',
				stage: 'rating',
				outcome: outcome(grade),
				grade,
				modelOnLeft: i % 2 === 0,
				isRepeat: false,
				hard: false
			});
	});
	return out;
}

describe('gradedAgreement', () => {
	it('gives sklearn’s weighted κ and the interval α on grades −2..2', () => {
		const [r] = gradedAgreement(rows())!.results;
		expect(r.dimension).toBe('faithfulness');
		expect(r.cohen_kappa!.unweighted).toBeCloseTo(0.4736842105263158, 12);
		expect(r.cohen_kappa!.linear).toBeCloseTo(0.7247706422018348, 12);
		expect(r.cohen_kappa!.quadratic).toBeCloseTo(0.8854961832061069, 12);
		expect(r.krippendorff_alpha.interval).toBeCloseTo(0.8901623686723973, 12);
		expect(r.percent_agreement).toBeCloseTo(7 / 12, 12);
		expect(r.gwet_ac2.linear).not.toBeNull();
	});

	it('ignores repeats, seniors and ungraded (3-point) judgments', () => {
		const extra = rows().map((r) => ({ ...r, role: 'senior' as const, rater: 'S1' }));
		const [r] = gradedAgreement([...rows(), ...extra])!.results;
		expect(r.n_raters).toBe(2);
		expect(gradedAgreement(rows().map((r) => ({ ...r, grade: null })))).toBeNull();
	});
});
