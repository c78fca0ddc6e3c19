import { readFileSync } from 'node:fs';
import type { Rating } from '../../../src/lib/domain/stats/types.ts';

/** Wide reliability data (one array per rater, null = missing) as long-format ratings. */
export function longRatings(
	wide: Record<string, (number | string | null)[]>,
	extra: Partial<Rating> = {}
): Rating[] {
	const ratings: Rating[] = [];
	for (const [rater, labels] of Object.entries(wide)) {
		labels.forEach((label, unit) => {
			if (label !== null)
				ratings.push({ item: `u${unit + 1}`, rater, label: String(label), ...extra });
		});
	}
	return ratings;
}

/** Counts table (one row per item, one column per category) as long-format ratings. */
export function ratingsFromCounts(table: number[][], categories: string[]): Rating[] {
	const ratings: Rating[] = [];
	table.forEach((row, item) => {
		let rater = 0;
		row.forEach((count, k) => {
			for (let c = 0; c < count; c++) {
				ratings.push({ item: `i${item}`, rater: `r${rater++}`, label: categories[k] });
			}
		});
	});
	return ratings;
}

/** Reference values computed by test/fixtures/stats/make_reference.py (sklearn, statsmodels, scipy). */
export const reference = JSON.parse(
	readFileSync(new URL('../../fixtures/stats/reference.json', import.meta.url), 'utf8')
);

/** Every number anywhere in a value, with its path, to check that no NaN or infinity leaks. */
export function numbersIn(value: unknown, path = '$'): [string, number][] {
	if (typeof value === 'number') return [[path, value]];
	if (Array.isArray(value)) return value.flatMap((v, i) => numbersIn(v, `${path}[${i}]`));
	if (value !== null && typeof value === 'object') {
		return Object.entries(value).flatMap(([k, v]) => numbersIn(v, `${path}.${k}`));
	}
	return [];
}

/**
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": the reliability data with
 * 4 observers, 12 units and missing values. Gwet (2014), Handbook of Inter-Rater Reliability,
 * 4th ed., p. 120 uses the same data (with unit 12's single, unpairable value under another
 * observer, which changes nothing but the π_k of Gwet's coefficients: see gwet-ac.test.ts).
 */
export const KRIPPENDORFF_2011 = {
	A: [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
	B: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
	C: [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
	D: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null]
};
export const FIVE = ['1', '2', '3', '4', '5'];

/**
 * Gwet (2014), Handbook of Inter-Rater Reliability, 4th ed., p. 120: the same 4 raters × 12 units
 * as Krippendorff (2011) but unit 12's single rating is rater 3's (irrCAC's raw_4raters).
 */
export const GWET_4_RATERS = {
	Rater1: [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
	Rater2: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, null],
	Rater3: [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 3],
	Rater4: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null]
};
