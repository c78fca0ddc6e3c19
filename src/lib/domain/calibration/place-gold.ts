import { createRandom } from '../random.ts';
import type { Assignment, JuniorId } from '../assignment/types.ts';

export type GoldOptions = {
	/** Gold pairs each junior rates first, with feedback (0: no training). */
	trainingPairs: number;
	/** Hidden checks added per study assignment of the junior (0: none). */
	checkShare: number;
};

/** How many hidden checks a queue of `n` study assignments gets: share × n rounded, at least 1. */
export function checkCount(n: number, share: number): number {
	if (n === 0 || share <= 0) return 0;
	return Math.max(1, Math.round(share * n));
}

/** Fisher–Yates shuffle with the injected generator (Knuth, TAOCP vol. 2, Algorithm P). */
function shuffled<T>(items: readonly T[], random: { int(n: number): number }): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = random.int(i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/**
 * Stratified insertion slots for `k` checks in a queue of `n`: the queue is cut into k runs of
 * near-equal length and each check goes before a seeded item of its own run, so checks spread
 * over the whole queue (drift by quarter has checks in every quarter) and never bunch up.
 */
export function checkSlots(n: number, k: number, random: { int(n: number): number }): number[] {
	const slots: number[] = [];
	for (let j = 0; j < k; j++) {
		const start = Math.floor((j * n) / k);
		const end = Math.floor(((j + 1) * n) / k);
		slots.push(start + random.int(Math.max(1, end - start)));
	}
	return slots;
}

/**
 * One junior's queue with gold copies added (issue #16 §3): `trainingPairs` training copies at
 * positions −N..−1 (so they come first), then hidden checks inserted at seeded stratified
 * positions among the study work, whose positions (and repeats' `repeatOf`) shift to make room.
 * Only gold pairs the junior has no study assignment of are used, each at most once per junior
 * (training and checks use different pairs), so a check is never a pair the junior has seen.
 * Seeded from the study's seed and the junior, so the same study gives the same placement and
 * adding a junior changes no one else's. Without gold options the queue comes back unchanged.
 */
export function placeGold<J extends JuniorId>(
	queue: readonly Assignment<J>[],
	junior: J,
	gold: readonly number[],
	seed: number | string,
	options: GoldOptions
): Assignment<J>[] {
	if (gold.length === 0 || (options.trainingPairs <= 0 && options.checkShare <= 0))
		return [...queue];
	const random = createRandom(`${seed}:gold:${junior}`);
	const own = new Set(queue.map((a) => a.pairIndex));
	const eligible = shuffled(
		gold.filter((g) => !own.has(g)),
		random
	);
	const training = eligible.slice(0, Math.max(0, options.trainingPairs));
	const rest = eligible.slice(training.length);
	const n = queue.length;
	const k = Math.min(rest.length, checkCount(n, options.checkShare));
	const slots = checkSlots(n, k, random).sort((a, b) => a - b);

	// Real item p moves down by the checks inserted at or before it.
	const shift = new Int32Array(n + 1);
	for (const s of slots) shift[s]++;
	for (let p = 1; p <= n; p++) shift[p] += shift[p - 1];
	const placed = queue.map((a): Assignment<J> => {
		const moved = { ...a, position: a.position + shift[a.position] };
		if (a.repeatOf !== undefined) moved.repeatOf = a.repeatOf + shift[a.repeatOf];
		return moved;
	});
	const copy = (pairIndex: number, position: number, purpose: 'training' | 'check') => ({
		pairIndex,
		junior,
		modelOnLeft: random.int(2) === 1,
		position,
		isRepeat: false,
		purpose
	});
	return [
		...training.map((g, i) => copy(g, i - training.length, 'training')),
		...placed,
		...slots.map((s, j) => copy(rest[j], s + j, 'check'))
	];
}
