/**
 * Computes a study's seeded assignment in the assignment worker, so a sliced import does not
 * hold the request thread for the whole of assignPairs (seconds under load for 200,000
 * assignments). Gives exactly what assignPairs gives on the request thread.
 */
import { createLane, type Lane } from './lane.ts';
import type { AssignmentJob, AssignmentReply } from './assignment-plan.ts';
import { workerFile } from './worker-file.ts';

let lane: Lane<AssignmentJob, AssignmentReply> | undefined;

/** A worker crash rejects with an Error. */
export function planAssignment(job: AssignmentJob): Promise<AssignmentReply> {
	lane ??= createLane<AssignmentJob, AssignmentReply>(
		workerFile('assignment-worker.ts'),
		'assignment'
	);
	return lane.run(job);
}

/** Jobs sent to the worker so far (tests). */
export const jobs = () => lane?.jobs ?? 0;

export async function close(): Promise<void> {
	await lane?.close();
}
