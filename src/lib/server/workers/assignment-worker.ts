/**
 * Worker entry: a study's seeded assignment (generatePairs + assignPairs), off the request
 * thread: for 101,250 pairs and two juniors it ran ~0.4 s idle, 2.5 s under load, as one step
 * of a sliced import. Answers typed-array columns. Loaded by path and run by Node's
 * own type stripping, so it imports with `.ts` extensions and no `$lib`.
 */
import {
	planStudyAssignment,
	type AssignmentJob,
	type AssignmentReply
} from './assignment-plan.ts';
import { serve } from './serve.ts';

export type { AssignmentJob, AssignmentReply };

serve<AssignmentJob, AssignmentReply>(planStudyAssignment);
