/**
 * Preloaded into a benchmark's server (`node --import`) when BENCH_STALL_FILE is set: a timer
 * every 5 ms notes each time the server's main thread was busy for longer than STALL_MS in one
 * go, appending `{ end, mono, ms }` to that file (`end` in epoch ms, `mono` the same instant on
 * the monotonic clock in µs, the clock of a V8 CPU profile's timestamps), so a benchmark can tell
 * when the request thread was blocked and for how long, and a profile (BENCH_CPU_PROF) by what.
 */
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_STALL_FILE;
const STALL_MS = 30;
const TICK_MS = 5;

// Worker threads inherit --import: only the request thread is watched.
if (file && isMainThread) {
	let last = performance.now();
	setInterval(() => {
		const now = performance.now();
		const ms = now - last - TICK_MS;
		last = now;
		if (ms > STALL_MS)
			appendFileSync(
				file,
				`${JSON.stringify({ end: performance.timeOrigin + now, mono: Number(process.hrtime.bigint() / 1000n), ms })}\n`
			);
	}, TICK_MS).unref();
}
