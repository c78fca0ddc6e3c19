/**
 * Holm's step-down adjusted p-values: with the m non-null p sorted ascending,
 * p̃_(i) = max_{j ≤ i} min(1, (m − j + 1) p_(j)); rejecting p̃ ≤ α controls the family-wise error
 * rate at α. Nulls (no test) stay null and are not counted in m. Holm (1979), "A simple
 * sequentially rejective multiple test procedure", Scand. J. Statist. 6:65; as statsmodels'
 * `multipletests(method='holm')`. Tied p-values get equal adjusted values.
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
	const order = pValues
		.map((p, i) => [p, i] as const)
		.filter((entry): entry is readonly [number, number] => entry[0] !== null)
		.sort((a, b) => a[0] - b[0]);
	const m = order.length;
	const adjusted: (number | null)[] = pValues.map(() => null);
	let running = 0;
	order.forEach(([p, i], rank) => {
		running = Math.max(running, Math.min(1, (m - rank) * p));
		adjusted[i] = running;
	});
	return adjusted;
}
