/**
 * A study's seeded assignment (generatePairs + assignPairs) as typed-array columns: what the
 * assignment worker answers, and what the import worker computes in its own thread before it
 * starts writing. Imports with `.ts` extensions and no `$lib` (run by Node's type stripping).
 */
import { assignPairs } from '../../domain/assignment/assign-pairs.ts';
import { toColumns, type AssignmentColumns } from '../../domain/assignment/columns.ts';
import { generatePairs } from '../../domain/assignment/generate-pairs.ts';
import type { Design, StudyModel } from '../../domain/assignment/types.ts';

export type AssignmentJob = {
	design: Design;
	models: StudyModel[];
	promptKeys: string[];
	juniors: number[];
	ratersPerPair: number;
	seed: number;
	repeatRate: number;
};
export type AssignmentReply =
	{ ok: true; columns: AssignmentColumns } | { ok: false; message: string };

export function planStudyAssignment(job: AssignmentJob): AssignmentReply {
	const result = assignPairs({
		pairs: generatePairs(job.design, job.models, job.promptKeys),
		juniors: job.juniors,
		ratersPerPair: job.ratersPerPair,
		seed: job.seed,
		repeatRate: job.repeatRate
	});
	if (!result.ok) return { ok: false, message: result.error.message };
	return { ok: true, columns: toColumns(result.value.flatMap((q) => q.assignments)) };
}
