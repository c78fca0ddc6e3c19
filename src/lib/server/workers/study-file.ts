/**
 * Validates an uploaded study file in the study-file worker (JSON parse, zod, side files,
 * cross-checks), so a large upload does not block other users while it is checked. The result
 * is the same as parseStudyFile's on the request thread: the same located problems, in the same
 * order, the member check made against a snapshot of the accounts taken when the job starts.
 */
import type { Account } from '../../domain/study-file/member-problems.ts';
import type { Result } from '../../domain/study-file/problem.ts';
import type { StudyFile } from '../../domain/study-file/schema.ts';
import { createLane, type Lane } from './lane.ts';
import { workerFile } from './worker-file.ts';
import type { StudyFileJob, StudyFileReply } from './study-file-worker.ts';

let lane: Lane<StudyFileJob, StudyFileReply> | undefined;

export type Upload = { study: ArrayBuffer; sideFiles: { name: string; bytes: ArrayBuffer }[] };

/**
 * The buffers are transferred to the worker (no copy), so they are unusable afterwards.
 * A worker crash rejects with an Error; nothing has been written at that point.
 */
export async function validateStudyFile(
	upload: Upload,
	accounts: [string, Account][]
): Promise<Result<StudyFile>> {
	lane ??= newLane();
	return lane.run({ ...upload, accounts }, [upload.study, ...upload.sideFiles.map((f) => f.bytes)]);
}

function newLane() {
	return createLane<StudyFileJob, StudyFileReply>(workerFile('study-file-worker.ts'), 'study file');
}

/** Starts the worker ahead of the first job (at server start). */
export function warm(): void {
	lane ??= newLane();
	lane.warm();
}

/** Jobs sent to the worker so far (tests). */
export const jobs = () => lane?.jobs ?? 0;

export async function close(): Promise<void> {
	await lane?.close();
}
