import { indexPairs } from './pair-index.ts';
import type { Assignment, JuniorId, Pair } from './types.ts';

/** Originals one junior holds for one (model, opponent) combination, by side of `model`. */
export type CombinationCount = { model: string; opponent: string; left: number; right: number };

/** One junior's workload; `originals` count toward raters per pair, `repeats` do not. */
export type JuniorSummary<J extends JuniorId = string> = {
	junior: J;
	total: number;
	originals: number;
	repeats: number;
	/** Originals with `model` on the left / right. */
	left: number;
	right: number;
	/** Combinations the junior holds, in order of first appearance in `pairs`. */
	combinations: CombinationCount[];
};

export type AssignmentSummary<J extends JuniorId = string> = {
	/** Juniors in order of first appearance in the assignments. */
	juniors: JuniorSummary<J>[];
	/** Number of juniors holding each pair as an original, by pair index. */
	ratersOfPair: number[];
};

/** Workload and placement counts per junior, and raters per pair, from a list of assignments. */
export function summarizeAssignments<J extends JuniorId>(
	pairs: readonly Pair[],
	assignments: readonly Assignment<J>[]
): AssignmentSummary<J> {
	const { comboOf, combos } = indexPairs(pairs);
	const ratersOfPair = new Array<number>(pairs.length).fill(0);
	// Per junior: [total, repeats, left₀, right₀, left₁, right₁, …] by combination id.
	const counts = new Map<J, Int32Array>();
	for (const a of assignments) {
		let c = counts.get(a.junior);
		if (!c) counts.set(a.junior, (c = new Int32Array(2 + 2 * combos.length)));
		c[0]++;
		if (a.isRepeat) {
			c[1]++;
			continue;
		}
		ratersOfPair[a.pairIndex]++;
		c[2 + 2 * comboOf[a.pairIndex] + (a.modelOnLeft ? 0 : 1)]++;
	}
	const juniors = [...counts].map(([junior, c]): JuniorSummary<J> => {
		const combinations = combos
			.map((combo, k) => ({ ...combo, left: c[2 + 2 * k], right: c[3 + 2 * k] }))
			.filter((combo) => combo.left + combo.right > 0);
		const left = combinations.reduce((sum, combo) => sum + combo.left, 0);
		const right = combinations.reduce((sum, combo) => sum + combo.right, 0);
		return {
			junior,
			total: c[0],
			originals: c[0] - c[1],
			repeats: c[1],
			left,
			right,
			combinations
		};
	});
	return { juniors, ratersOfPair };
}
