/**
 * The order in which a senior sees the juniors' votes on one pair. Labels by a fixed order
 * (e.g. assignment order) would make "Rater 1" the same person on every pair and let a senior
 * learn each junior's habits; a seeded shuffle per pair (study seed and pair id) keeps the
 * labels anonymous across pairs and reproducible.
 */
import { createRandom, shuffled } from '../random.ts';

/** The votes shuffled for this pair and relabelled "Rater 1", "Rater 2"… in the new order. */
export function seniorVoteOrder<T extends { rater: string }>(
	votes: readonly T[],
	studySeed: number,
	pairId: number
): T[] {
	const random = createRandom(`${studySeed}:senior-votes:${pairId}`);
	return shuffled(votes, random).map((vote, i) => ({ ...vote, rater: `Rater ${i + 1}` }));
}
