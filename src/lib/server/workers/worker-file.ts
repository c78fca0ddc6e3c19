/**
 * Where the worker entries are at run time. The production server is a Vite SSR bundle, where
 * this module's own URL points into build/, so src/server.ts says where the sources are
 * (MEDPAIR_WORKERS_DIR); under `vite dev` and vitest this module is the source file itself.
 * Workers run their TypeScript with Node 22's type stripping, like the CLI.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function workerFile(name: string): URL {
	const candidates = [
		process.env.MEDPAIR_WORKERS_DIR,
		dirname(fileURLToPath(import.meta.url)),
		resolve('src/lib/server/workers')
	];
	for (const dir of candidates)
		if (dir && existsSync(join(dir, name))) return pathToFileURL(join(dir, name));
	throw new Error(`medpair: worker ${name} not found (run the server from the repository root)`);
}
