/**
 * `npm start`: builds the app when the build is missing or older than the sources, then starts
 * the server with the demo study loaded into an empty database.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertNode22 } from './lib/server/runtime.ts';

assertNode22();

// The same setting the server reads (src/server.ts), so a custom build folder is rebuilt too.
const BUILD_MARKER = resolve(process.env.MEDPAIR_BUILD_DIR ?? 'build', 'handler.js');
const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

function newestChange(path: string): number {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

const built = existsSync(BUILD_MARKER) ? statSync(BUILD_MARKER).mtimeMs : 0;
if (built < Math.max(...SOURCES.map(newestChange))) {
	// vite and SvelteKit print their own progress and hints (some not for this project, such as
	// "npm run preview"): keep their output, and show it only when the build fails.
	console.log('Building medpair (the first start takes about a minute)…');
	const started = Date.now();
	const result = spawnSync(
		process.execPath,
		['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'],
		{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
	);
	if (result.status !== 0) {
		process.stdout.write(result.stdout ?? '');
		process.stderr.write(result.stderr ?? '');
		console.error('medpair: the build failed (its output is above).');
		process.exit(result.status ?? 1);
	}
	console.log(`Built in ${Math.round((Date.now() - started) / 1000)} s.`);
}

process.argv.push('--demo');
await import('./server.ts');
