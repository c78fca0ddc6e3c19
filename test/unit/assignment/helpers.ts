import { generatePairs } from '../../../src/lib/domain/assignment/index.ts';
import type {
	Assignment,
	JuniorQueue,
	Pair,
	StudyModel
} from '../../../src/lib/domain/assignment/index.ts';

/** Models c1..cN (candidates) followed by r1..rM (references), in study order. */
export function models(candidates: number, references: number): StudyModel[] {
	return [
		...Array.from({ length: candidates }, (_, i) => ({
			key: `c${i + 1}`,
			group: 'candidate' as const
		})),
		...Array.from({ length: references }, (_, i) => ({
			key: `r${i + 1}`,
			group: 'reference' as const
		}))
	];
}

/** Prompt keys q1..qN. */
export function prompts(count: number): string[] {
	return Array.from({ length: count }, (_, i) => `q${i + 1}`);
}

/** The candidate-vs-reference pairs of a generated study. */
export function studyPairs(promptCount: number, candidates: number, references: number): Pair[] {
	return generatePairs(
		'candidate-vs-reference',
		models(candidates, references),
		prompts(promptCount)
	);
}

/** Juniors j1..jN. */
export function juniors(count: number): string[] {
	return Array.from({ length: count }, (_, i) => `j${i + 1}`);
}

/** Every assignment of every queue. */
export function flat<J extends string | number>(queues: JuniorQueue<J>[]): Assignment<J>[] {
	return queues.flatMap((queue) => queue.assignments);
}

/** Number of neighbours in a queue that share a prompt. */
export function promptClashes(
	pairs: readonly Pair[],
	queue: readonly Assignment<string>[]
): number {
	let clashes = 0;
	for (let i = 1; i < queue.length; i++) {
		if (pairs[queue[i].pairIndex].prompt === pairs[queue[i - 1].pairIndex].prompt) clashes++;
	}
	return clashes;
}

/** Unwraps a successful result, failing the test otherwise. */
export function unwrap<T>(
	result: { ok: true; value: T } | { ok: false; error: { message: string } }
): T {
	if (!result.ok) throw new Error(`expected success, got: ${result.error.message}`);
	return result.value;
}
