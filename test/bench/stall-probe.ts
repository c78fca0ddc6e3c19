/**
 * Preloaded into a benchmark's server (`node --import`) when BENCH_STALL_FILE is set: a timer
 * every 5 ms notes each time the server's main thread was busy for longer than STALL_MS in one
 * go, appending `{ end, mono, ms, cpu }` to that file: `end` in epoch ms, `mono` the same
 * instant on the monotonic clock in µs (the clock of a V8 CPU profile's timestamps, so a profile
 * taken with BENCH_CPU_PROF says by what), `ms` how long the timer was held up, and `cpu` how
 * much of that the main thread actually ran (Linux schedstat). On a loaded machine a stall can
 * be mostly waiting for a core; `cpu` is the part that is the server's own work.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_STALL_FILE;
const STALL_MS = 30;
const TICK_MS = 5;
/** The main thread's id is the process id; the first field is its time on a CPU in ns. */
const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;

function onCpuMs(): number {
	try {
		return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6;
	} catch {
		return NaN;
	}
}

// Worker threads inherit --import: only the request thread is watched.
if (file && isMainThread) {
	let last = performance.now();
	let lastCpu = onCpuMs();
	setInterval(() => {
		const now = performance.now();
		const cpuNow = onCpuMs();
		const ms = now - last - TICK_MS;
		const cpu = cpuNow - lastCpu;
		last = now;
		lastCpu = cpuNow;
		if (ms > STALL_MS)
			appendFileSync(
				file,
				`${JSON.stringify({ end: performance.timeOrigin + now, mono: Number(process.hrtime.bigint() / 1000n), ms, cpu })}\n`
			);
	}, TICK_MS).unref();
}
