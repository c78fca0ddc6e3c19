/**
 * Per model, how often raters marked each issue tag on its responses and how harmful they rated
 * them (issue #16 §2): proportions over response ratings (one per rater × pair × response),
 * each with a Wilson 95 % interval (stats/wilson-interval.ts). Harm rates count the responses
 * that were given a harm rating; "mild or worse" counts mild and severe.
 */
import { wilsonInterval } from '../stats/wilson-interval.ts';
import type { Interval } from '../stats/types.ts';
import type { Harm } from './reasons.ts';

/** One rater's view of one response: the tags on it and its harm rating. */
export type ResponseRating = {
	rater: string;
	/** The response: its pair and side, e.g. "17:model" (the same for every rater). */
	item: string;
	/** The model that wrote the response. */
	model: string;
	tags: readonly string[];
	harm: Harm | null;
};

export type Rate = { count: number; n: number; rate: number | null; interval: Interval | null };

export type ModelReasonRates = {
	model: string;
	/** Response ratings of this model's responses. */
	n: number;
	tags: Record<string, Rate>;
	harm: { n: number; mildOrWorse: Rate; severe: Rate } | null;
};

export function rate(count: number, n: number): Rate {
	return { count, n, rate: n === 0 ? null : count / n, interval: wilsonInterval(count, n) };
}

/** Rates per model, in the order of `models`; tags in the order of `tagKeys`. */
export function reasonRates(
	ratings: readonly ResponseRating[],
	models: readonly string[],
	tagKeys: readonly string[],
	withHarm: boolean
): ModelReasonRates[] {
	return models.map((model) => {
		const mine = ratings.filter((r) => r.model === model);
		const harmed = mine.filter((r) => r.harm !== null);
		return {
			model,
			n: mine.length,
			tags: Object.fromEntries(
				tagKeys.map((key) => [
					key,
					rate(mine.filter((r) => r.tags.includes(key)).length, mine.length)
				])
			),
			harm: withHarm
				? {
						n: harmed.length,
						mildOrWorse: rate(harmed.filter((r) => r.harm !== 'none').length, harmed.length),
						severe: rate(harmed.filter((r) => r.harm === 'severe').length, harmed.length)
					}
				: null
		};
	});
}
