/**
 * Time left at the current pace: remaining pairs divided by the submissions per hour of the
 * recent window; when nobody rated in that window, remaining work per rater times the median
 * time per pair (raters work in parallel). Null when there is nothing to go on.
 */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function estimateHoursLeft(input: {
	remaining: number;
	recentSubmissions: number;
	windowHours: number;
	medianSeconds: number | null;
	ratersWithWork: number;
}): { hours: number | null; basis: 'pace' | 'median' | null } {
	if (input.remaining === 0) return { hours: 0, basis: null };
	if (input.recentSubmissions > 0)
		return {
			hours: input.remaining / (input.recentSubmissions / input.windowHours),
			basis: 'pace'
		};
	if (input.medianSeconds !== null && input.ratersWithWork > 0)
		return {
			hours: (input.remaining * input.medianSeconds) / 3600 / input.ratersWithWork,
			basis: 'median'
		};
	return { hours: null, basis: null };
}
