import { shuffled, type Random } from '../random.ts';

/**
 * Left/right placement for one junior's pairs: within each (model, opponent) combination a
 * seeded random half gets `model` on the left, so |left − right| ≤ 1 per combination; the odd
 * one out alternates between sides across combinations, so the junior's total is within 1 too.
 * Juniors draw independent halves, so two raters of one pair disagree on placement about half
 * the time. Returns 1 (model on left) or 0 per entry of `pairIndices`.
 */
export function placeSides(
	pairIndices: readonly number[],
	comboOf: Int32Array,
	comboCount: number,
	random: Random
): Uint8Array {
	const groups = groupByCombo(pairIndices, comboOf, comboCount);
	const left = new Uint8Array(pairIndices.length);
	let oddGoesLeft = random.int(2) === 1;
	for (const group of groups) {
		if (group.length === 0) continue;
		const order = shuffled(group, random);
		let leftCount = order.length >> 1;
		if (order.length % 2 === 1) {
			if (oddGoesLeft) leftCount++;
			oddGoesLeft = !oddGoesLeft;
		}
		for (let i = 0; i < leftCount; i++) left[order[i]] = 1;
	}
	return left;
}

/** Entries of `pairIndices` (as offsets into it) grouped by combination id. */
function groupByCombo(
	pairIndices: readonly number[],
	comboOf: Int32Array,
	comboCount: number
): number[][] {
	const groups: number[][] = Array.from({ length: comboCount }, () => []);
	for (let i = 0; i < pairIndices.length; i++) groups[comboOf[pairIndices[i]]].push(i);
	return groups;
}
