/**
 * Worker entry: a web import from the uploaded bytes to the written study (services/
 * study-upload.ts), on the worker's own connection to the database (file or PostgreSQL). The request thread only
 * passes the body on, chunk by chunk, as it arrives: the multipart parse, the validation of a
 * 36 MB study, the seeded assignment and ~350,000 inserts (with the WAL checkpoints they cause)
 * all run here. Writes go in short immediate transactions with a pause after each, in which the
 * server's own writes (ratings) get the write lock. Loaded by path and run by Node's type
 * stripping, so it imports with `.ts` extensions and no `$lib`.
 */
import type { MessagePort } from 'node:worker_threads';
import { openDb, type AppDb } from '../db/index.ts';
import { openPgDb } from '../db/postgres.ts';
import { importUpload, type UploadOutcome } from '../services/study-upload.ts';
import { planStudyAssignment } from './assignment-plan.ts';
import type { DbSource } from './read-snapshot.ts';
import { serve } from './serve.ts';

export type StudyImportJob = {
	/** The server's database. */
	source: DbSource;
	contentType: string;
	/** Receives the body: Uint8Array chunks, then 'end' (or 'abort'); answers `{ studyId }`. */
	body: MessagePort;
	actorId: number;
};
export type StudyImportReply = UploadOutcome | { kind: 'aborted' };
export type BodyMessage = Uint8Array<ArrayBuffer> | 'end' | 'abort';

/**
 * Longest write transaction on SQLite: a rating submitted meanwhile waits about this long at
 * most, for SQLite has one writer at a time.
 */
const SLICE_MS = 10;
/** Between slices, so that the server's writers waiting on the lock (busy_timeout) get it. */
const PAUSE_MS = 5;
/**
 * On PostgreSQL the import's inserts (rows of a new study) block no rater's write, so slices are
 * longer (fewer commits) and need no pause.
 */
const PG_SLICE_MS = 100;

const connections = new Map<string, Promise<AppDb>>();

function connect(source: DbSource): Promise<AppDb> {
	const key = 'url' in source ? source.url : source.file;
	let db = connections.get(key);
	if (!db) {
		db =
			'url' in source
				? openPgDb(source.url, { poolSize: 2, migrate: false })
				: Promise.resolve(openDb(source.file, { migrate: false }));
		connections.set(key, db);
		db.catch(() => connections.delete(key));
	}
	return db;
}

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

serve<StudyImportJob, StudyImportReply>(async ({ source, contentType, body, actorId }) => {
	try {
		const chunks = await receive(body);
		if (!chunks) return { kind: 'aborted' };
		const db = await connect(source);
		const pg = 'url' in source;
		let told = false;
		return await importUpload(db, new Blob(chunks), contentType, actorId, {
			sliceMs: pg ? PG_SLICE_MS : SLICE_MS,
			pause: () => new Promise((resolve) => setTimeout(resolve, pg ? 0 : PAUSE_MS)),
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
