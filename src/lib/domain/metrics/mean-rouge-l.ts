import { createBitParallelLcs } from './bit-parallel-lcs.ts';
import { lcsPrf } from './lcs-prf.ts';
import { porterStem } from './porter-stem.ts';
import { rougeTokenize } from './rouge-tokenize.ts';
import type { MetricsOptions, Prf } from './types.ts';

/**
 * ROUGE-L precision, recall and F1 averaged over examples (0–1): the mean of rouge-score's per-pair
 * `rougeL` scores, stemming on by default. Reference: Lin (2004) §3.1; google-research/rouge.
 * For speed each distinct raw token is stemmed and interned once (rouge-score's own tokeniser
 * runs on it, so the result is the same) and the LCS is bit-parallel.
 */
export function meanRougeL(
	pairs: readonly { prediction: string; reference: string }[],
	options: MetricsOptions = {}
): Prf & { n: number } {
	const stem = options.stem === false ? undefined : porterStem;
	const idOfRaw = new Map<string, number>(); // raw token → id of its (stemmed) form, −1 if dropped
	const idOfForm = new Map<string, number>();
	const ids = (text: string): Int32Array => {
		const raws = rougeTokenize(text);
		const out = new Int32Array(raws.length);
		let length = 0;
		for (const raw of raws) {
			let id = idOfRaw.get(raw);
			if (id === undefined) {
				const [form] = rougeTokenize(raw, stem);
				id = form === undefined ? -1 : (idOfForm.get(form) ?? idOfForm.size);
				if (form !== undefined) idOfForm.set(form, id);
				idOfRaw.set(raw, id);
			}
			if (id >= 0) out[length++] = id;
		}
		return length === out.length ? out : out.subarray(0, length);
	};
	const lcs = createBitParallelLcs();

	let precision = 0;
	let recall = 0;
	let f1 = 0;
	for (const pair of pairs) {
		const ref = ids(pair.reference);
		const pred = ids(pair.prediction);
		const score = lcsPrf(lcs(ref, pred), ref.length, pred.length);
		precision += score.precision;
		recall += score.recall;
		f1 += score.f1;
	}
	const n = pairs.length;
	if (n === 0) return { precision: 0, recall: 0, f1: 0, n };
	return { precision: precision / n, recall: recall / n, f1: f1 / n, n };
}
