import { MEDPAIR_VERSION } from '../version.ts';
import { aggregateModels } from './aggregate-models.ts';
import type { ScoreScale } from './parse-scores.ts';
import type { ModelUsefulness, UsefulnessInput, UsefulnessOptions } from './types.ts';
import { usefulnessSignature } from './usefulness-signature.ts';

export type UsefulnessReport = {
	signature: string;
	/** The input's scale; the figures are always on 0–100 (0–1 input is multiplied by 100). */
	scale: { input: ScoreScale; output: '0-100' };
	models: ModelUsefulness[];
};

/**
 * The `medpair usefulness --json` report: BenchHealth's four clinical-usefulness figures per model
 * (first-appearance order) from per-dataset scores on 0–100, with a signature naming the input
 * scale and the robustness reading, e.g.
 * `usefulness|scale=0-100|robustness=sd,tasks=qa+summarization+ner|version=0.1.0`.
 * Reference: BenchHealth §3 and §5.5; ARCHITECTURE §6.
 */
export function usefulnessReport(
	scores: readonly UsefulnessInput[],
	scale: ScoreScale,
	options: UsefulnessOptions = {}
): UsefulnessReport {
	const signature = [
		'usefulness',
		scale === '0-1' ? 'scale=0-1,x100' : 'scale=0-100',
		usefulnessSignature(options),
		`version=${MEDPAIR_VERSION}`
	].join('|');
	return {
		signature,
		scale: { input: scale, output: '0-100' },
		models: aggregateModels(scores, options)
	};
}
