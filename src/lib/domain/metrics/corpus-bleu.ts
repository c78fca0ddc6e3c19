import { bleuFromCounts } from './bleu-from-counts.ts';
import { createNgramIndex } from './ngram-index.ts';
import { pythonRstrip } from './python-rstrip.ts';
import { tokenize13a } from './tokenize-13a.ts';
import type { BleuScore } from './types.ts';

const MAX_ORDER = 4;

/**
 * Corpus BLEU-4 (0–100) exactly as sacreBLEU's defaults — `BLEU().corpus_score(hypotheses,
 * references)`: each segment right-stripped and 13a-tokenised, case-sensitive, n-gram matches
 * clipped by the maximum count over the segment's references, the closest reference length
 * (shorter on ties), `exp` smoothing, brevity penalty. `references` are streams as in sacreBLEU:
 * `references[k][i]` is the k-th reference of hypothesis i; empty references are skipped and a
 * segment with none is an error, as in sacreBLEU. Reference: Papineni et al. (2002);
 * mjpost/sacrebleu `metrics/bleu.py`, `metrics/base.py`.
 */
export function corpusBleu(
	hypotheses: readonly string[],
	references: readonly (readonly (string | null | undefined)[])[]
): BleuScore {
	for (const stream of references) {
		if (stream.length !== hypotheses.length) {
			throw new Error(
				`corpusBleu: a reference stream has ${stream.length} segments for ${hypotheses.length} hypotheses`
			);
		}
	}
	const tokenIds = new Map<string, number>();
	const tokenise = (segment: string): number[] =>
		tokenize13a(pythonRstrip(segment)).map((token) => {
			let id = tokenIds.get(token);
			if (id === undefined) tokenIds.set(token, (id = tokenIds.size));
			return id;
		});

	// Only a segment's own n-grams are ever compared, so the references' n-grams are interned per
	// segment, which keeps the table small; an occurrence is encoded as id · 4 + (order − 1).
	const index = createNgramIndex();
	const ngramsOf = (tokens: readonly number[]): number[] => {
		const out: number[] = [];
		for (let start = 0; start < tokens.length; start++) {
			let prefix = 0;
			for (let n = 0; n < MAX_ORDER && start + n < tokens.length; n++) {
				prefix = index.id(prefix, tokens[start + n]);
				out.push(prefix * 4 + n);
			}
		}
		return out;
	};
	let refMax = new Int32Array(1024);
	let refCount = new Int32Array(1024);
	let hypCount = new Int32Array(1024);

	const counts = new Array<number>(MAX_ORDER).fill(0);
	const totals = new Array<number>(MAX_ORDER).fill(0);
	let sysLen = 0;
	let refLen = 0;
	for (let i = 0; i < hypotheses.length; i++) {
		const segmentRefs = references
			.map((stream) => stream[i])
			.filter((ref): ref is string => ref !== null && ref !== undefined && ref !== '');
		if (segmentRefs.length === 0) {
			throw new Error(`corpusBleu: segment ${i + 1} has no non-empty reference`);
		}
		index.clear();
		const hyp = tokenise(hypotheses[i]);
		const refs = segmentRefs.map(tokenise);
		const refGrams = refs.map(ngramsOf);
		const used = index.size + 1;
		if (used > refMax.length) {
			const length = Math.max(used, 2 * refMax.length);
			refMax = new Int32Array(length);
			refCount = new Int32Array(length);
			hypCount = new Int32Array(length);
		}

		for (const grams of refGrams) {
			for (const g of grams) refCount[g >> 2]++;
			for (const g of grams) {
				const id = g >> 2;
				if (refCount[id] > refMax[id]) refMax[id] = refCount[id];
			}
			refCount.fill(0, 0, used);
		}
		// Hypothesis n-grams are only looked up: one whose prefix is not in a reference cannot match,
		// nor can its extensions. Σ min(hypothesis count, reference max), one occurrence at a time.
		for (let n = 0; n < MAX_ORDER; n++) totals[n] += Math.max(0, hyp.length - n);
		for (let start = 0; start < hyp.length; start++) {
			let prefix = 0;
			for (let n = 0; n < MAX_ORDER && start + n < hyp.length; n++) {
				prefix = index.find(prefix, hyp[start + n]);
				if (prefix === 0) break;
				if (++hypCount[prefix] <= refMax[prefix]) counts[n]++;
			}
		}
		refMax.fill(0, 0, used);
		hypCount.fill(0, 0, used);

		let closest = -1;
		let closestDiff = -1;
		for (const ref of refs) {
			const diff = Math.abs(hyp.length - ref.length);
			if (closestDiff === -1 || diff < closestDiff) {
				closestDiff = diff;
				closest = ref.length;
			} else if (diff === closestDiff && ref.length < closest) closest = ref.length;
		}
		sysLen += hyp.length;
		refLen += closest;
	}
	return bleuFromCounts(counts, totals, sysLen, refLen);
}
