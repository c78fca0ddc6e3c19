/**
 * Benjamini–Hochberg step-up adjusted p-values ("q-values"): with the m non-null p sorted
 * ascending, p̃_(i) = min_{j ≥ i} min(1, m p_(j) / j); rejecting p̃ ≤ q controls the false
 * discovery rate at q for independent (or positively dependent) tests. Nulls stay null and are
 * not counted in m. Benjamini & Hochberg (1995), JRSS B 57:289, §3; as statsmodels'
 * `multipletests(method='fdr_bh')`. Tied p-values get equal adjusted values.
 */
export function benjaminiHochbergAdjust(pValues: readonly (number | null)[]): (number | null)[] {
	const order = pValues
		.map((p, i) => [p, i] as const)
		.filter((entry): entry is readonly [number, number] => entry[0] !== null)
		.sort((a, b) => a[0] - b[0]);
	const m = order.length;
	const adjusted: (number | null)[] = pValues.map(() => null);
	let running = 1;
	for (let rank = m - 1; rank >= 0; rank--) {
		const [p, i] = order[rank];
		// m/(rank + 1) ≥ 1, but (m·p)/(rank + 1) can round below p: keep p̃ ≥ p.
		running = Math.min(running, Math.max(p, (m * p) / (rank + 1)));
		adjusted[i] = running;
	}
	return adjusted;
}
