import { ROBUSTNESS_TASKS, type UsefulnessOptions } from './types.ts';

/**
 * The part of a signature that pins the usefulness figures' definitions, e.g.
 * `robustness=sd,tasks=qa+summarization+ner` (ARCHITECTURE §6): which spread robustness sums and
 * over which tasks. Printed wherever usefulness figures are reported or exported.
 */
export function usefulnessSignature(options: UsefulnessOptions = {}): string {
	const tasks = options.robustnessTasks ?? ROBUSTNESS_TASKS;
	return `robustness=${options.robustness ?? 'sd'},tasks=${tasks.join('+')}`;
}
