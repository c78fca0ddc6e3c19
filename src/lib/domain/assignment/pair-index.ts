import type { Pair } from './types.ts';

/** Pairs reduced to small integers, so the hot loops compare numbers instead of strings. */
export type PairIndex = {
	/** Prompt id of each pair (ids in order of first appearance). */
	promptOf: Int32Array;
	/** (model, opponent) combination id of each pair. */
	comboOf: Int32Array;
	/** The combinations, by id. */
	combos: { model: string; opponent: string }[];
};

/** Interns each pair's prompt and (model, opponent) combination as dense integer ids. */
export function indexPairs(pairs: readonly Pair[]): PairIndex {
	const promptOf = new Int32Array(pairs.length);
	const comboOf = new Int32Array(pairs.length);
	const promptIds = new Map<string, number>();
	const comboIds = new Map<string, number>();
	const combos: { model: string; opponent: string }[] = [];
	for (let i = 0; i < pairs.length; i++) {
		const { prompt, model, opponent } = pairs[i];
		let promptId = promptIds.get(prompt);
		if (promptId === undefined) promptIds.set(prompt, (promptId = promptIds.size));
		const comboKey = `${model}\u0000${opponent}`;
		let comboId = comboIds.get(comboKey);
		if (comboId === undefined) {
			comboIds.set(comboKey, (comboId = combos.length));
			combos.push({ model, opponent });
		}
		promptOf[i] = promptId;
		comboOf[i] = comboId;
	}
	return { promptOf, comboOf, combos };
}
