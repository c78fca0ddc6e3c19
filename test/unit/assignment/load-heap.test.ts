import { expect, it } from 'vitest';
import { createLoadHeap } from '../../../src/lib/domain/assignment/load-heap.ts';
import { createRandom } from '../../../src/lib/domain/random.ts';

function drain(keys: number[], seed: number): number[] {
	const heap = createLoadHeap(keys.length, createRandom(seed), keys);
	const out: number[] = [];
	while (heap.size > 0) out.push(heap.pop());
	return out;
}

it('pops members by ascending key', () => {
	const keys = [5, 3, 9, 1, 7, 3, 0, 8];
	const order = drain(keys, 1);
	expect(order.map((m) => keys[m])).toEqual([0, 1, 3, 3, 5, 7, 8, 9]);
	expect(new Set(order).size).toBe(keys.length);
});

it('orders equal keys by the seeded tiebreak', () => {
	const orders = new Set(Array.from({ length: 10 }, (_, seed) => drain([0, 0, 0, 0], seed).join()));
	expect(orders.size).toBeGreaterThan(3);
	expect(drain([0, 0, 0, 0], 3)).toEqual(drain([0, 0, 0, 0], 3));
});

it('returns −1 when empty', () => {
	const heap = createLoadHeap(1, createRandom(0));
	expect(heap.pop()).toBe(-1);
	expect(heap.peek()).toBe(-1);
});
