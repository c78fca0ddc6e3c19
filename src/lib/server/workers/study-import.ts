/**
 * A web import in the import worker (study-import-worker.ts): the request thread streams the
 * upload's body to the worker chunk by chunk as it arrives, and gets back only the outcome
 * (counts, or the located problems). Parsing, validation, assignment and writing a 36 MB study
 * used to cost the request thread seconds in all, in blocks of up to a second (the multipart
 * parse, the parsed study copied back from the validation worker, its garbage collection, the
 * write slices and their WAL checkpoints), during which no rater's page was served.
 */
import { MessageChannel } from 'node:worker_threads';
import type { AppDb } from '../db/index.ts';
import { removeStoppedImport } from '../services/study-import.ts';
import { importUpload, type UploadOutcome } from '../services/study-upload.ts';
import { sourceOf, workersCanOpen } from './read-snapshot.ts';
import { createLane, type Lane } from './lane.ts';
import type { BodyMessage, StudyImportJob, StudyImportReply } from './study-import-worker.ts';
import { workerFile } from './worker-file.ts';

let lane: Lane<StudyImportJob, StudyImportReply> | undefined;

/**
 * Imports the study file of an import form post. Rejects when the body cannot be read (its
 * error: too large for BODY_SIZE_LIMIT, connection lost) or the worker crashes; either way
 * nothing is left written. An in-memory database (tests), which a worker cannot open, is
 * imported in-thread by the same steps.
 */
export async function importRequest(
	db: AppDb,
	request: Request,
	actorId: number
): Promise<UploadOutcome> {
	const contentType = request.headers.get('content-type') ?? '';
	// In-thread for an in-memory database (tests), which a worker cannot open.
	if (!workersCanOpen(db))
		return await importUpload(db, await request.blob(), contentType, actorId);

	lane ??= newLane();
	const { port1: body, port2 } = new MessageChannel();
	let studyId: number | undefined;
	body.on('message', (message: { studyId: number }) => (studyId = message.studyId));
	const send = (message: BodyMessage, transfer: ArrayBuffer[] = []) =>
		body.postMessage(message, transfer);
	const job = lane.run({ source: sourceOf(db), contentType, body: port2, actorId }, [port2]);
	try {
		try {
			const reader = request.body?.getReader();
			for (;;) {
				const chunk = await reader?.read();
				if (!chunk || chunk.done) break;
				// A copy of its own (a chunk may be a view into a larger buffer), handed over.
				const copy = chunk.value.slice();
				send(copy, [copy.buffer]);
			}
			send('end');
		} catch (error) {
			send('abort');
			await job.catch(() => undefined);
			throw error;
		}
		const outcome = await job;
		if (outcome.kind === 'aborted') throw new Error('the import worker was told to stop');
		return outcome;
	} catch (error) {
		// A crash between slices leaves the study `importing` (hidden): remove it now.
		if (studyId !== undefined) await removeStoppedImport(db, studyId);
		throw error;
	} finally {
		body.close();
	}
}

function newLane() {
	return createLane<StudyImportJob, StudyImportReply>(
		workerFile('study-import-worker.ts'),
		'study import'
	);
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
