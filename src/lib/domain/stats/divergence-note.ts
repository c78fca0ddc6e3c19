/**
 * Why Bradley–Terry strengths cannot be estimated, in words: the models that won (or lost)
 * every comparison, whose maximum-likelihood strength runs off to ±∞, or else the groups of
 * models that never score against each other both ways (Ford 1957; Hunter 2004, assumption 1).
 */
export function divergenceNote(
	components: number[][],
	points: Float64Array,
	names: string[]
): string {
	const m = names.length;
	const scoredAgainst = (i: number) => names.some((_, j) => j !== i && points[j * m + i] > 0);
	const scored = (i: number) => names.some((_, j) => j !== i && points[i * m + j] > 0);
	const undefeated = names.filter((_, i) => !scoredAgainst(i));
	const winless = names.filter((_, i) => !scored(i));
	const parts: string[] = [];
	if (undefeated.length > 0) {
		parts.push(`${undefeated.join(', ')} won every comparison (no loss, no tie)`);
	}
	if (winless.length > 0) parts.push(`${winless.join(', ')} lost every comparison`);
	if (parts.length === 0) {
		const groups = components.map((group) => `{${group.map((i) => names[i]).join(', ')}}`);
		parts.push(
			`the models split into groups that never score against each other both ways: ${groups.join(' ')}`
		);
	}
	return `bradley_terry: the maximum-likelihood strengths diverge, so none is reported: ${parts.join('; ')}`;
}
