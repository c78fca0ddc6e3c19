/**
 * Worker entry: a web import from the uploaded bytes to the written study (services/
 * study-upload.ts), on the worker's own connection to the database file. The request thread only
 * passes the body on, chunk by chunk, as it arrives: the multipart parse, the validation of a
 * 36 MB study, the seeded assignment and ~350,000 inserts (with the WAL checkpoints they cause)
 * all run here. Writes go in short immediate transactions with a pause after each, in which the
 * server's own writes (ratings) get the write lock. Loaded by path and run by Node's type
 * stripping, so it imports with `.ts` extensions and no `$lib`.
 */
import type { MessagePort } from 'node:worker_threads';
import { openDb, type AppDb } from '../db/index.ts';
import { importUpload, type UploadOutcome } from '../services/study-upload.ts';
import { planStudyAssignment } from './assignment-plan.ts';
import { serve } from './serve.ts';

export type StudyImportJob = {
	/** The server's database file. */
	file: string;
	contentType: string;
	/** Receives the body: Uint8Array chunks, then 'end' (or 'abort'); answers `{ studyId }`. */
	body: MessagePort;
	actorId: number;
};
export type StudyImportReply = UploadOutcome | { kind: 'aborted' };
export type BodyMessage = Uint8Array<ArrayBuffer> | 'end' | 'abort';

/** Longest write transaction: a rating submitted meanwhile waits about this long at most. */
const SLICE_MS = 10;
/** Between slices, so that the server's writers waiting on the lock (busy_timeout) get it. */
const PAUSE_MS = 5;

const connections = new Map<string, AppDb>();

function receive(port: MessagePort): Promise<Uint8Array<ArrayBuffer>[] | null> {
	return new Promise((resolve) => {
		const chunks: Uint8Array<ArrayBuffer>[] = [];
		port.on('message', (message: BodyMessage) => {
			if (message === 'end') resolve(chunks);
			else if (message === 'abort') resolve(null);
			else chunks.push(message);
		});
	});
}

serve<StudyImportJob, StudyImportReply>(async ({ file, contentType, body, actorId }) => {
	try {
		const chunks = await receive(body);
		if (!chunks) return { kind: 'aborted' };
		let db = connections.get(file);
		if (!db) connections.set(file, (db = openDb(file, { migrate: false })));
		let told = false;
		return await importUpload(db, new Blob(chunks), contentType, actorId, {
			sliceMs: SLICE_MS,
			pause: () => new Promise((resolve) => setTimeout(resolve, PAUSE_MS)),
			plan: planStudyAssignment,
			onProgress: ({ studyId }) => {
				if (told || studyId === undefined) return;
				told = true;
				body.postMessage({ studyId });
			}
		});
	} finally {
		body.close();
	}
});
