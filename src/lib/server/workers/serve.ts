/**
 * The worker side of a lane (lane.ts): answers each `{ id, input }` message with the handler's
 * value, or with its error message (the worker stays up for the next job).
 */
import { parentPort } from 'node:worker_threads';

export function serve<In, Out>(handler: (input: In) => Out | Promise<Out>): void {
	if (!parentPort) throw new Error('serve() runs inside a worker thread');
	const port = parentPort;
	port.on('message', async ({ id, input }: { id: number; input: In }) => {
		try {
			port.postMessage({ id, ok: true, value: await handler(input) });
		} catch (error) {
			port.postMessage({
				id,
				ok: false,
				error: error instanceof Error ? error.message : String(error)
			});
		}
	});
}
