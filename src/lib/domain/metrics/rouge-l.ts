import { lcsLength } from './lcs-length.ts';
import { lcsPrf } from './lcs-prf.ts';
import { porterStem } from './porter-stem.ts';
import { rougeTokenize } from './rouge-tokenize.ts';
import type { MetricsOptions, Prf } from './types.ts';

/**
 * ROUGE-L of one prediction against one reference (0–1), as rouge-score's
 * `RougeScorer(['rougeL'], use_stemmer=stem).score(reference, prediction)`; stemming on by default.
 * Reference: Lin (2004) §3.1; google-research/rouge `rouge_scorer.py`. For many pairs use
 * `meanRougeL`, which memoises stems.
 */
export function rougeL(reference: string, prediction: string, options: MetricsOptions = {}): Prf {
	const stem = options.stem === false ? undefined : porterStem;
	const ids = new Map<string, number>();
	const toIds = (tokens: string[]) =>
		Int32Array.from(tokens, (token) => {
			let id = ids.get(token);
			if (id === undefined) ids.set(token, (id = ids.size));
			return id;
		});
	const ref = toIds(rougeTokenize(reference, stem));
	const pred = toIds(rougeTokenize(prediction, stem));
	return lcsPrf(lcsLength(ref, pred), ref.length, pred.length);
}
