/** Interned n-grams: `id(prefix, token)` is the id of the n-gram "prefix n-gram + token". */
export type NgramIndex = {
	/** The id (1..size) of the n-gram that extends n-gram `prefix` (0 for none) by `token`. */
	id(prefix: number, token: number): number;
	/** The id of that n-gram if it is interned, else 0; never inserts. */
	find(prefix: number, token: number): number;
	/** Number of distinct n-grams since the last `clear()`. */
	readonly size: number;
	/** Forgets every n-gram in O(1) (generation stamps), keeping the memory for the next segment. */
	clear(): void;
};

/**
 * An open-addressing hash table (linear probing, Int32Array storage, load ≤ 1/2) interning
 * n-grams as (prefix id, token id) pairs, so each n-gram becomes a small integer without building
 * strings. Cleared per segment, it stays small enough to live in cache. Hash: Knuth's
 * multiplicative constant (TAOCP vol. 3, §6.4) and MurmurHash3's mixing constant.
 */
export function createNgramIndex(): NgramIndex {
	let capacity = 1 << 10;
	let stamps = new Int32Array(capacity);
	let prefixes = new Int32Array(capacity);
	let tokens = new Int32Array(capacity);
	let values = new Int32Array(capacity);
	let generation = 1;
	let size = 0;

	const slot = (prefix: number, token: number, mask: number) => {
		let h = Math.imul(prefix, 0x9e3779b1) ^ Math.imul(token + 1, 0x85ebca6b);
		h ^= h >>> 15;
		return h & mask;
	};
	const grow = () => {
		const old = { stamps, prefixes, tokens, values };
		capacity *= 2;
		stamps = new Int32Array(capacity);
		prefixes = new Int32Array(capacity);
		tokens = new Int32Array(capacity);
		values = new Int32Array(capacity);
		const mask = capacity - 1;
		for (let i = 0; i < old.stamps.length; i++) {
			if (old.stamps[i] !== generation) continue;
			let s = slot(old.prefixes[i], old.tokens[i], mask);
			while (stamps[s] === generation) s = (s + 1) & mask;
			stamps[s] = generation;
			prefixes[s] = old.prefixes[i];
			tokens[s] = old.tokens[i];
			values[s] = old.values[i];
		}
	};

	return {
		id(prefix: number, token: number): number {
			const mask = capacity - 1;
			let s = slot(prefix, token, mask);
			while (stamps[s] === generation) {
				if (prefixes[s] === prefix && tokens[s] === token) return values[s];
				s = (s + 1) & mask;
			}
			stamps[s] = generation;
			prefixes[s] = prefix;
			tokens[s] = token;
			values[s] = ++size;
			if (2 * size > capacity) grow();
			return size;
		},
		find(prefix: number, token: number): number {
			const mask = capacity - 1;
			let s = slot(prefix, token, mask);
			while (stamps[s] === generation) {
				if (prefixes[s] === prefix && tokens[s] === token) return values[s];
				s = (s + 1) & mask;
			}
			return 0;
		},
		get size() {
			return size;
		},
		clear() {
			size = 0;
			if (++generation === 0x7fffffff) {
				stamps.fill(0);
				generation = 1;
			}
		}
	};
}
