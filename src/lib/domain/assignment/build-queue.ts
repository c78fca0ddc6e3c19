import type { Random } from '../random.ts';
import { insertRepeats } from './insert-repeats.ts';
import type { PairIndex } from './pair-index.ts';
import { placeSides } from './place-sides.ts';
import { spreadPrompts } from './spread-prompts.ts';
import type { Assignment, JuniorId } from './types.ts';

/**
 * One junior's queue for the pairs they rate: counterbalanced sides, a seeded order that keeps
 * a prompt from following itself, and repeats with sides swapped later on. Positions run 0..n−1.
 */
export function buildQueue<J extends JuniorId>(
	junior: J,
	pairIndices: readonly number[],
	index: PairIndex,
	repeatRate: number,
	random: Random
): Assignment<J>[] {
	const m = pairIndices.length;
	const left = placeSides(pairIndices, index.comboOf, index.combos.length, random);
	// Work on offsets into `pairIndices` so lookups stay in arrays of the junior's size.
	const prompt = new Int32Array(m);
	for (let i = 0; i < m; i++) prompt[i] = index.promptOf[pairIndices[i]];
	const order = spreadPrompts(
		Array.from({ length: m }, (_, i) => i),
		prompt,
		random
	);
	const leftInOrder = new Uint8Array(m);
	for (let o = 0; o < m; o++) leftInOrder[o] = left[order[o]];
	const sequence = insertRepeats(order, leftInOrder, prompt, repeatRate, random);

	const positionOf = new Int32Array(m);
	sequence.forEach((entry, position) => {
		if (entry >= 0) positionOf[entry] = position;
	});
	return sequence.map((entry, position): Assignment<J> => {
		if (entry >= 0) {
			const pairIndex = pairIndices[order[entry]];
			return {
				pairIndex,
				junior,
				modelOnLeft: leftInOrder[entry] === 1,
				position,
				isRepeat: false
			};
		}
		const o = -entry - 1;
		return {
			pairIndex: pairIndices[order[o]],
			junior,
			modelOnLeft: leftInOrder[o] !== 1,
			position,
			isRepeat: true,
			repeatOf: positionOf[o]
		};
	});
}
