/**
 * How often the senior's independent judgment agrees with each junior (by the study pseudonym,
 * J1, J2, … in that order: the one rater scheme of pages and exports) and with the juniors'
 * majority (when there is a strict one), and how often the final decision changed the
 * independent one. Over escalated, decided pairs and dimensions.
 */
import type { JudgmentRow } from './types.ts';

export type SeniorAgreement = {
	n: number;
	withJunior: { rater: string; agree: number; n: number; rate: number | null }[];
	withMajority: { agree: number; n: number; rate: number | null };
	changedAtFinal: { changed: number; n: number; rate: number | null };
};

const rate = (a: number, n: number) => (n ? a / n : null);
/** J2 before J10. */
const byPseudonym = new Intl.Collator('en', { numeric: true });

export function seniorAgreement(rows: readonly JudgmentRow[]): SeniorAgreement {
	type Slot = { independent?: string; final?: string; juniors: Map<string, string> };
	const slots = new Map<string, Slot>();
	const slot = (row: JudgmentRow) => {
		const key = `${row.pairId}\u0000${row.dimension}`;
		let s = slots.get(key);
		if (!s) slots.set(key, (s = { juniors: new Map() }));
		return s;
	};
	for (const row of rows) {
		if (row.isRepeat) continue;
		if (row.role === 'junior') slot(row).juniors.set(row.rater, row.outcome);
		else if (row.stage === 'independent') slot(row).independent = row.outcome;
		else if (row.stage === 'final') slot(row).final = row.outcome;
	}
	const perJunior = new Map<string, { agree: number; n: number }>();
	let n = 0;
	let majorityAgree = 0;
	let majorityN = 0;
	let changed = 0;
	let finalN = 0;
	for (const s of slots.values()) {
		if (s.independent === undefined || s.final === undefined) continue;
		n++;
		finalN++;
		if (s.final !== s.independent) changed++;
		for (const [rater, outcome] of s.juniors) {
			const entry = perJunior.get(rater) ?? { agree: 0, n: 0 };
			entry.n++;
			if (outcome === s.independent) entry.agree++;
			perJunior.set(rater, entry);
		}
		const counts = new Map<string, number>();
		for (const outcome of s.juniors.values()) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
		const sorted = [...counts].sort((a, b) => b[1] - a[1]);
		if (sorted.length && (sorted.length === 1 || sorted[0][1] > sorted[1][1])) {
			majorityN++;
			if (sorted[0][0] === s.independent) majorityAgree++;
		}
	}
	return {
		n,
		withJunior: [...perJunior]
			.sort(([a], [b]) => byPseudonym.compare(a, b))
			.map(([rater, e]) => ({ rater, ...e, rate: rate(e.agree, e.n) })),
		withMajority: { agree: majorityAgree, n: majorityN, rate: rate(majorityAgree, majorityN) },
		changedAtFinal: { changed, n: finalN, rate: rate(changed, finalN) }
	};
}
