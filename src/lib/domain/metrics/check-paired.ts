/**
 * Validates paired samples for a correlation: equal lengths and finite numbers; throws a
 * RangeError naming the problem. Shared by `spearman` and `kendallTauB`.
 */
export function checkPaired(name: string, x: readonly number[], y: readonly number[]): void {
	if (x.length !== y.length) {
		throw new RangeError(`${name}: x has ${x.length} values but y has ${y.length}`);
	}
	const bad = [...x, ...y].find((v) => !Number.isFinite(v));
	if (bad !== undefined) throw new RangeError(`${name}: values must be finite numbers, got ${bad}`);
}
