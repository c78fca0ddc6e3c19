/**
 * A reusable LCS-length function for sequences of non-negative integer ids, by the bit-vector
 * algorithm of Crochemore, Iliopoulos, Pinzon & Reid (2001), "A fast and practical bit-vector
 * algorithm for the longest common subsequence problem", IPL 80(6): with M[x] the bit mask of the
 * positions of x in b and V all ones, V ← (V + (V & M[a_i])) | (V & ~M[a_i]) for each a_i; the LCS
 * length is the number of zero bits of V in |b| positions. O(|a|·⌈|b|/32⌉) instead of O(|a|·|b|);
 * gives the same value as `lcsLength`. The returned function keeps its scratch buffers between
 * calls, so create one per batch.
 */
export function createBitParallelLcs(): (a: ArrayLike<number>, b: ArrayLike<number>) => number {
	// Per id: the generation in which it was last seen in b, and its mask row in that generation.
	let seen = new Int32Array(1024);
	let row = new Int32Array(1024);
	let masks = new Int32Array(1024);
	let v = new Int32Array(8);
	let generation = 0;

	return (a, b) => {
		const m = b.length;
		if (a.length === 0 || m === 0) return 0;
		const words = (m + 31) >>> 5;
		if (++generation === 0x7fffffff) {
			seen.fill(0);
			generation = 1;
		}
		if (masks.length < m * words) masks = new Int32Array(Math.max(m * words, 2 * masks.length));
		let rows = 0;
		for (let j = 0; j < m; j++) {
			const x = b[j];
			if (x >= seen.length) {
				const length = Math.max(x + 1, 2 * seen.length);
				const grownSeen = new Int32Array(length);
				grownSeen.set(seen);
				seen = grownSeen;
				const grownRow = new Int32Array(length);
				grownRow.set(row);
				row = grownRow;
			}
			if (seen[x] !== generation) {
				seen[x] = generation;
				row[x] = rows++;
				masks.fill(0, row[x] * words, (row[x] + 1) * words);
			}
			masks[row[x] * words + (j >>> 5)] |= 1 << (j & 31);
		}
		if (v.length < words) v = new Int32Array(2 * words);
		v.fill(-1, 0, words);
		for (let i = 0; i < a.length; i++) {
			const x = a[i];
			if (x >= seen.length || seen[x] !== generation) continue;
			const base = row[x] * words;
			let carry = 0;
			for (let w = 0; w < words; w++) {
				const vw = v[w] >>> 0;
				const mw = masks[base + w];
				const sum = vw + ((vw & mw) >>> 0) + carry;
				carry = sum > 0xffffffff ? 1 : 0;
				v[w] = sum | (vw & ~mw);
			}
		}
		let lcs = 0;
		for (let w = 0; w < words; w++) {
			let zeros = ~v[w];
			const bits = m - 32 * w;
			if (bits < 32) zeros &= (1 << bits) - 1;
			zeros -= (zeros >>> 1) & 0x55555555;
			zeros = (zeros & 0x33333333) + ((zeros >>> 2) & 0x33333333);
			lcs += (Math.imul((zeros + (zeros >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
		}
		return lcs;
	};
}
