import { lcsLength } from './lcs-length.ts';
import { lcsPrf } from './lcs-prf.ts';
import { porterStem } from './porter-stem.ts';
import { rougeTokenize } from './rouge-tokenize.ts';
import type { MetricsOptions, Prf } from './types.ts';

/**
 * ROUGE-L precision, recall and F1 averaged over examples (0–1): the mean of rouge-score's per-pair
 * `rougeL` scores, stemming on by default. Reference: Lin (2004) §3.1; google-research/rouge.
 * Stems are memoised per distinct token and tokens interned to integers, so the cost is dominated
 * by the LCS tables. Zeros for no pairs.
 */
export function meanRougeL(
	pairs: readonly { prediction: string; reference: string }[],
	options: MetricsOptions = {}
): Prf & { n: number } {
	const stems = new Map<string, string>();
	const stem =
		options.stem === false
			? undefined
			: (token: string): string => {
					let stemmed = stems.get(token);
					if (stemmed === undefined) stems.set(token, (stemmed = porterStem(token)));
					return stemmed;
				};
	const ids = new Map<string, number>();
	const intern = (token: string): number => {
		let id = ids.get(token);
		if (id === undefined) ids.set(token, (id = ids.size));
		return id;
	};

	let precision = 0;
	let recall = 0;
	let f1 = 0;
	for (const pair of pairs) {
		const ref = Int32Array.from(rougeTokenize(pair.reference, stem), intern);
		const pred = Int32Array.from(rougeTokenize(pair.prediction, stem), intern);
		const score = lcsPrf(lcsLength(ref, pred), ref.length, pred.length);
		precision += score.precision;
		recall += score.recall;
		f1 += score.f1;
	}
	const n = pairs.length;
	if (n === 0) return { precision: 0, recall: 0, f1: 0, n };
	return { precision: precision / n, recall: recall / n, f1: f1 / n, n };
}
