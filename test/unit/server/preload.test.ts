/**
 * The server loads every built route module before its first request (issue #11 item 18): the
 * first visit of a large page after a restart no longer compiles it on the request thread.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { preloadPages } from '../../../src/lib/server/preload.ts';

const dir = mkdtempSync(join(tmpdir(), 'medpair-preload-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Marked = typeof globalThis & { __medpairPreloaded?: string[] };
const module = (name: string) =>
	`(globalThis.__medpairPreloaded ??= []).push(${JSON.stringify(name)});\nexport {};\n`;

describe('preloadPages', () => {
	it('imports every .js module under server/chunks, nested folders included, once each', async () => {
		const chunks = join(dir, 'build', 'server', 'chunks');
		mkdirSync(join(chunks, 'nodes'), { recursive: true });
		mkdirSync(join(chunks, 'entries', 'pages'), { recursive: true });
		writeFileSync(join(chunks, 'index.js'), module('index'));
		writeFileSync(join(chunks, 'nodes', '3.js'), module('node 3'));
		writeFileSync(join(chunks, 'entries', 'pages', 'page.svelte.js'), module('page'));
		writeFileSync(join(chunks, 'index.js.map'), '{"version":3}');

		expect(await preloadPages(join(dir, 'build'))).toBe(3);
		// A second call (or SvelteKit's own import later) finds them loaded: nothing runs again.
		expect(await preloadPages(join(dir, 'build'))).toBe(3);
		expect([...((globalThis as Marked).__medpairPreloaded ?? [])].sort()).toEqual([
			'index',
			'node 3',
			'page'
		]);
	});

	it('does nothing for a build without server/chunks', async () => {
		mkdirSync(join(dir, 'other'), { recursive: true });
		expect(await preloadPages(join(dir, 'other'))).toBe(0);
	});
});
