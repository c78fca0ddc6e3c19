/**
 * Loads the built server's page and endpoint modules before the first request. SvelteKit imports
 * a route's code the first time someone opens it, and compiling a large page (the study page)
 * held the one request thread for 100–400 ms, so every rater waited while a researcher opened a
 * page for the first time after a restart (blocking benchmark, issue #11 item 18). Loading a
 * module runs no route code: pages still load their data per request, and SvelteKit's own lazy
 * import of the same file then finds it loaded.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Imports every `.js` file under `<buildDir>/server/chunks`; returns how many. */
export async function preloadPages(buildDir: string): Promise<number> {
	const chunks = join(buildDir, 'server', 'chunks');
	if (!existsSync(chunks)) return 0; // another adapter layout: SvelteKit loads routes lazily
	const files = readdirSync(chunks, { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith('.js'))
		.sort();
	for (const file of files) await import(pathToFileURL(join(chunks, file)).href);
	return files.length;
}
