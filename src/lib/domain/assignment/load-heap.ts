import type { Random } from '../random.ts';

/**
 * A binary min-heap of member indices 0..n−1 keyed by (key, random tiebreak). The tiebreak is
 * drawn afresh on every push, so equal keys are ordered by the seeded generator each time rather
 * than always favouring the same member. Williams (1964), "Algorithm 232: Heapsort".
 */
export type LoadHeap = {
	readonly size: number;
	/** The member with the smallest (key, tiebreak), without removing it; −1 when empty. */
	peek(): number;
	/** Key of the member `peek()` returns. */
	peekKey(): number;
	/** Removes and returns the member with the smallest (key, tiebreak); −1 when empty. */
	pop(): number;
	/** Inserts a member (not already in the heap) with a key and a fresh random tiebreak. */
	push(member: number, key: number): void;
};

/** A heap over `capacity` members, initially holding each member i with key `keys[i]`. */
export function createLoadHeap(
	capacity: number,
	random: Random,
	keys: ArrayLike<number> = []
): LoadHeap {
	const key = new Float64Array(capacity);
	const tie = new Float64Array(capacity);
	const heap = new Int32Array(capacity);
	let size = 0;

	const less = (a: number, b: number): boolean =>
		key[a] < key[b] || (key[a] === key[b] && tie[a] < tie[b]);

	const siftUp = (at: number): void => {
		const member = heap[at];
		while (at > 0) {
			const parent = (at - 1) >> 1;
			if (!less(member, heap[parent])) break;
			heap[at] = heap[parent];
			at = parent;
		}
		heap[at] = member;
	};

	const siftDown = (at: number): void => {
		const member = heap[at];
		for (;;) {
			let child = 2 * at + 1;
			if (child >= size) break;
			if (child + 1 < size && less(heap[child + 1], heap[child])) child++;
			if (!less(heap[child], member)) break;
			heap[at] = heap[child];
			at = child;
		}
		heap[at] = member;
	};

	const push = (member: number, k: number): void => {
		key[member] = k;
		tie[member] = random.next();
		heap[size++] = member;
		siftUp(size - 1);
	};

	for (let i = 0; i < keys.length; i++) push(i, keys[i]);

	return {
		get size() {
			return size;
		},
		peek: () => (size === 0 ? -1 : heap[0]),
		peekKey: () => (size === 0 ? Infinity : key[heap[0]]),
		pop: () => {
			if (size === 0) return -1;
			const top = heap[0];
			heap[0] = heap[--size];
			if (size > 0) siftDown(0);
			return top;
		},
		push
	};
}
