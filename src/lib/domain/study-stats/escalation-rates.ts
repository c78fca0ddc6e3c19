/**
 * Escalation rate: among pairs whose juniors have all rated, the share on which they differ
 * (per dimension) and the share sent to the senior for any reason, flags included (overall).
 */
import type { JudgmentRow } from './types.ts';

export type EscalationRates = {
	pairs: number;
	escalated: number;
	overall: number | null;
	byDimension: { dimension: string; differ: number; rate: number | null }[];
};

export function escalationRates(
	rows: readonly JudgmentRow[],
	dimensions: readonly string[],
	escalatedPairs: ReadonlySet<number>,
	completePairs: ReadonlySet<number>
): EscalationRates {
	const votes = new Map<string, Set<string>>();
	for (const row of rows) {
		if (row.role !== 'junior' || row.isRepeat || !completePairs.has(row.pairId)) continue;
		const key = `${row.pairId}\u0000${row.dimension}`;
		let set = votes.get(key);
		if (!set) votes.set(key, (set = new Set()));
		set.add(row.outcome);
	}
	const n = completePairs.size;
	const escalated = [...completePairs].filter((p) => escalatedPairs.has(p)).length;
	return {
		pairs: n,
		escalated,
		overall: n ? escalated / n : null,
		byDimension: dimensions.map((dimension) => {
			let differ = 0;
			for (const pairId of completePairs)
				if ((votes.get(`${pairId}\u0000${dimension}`)?.size ?? 0) > 1) differ++;
			return { dimension, differ, rate: n ? differ / n : null };
		})
	};
}
