/**
 * Worker entry: a study's seeded assignment (generatePairs + assignPairs), off the request
 * thread: for 101,250 pairs and two juniors it ran ~0.4 s idle, 2.5 s under load, as one step
 * of a sliced import. Answers typed-array columns. Loaded by path and run by Node's
 * own type stripping, so it imports with `.ts` extensions and no `$lib`.
 */
import { assignPairs } from '../../domain/assignment/assign-pairs.ts';
import { toColumns, type AssignmentColumns } from '../../domain/assignment/columns.ts';
import { generatePairs } from '../../domain/assignment/generate-pairs.ts';
import type { Design, StudyModel } from '../../domain/assignment/types.ts';
import { serve } from './serve.ts';

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

serve<AssignmentJob, AssignmentReply>((job) => {
	const result = assignPairs({
		pairs: generatePairs(job.design, job.models, job.promptKeys),
		juniors: job.juniors,
		ratersPerPair: job.ratersPerPair,
		seed: job.seed,
		repeatRate: job.repeatRate
	});
	if (!result.ok) return { ok: false, message: result.error.message };
	return { ok: true, columns: toColumns(result.value.flatMap((q) => q.assignments)) };
});
