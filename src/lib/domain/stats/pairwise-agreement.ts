import { cohenKappa } from './cohen-kappa.ts';
import type { EncodedRatings } from './encode-ratings.ts';
import { scottPi } from './scott-pi.ts';
import type { PairwiseAgreement } from './types.ts';

/**
 * Agreement of every pair of raters over the items both rated: n_common, percent agreement,
 * Cohen's κ (unweighted, linear, quadratic; Cohen 1960, 1968) and Scott's π (Scott 1955).
 * Pairs that share no item are left out. One q×q contingency table per pair, filled in one pass.
 */
export function pairwiseAgreement(
	ratings: EncodedRatings,
	weights: { identity: Float64Array; linear: Float64Array; quadratic: Float64Array },
	/** With exactly two raters, their contingency table when already counted. */
	twoRaterTable?: Float64Array
): PairwiseAgreement[] {
	const { q, itemStart, rater, category, raters } = ratings;
	const nRaters = raters.length;
	// A plain array indexed by rater pair while that is small, else a map.
	const dense = nRaters * nRaters <= 1 << 16;
	const slots: (Float64Array | undefined)[] = dense ? new Array(nRaters * nRaters) : [];
	const tables = new Map<number, Float64Array>();
	if (twoRaterTable && nRaters === 2) {
		if (twoRaterTable.some((cell) => cell > 0)) tables.set(1, twoRaterTable);
	}
	for (let i = 0; i < ratings.nItems && !(twoRaterTable && nRaters === 2); i++) {
		const end = itemStart[i + 1];
		for (let x = itemStart[i]; x < end; x++) {
			for (let y = x + 1; y < end; y++) {
				const a = rater[x] < rater[y] ? x : y;
				const b = a === x ? y : x;
				const key = rater[a] * nRaters + rater[b];
				let table = dense ? slots[key] : tables.get(key);
				if (table === undefined) {
					table = new Float64Array(q * q);
					if (dense) slots[key] = table;
					tables.set(key, table);
				}
				table[category[a] * q + category[b]]++;
			}
		}
	}
	const keys = [...tables.keys()].sort((x, y) => x - y);
	return keys.map((key) => {
		const table = tables.get(key)!;
		let n = 0;
		let agree = 0;
		for (let k = 0; k < q; k++) {
			for (let l = 0; l < q; l++) n += table[k * q + l];
			agree += table[k * q + k];
		}
		const kappas = {
			unweighted: cohenKappa(table, q, weights.identity),
			linear: cohenKappa(table, q, weights.linear),
			quadratic: cohenKappa(table, q, weights.quadratic)
		};
		const pi = scottPi(table, q);
		const notes: string[] = [];
		if (kappas.unweighted.reason) notes.push(`cohen_kappa undefined: ${kappas.unweighted.reason}`);
		if (pi.reason) notes.push(`scott_pi undefined: ${pi.reason}`);
		return {
			rater_a: raters[Math.floor(key / nRaters)],
			rater_b: raters[key % nRaters],
			n_common: n,
			percent_agreement: agree / n,
			cohen_kappa: {
				unweighted: kappas.unweighted.value,
				linear: kappas.linear.value,
				quadratic: kappas.quadratic.value
			},
			scott_pi: pi.value,
			notes
		};
	});
}
