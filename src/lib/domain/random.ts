/**
 * Seeded pseudo-random numbers, so that assignment, placement and bootstrap resamples are
 * reproducible from a study's seed.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's "Small Fast Counting" generator, PractRand-tested),
 * seeded through splitmix32 so that nearby integer seeds give unrelated streams.
 * Reference: https://pracrand.sourceforge.net/ ; splitmix: Steele, Lea & Flood (2014).
 */
export type Random = {
	/** Uniform float in [0, 1). */
	next(): number;
	/** Uniform integer in [0, n). */
	int(n: number): number;
	/** A new independent generator derived from this one (for sub-streams). */
	fork(): Random;
};

function splitmix32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x9e3779b9) >>> 0;
		let z = state;
		z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
		z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
		return (z ^ (z >>> 16)) >>> 0;
	};
}

/** Creates a seeded generator; the same seed always gives the same sequence. */
export function createRandom(seed: number | string): Random {
	const init = splitmix32(typeof seed === 'number' ? seed : hashString(seed));
	let a = init();
	let b = init();
	let c = init();
	let d = init();
	const nextUint32 = (): number => {
		const t = (((a + b) >>> 0) + d) >>> 0;
		d = (d + 1) >>> 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) >>> 0;
		c = ((c << 21) | (c >>> 11)) >>> 0;
		c = (c + t) >>> 0;
		return t;
	};
	for (let i = 0; i < 12; i++) nextUint32();
	const random: Random = {
		next: () => nextUint32() / 4294967296,
		int: (n) => Math.floor((nextUint32() / 4294967296) * n),
		fork: () => createRandom(nextUint32())
	};
	return random;
}

/** FNV-1a 32-bit hash, to turn a string seed into a number. */
function hashString(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash;
}

/** Fisher–Yates shuffle of a copy of `items` (Knuth, TAOCP vol. 2, Algorithm P). */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
	const out = items.slice();
	for (let i = out.length - 1; i > 0; i--) {
		const j = random.int(i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}
