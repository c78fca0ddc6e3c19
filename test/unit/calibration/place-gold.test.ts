import { describe, expect, it } from 'vitest';
import { assignPairs } from '../../../src/lib/domain/assignment/assign-pairs.ts';
import type { Assignment } from '../../../src/lib/domain/assignment/types.ts';
import {
	checkCount,
	checkSlots,
	placeGold
} from '../../../src/lib/domain/calibration/place-gold.ts';
import { createRandom } from '../../../src/lib/domain/random.ts';

const pairs = Array.from({ length: 40 }, (_, i) => ({
	prompt: `q${Math.floor(i / 2)}`,
	model: i % 2 ? 'm2' : 'm1',
	opponent: 'ref'
}));
const gold = [3, 11, 20, 29, 37];

function queueOf(junior: number, holdOut = new Set(gold)) {
	const result = assignPairs({
		pairs,
		juniors: [1, 2, 3],
		ratersPerPair: 2,
		seed: 42,
		repeatRate: 0.1,
		holdOut
	});
	if (!result.ok) throw new Error(result.error.message);
	return result.value.find((q) => q.junior === junior)!.assignments;
}

describe('held-out gold pairs', () => {
	it('are given to nobody as study work, and the rest is assigned as if they were absent', () => {
		const all = [1, 2, 3].flatMap((j) => queueOf(j));
		expect(all.some((a) => gold.includes(a.pairIndex))).toBe(false);
		const kept = pairs.filter((_, i) => !gold.includes(i));
		const plain = assignPairs({
			pairs: kept,
			juniors: [1, 2, 3],
			ratersPerPair: 2,
			seed: 42,
			repeatRate: 0.1
		});
		if (!plain.ok) throw new Error();
		const keptIndex = pairs.flatMap((_, i) => (gold.includes(i) ? [] : [i]));
		expect(all.map((a) => ({ ...a, pairIndex: a.pairIndex }))).toEqual(
			plain.value.flatMap((q) =>
				q.assignments.map((a) => ({ ...a, pairIndex: keptIndex[a.pairIndex] }))
			)
		);
	});
});

describe('checkCount and checkSlots', () => {
	it('rounds share × n, with at least one check and none without a share', () => {
		expect(checkCount(12, 0.05)).toBe(1);
		expect(checkCount(100, 0.05)).toBe(5);
		expect(checkCount(30, 0.1)).toBe(3);
		expect(checkCount(0, 0.1)).toBe(0);
		expect(checkCount(50, 0)).toBe(0);
	});
	it('puts one slot in each of k near-equal runs of the queue', () => {
		const slots = checkSlots(100, 4, createRandom(1));
		slots.forEach((s, j) => {
			expect(s).toBeGreaterThanOrEqual(j * 25);
			expect(s).toBeLessThan((j + 1) * 25);
		});
	});
});

describe('placeGold', () => {
	const options = { trainingPairs: 2, checkShare: 0.1 };

	it('returns the queue unchanged without gold options (the paper protocol)', () => {
		const queue = queueOf(1);
		expect(placeGold(queue, 1, gold, 42, { trainingPairs: 0, checkShare: 0 })).toEqual(queue);
	});

	it('puts training first, checks at distinct positions, and keeps the study order', () => {
		const queue = queueOf(2);
		const placed = placeGold(queue, 2, gold, 42, options);
		const training = placed.filter((a) => a.purpose === 'training');
		const checks = placed.filter((a) => a.purpose === 'check');
		const study = placed.filter((a) => a.purpose === undefined);
		expect(training.map((a) => a.position)).toEqual([-2, -1]);
		expect(checks).toHaveLength(checkCount(queue.length, 0.1));
		// Positions 0..L−1 are each used once by study work or a check.
		const positions = [...study, ...checks].map((a) => a.position).sort((a, b) => a - b);
		expect(positions).toEqual(Array.from({ length: queue.length + checks.length }, (_, i) => i));
		// Study work keeps its relative order, and repeats still point at their original.
		const byOld = [...queue].sort((a, b) => a.position - b.position);
		const moved = new Map(study.map((a, i) => [queue[i].position, a.position]));
		for (let i = 1; i < byOld.length; i++)
			expect(moved.get(byOld[i].position)!).toBeGreaterThan(moved.get(byOld[i - 1].position)!);
		for (const a of study.filter((a) => a.isRepeat)) {
			const original = study.find((o) => o.position === a.repeatOf)!;
			expect(original.pairIndex).toBe(a.pairIndex);
			expect(original.isRepeat).toBe(false);
		}
	});

	it('never gives a junior the same gold pair twice, nor one of their own pairs', () => {
		for (const junior of [1, 2, 3]) {
			const placed = placeGold(queueOf(junior), junior, gold, 42, options);
			const copies = placed.filter((a) => a.purpose !== undefined).map((a) => a.pairIndex);
			expect(new Set(copies).size).toBe(copies.length);
			copies.forEach((p) => expect(gold).toContain(p));
		}
		// A gold pair the junior rates as study work is not used for them.
		const own: Assignment<number>[] = [
			{ pairIndex: 3, junior: 9, modelOnLeft: true, position: 0, isRepeat: false },
			{ pairIndex: 4, junior: 9, modelOnLeft: false, position: 1, isRepeat: false }
		];
		const placed = placeGold(own, 9, [3, 5], 1, { trainingPairs: 1, checkShare: 0.5 });
		expect(placed.filter((a) => a.purpose).map((a) => a.pairIndex)).toEqual([5]);
	});

	it('is reproducible from the seed and differs between juniors and seeds', () => {
		const queue = queueOf(3);
		const a = placeGold(queue, 3, gold, 42, options);
		expect(placeGold(queue, 3, gold, 42, options)).toEqual(a);
		const other = placeGold(queue, 3, gold, 43, options);
		expect(other).not.toEqual(a);
	});
});
