/**
 * A lane: one reusable worker thread for one kind of job (import parsing, statistics), so heavy
 * pure work runs off the request thread without starting a thread per request. Jobs are answered
 * in order by id. The worker is started on first use and kept; it holds the process open only
 * while a job is pending (unref'd when idle), so a server or test can end without closing it.
 * If the worker crashes or exits, every pending job fails with a clear error and the next job
 * starts a fresh worker.
 */
import { Worker, type Transferable } from 'node:worker_threads';

export type Lane<In, Out> = {
	/** Starts the worker now (it loads its modules), so the first job does not wait for that. */
	warm(): void;
	run(input: In, transfer?: Transferable[]): Promise<Out>;
	/** Ends the worker (tests, shutdown); the next run starts a new one. */
	close(): Promise<void>;
	/** Jobs sent to a worker since the lane was made (tests use it to see the worker was used). */
	readonly jobs: number;
};

type Reply<Out> = { id: number; ok: true; value: Out } | { id: number; ok: false; error: string };
type Pending<Out> = { resolve: (value: Out) => void; reject: (error: Error) => void };

export function createLane<In, Out>(file: URL | string, name: string): Lane<In, Out> {
	let worker: Worker | undefined;
	let nextId = 1;
	let jobs = 0;
	const pending = new Map<number, Pending<Out>>();

	function failAll(error: Error) {
		for (const job of pending.values()) job.reject(error);
		pending.clear();
	}

	function start(): Worker {
		const w = new Worker(file, { name });
		w.on('message', (reply: Reply<Out>) => {
			const job = pending.get(reply.id);
			if (!job) return;
			pending.delete(reply.id);
			if (pending.size === 0) w.unref();
			if (reply.ok) job.resolve(reply.value);
			else job.reject(new Error(`${name} worker: ${reply.error}`));
		});
		w.on('error', (error) => {
			if (worker === w) worker = undefined;
			failAll(new Error(`${name} worker crashed: ${error.message}`, { cause: error }));
		});
		w.on('exit', (code) => {
			if (worker === w) worker = undefined;
			failAll(new Error(`${name} worker exited (code ${code}) before answering`));
		});
		return w;
	}

	return {
		warm() {
			worker ??= start();
			if (pending.size === 0) worker.unref();
		},
		run(input, transfer = []) {
			worker ??= start();
			const id = nextId++;
			jobs++;
			worker.ref();
			return new Promise<Out>((resolve, reject) => {
				pending.set(id, { resolve, reject });
				worker!.postMessage({ id, input }, transfer);
			});
		},
		async close() {
			const w = worker;
			worker = undefined;
			if (w) await w.terminate();
		},
		get jobs() {
			return jobs;
		}
	};
}
