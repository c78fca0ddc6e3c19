import { bleuFromCounts } from './bleu-from-counts.ts';
import { pythonRstrip } from './python-rstrip.ts';
import { tokenize13a } from './tokenize-13a.ts';
import type { BleuScore } from './types.ts';

const MAX_ORDER = 4;
const TOKEN_SPACE = 2 ** 26;

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

	// n-gram ids: (id of the (n-1)-gram prefix, last token) -> id; unigrams have prefix 0, ids start at 1.
	const ngramIds = new Map<number, number>();
	let capacity = 1024;
	let order = new Uint8Array(capacity);
	let hypCount = new Int32Array(capacity);
	let refMax = new Int32Array(capacity);
	let refCount = new Int32Array(capacity);
	const grow = () => {
		capacity *= 2;
		const widen = <T extends Uint8Array | Int32Array>(old: T, fresh: T): T => (
			fresh.set(old),
			fresh
		);
		order = widen(order, new Uint8Array(capacity));
		hypCount = widen(hypCount, new Int32Array(capacity));
		refMax = widen(refMax, new Int32Array(capacity));
		refCount = widen(refCount, new Int32Array(capacity));
	};
	/** The ids of all n-grams (n = 1..4) of a token sequence. */
	const ngramsOf = (tokens: number[]): number[] => {
		const out: number[] = [];
		for (let i = 0; i < tokens.length; i++) {
			let prefix = 0;
			for (let n = 0; n < MAX_ORDER && i + n < tokens.length; n++) {
				const key = prefix * TOKEN_SPACE + tokens[i + n];
				let id = ngramIds.get(key);
				if (id === undefined) {
					id = ngramIds.size + 1;
					if (id >= capacity) grow();
					ngramIds.set(key, id);
					order[id] = n;
				}
				out.push(id);
				prefix = id;
			}
		}
		return out;
	};

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
		const touchedRefs: number[] = [];
		let closest = -1;
		let closestDiff = -1;
		const hyp = tokenise(hypotheses[i]);
		for (const ref of segmentRefs) {
			const tokens = tokenise(ref);
			const diff = Math.abs(hyp.length - tokens.length);
			if (closestDiff === -1 || diff < closestDiff) {
				closestDiff = diff;
				closest = tokens.length;
			} else if (diff === closestDiff && tokens.length < closest) closest = tokens.length;
			const grams = ngramsOf(tokens);
			for (const g of grams) refCount[g]++;
			for (const g of grams) {
				if (refCount[g] > refMax[g]) {
					if (refMax[g] === 0) touchedRefs.push(g);
					refMax[g] = refCount[g];
				}
			}
			for (const g of grams) refCount[g] = 0;
		}
		const hypGrams = ngramsOf(hyp);
		for (const g of hypGrams) {
			const n = order[g];
			totals[n]++;
			// Σ_g min(hyp count, ref max) counted one occurrence at a time.
			if (++hypCount[g] <= refMax[g]) counts[n]++;
		}
		for (const g of hypGrams) hypCount[g] = 0;
		for (const g of touchedRefs) refMax[g] = 0;
		sysLen += hyp.length;
		refLen += closest;
	}
	if (tokenIds.size >= TOKEN_SPACE || ngramIds.size >= 2 ** 27) {
		throw new Error('corpusBleu: corpus too large for 26-bit token and n-gram ids');
	}
	return bleuFromCounts(counts, totals, sysLen, refLen);
}
