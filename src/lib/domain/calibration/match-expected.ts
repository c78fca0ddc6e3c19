/**
 * How many of a rater's outcomes on one gold pair equal the expected ones, over the dimensions
 * the gold pair gives an expectation for (canonical outcomes, from the pair's model's side).
 */
export function matchExpected(
	expected: Readonly<Record<string, string>>,
	given: Readonly<Record<string, string>>
): { matched: number; judged: number; dimensions: Record<string, boolean> } {
	const dimensions: Record<string, boolean> = {};
	let matched = 0;
	let judged = 0;
	for (const [key, outcome] of Object.entries(expected)) {
		if (!Object.hasOwn(given, key)) continue;
		judged++;
		dimensions[key] = given[key] === outcome;
		if (dimensions[key]) matched++;
	}
	return { matched, judged, dimensions };
}
