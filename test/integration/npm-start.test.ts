/**
 * `npm start` as a new user sees it (issue #13, items 4 and 8): it builds into the build folder
 * the server reads (MEDPAIR_BUILD_DIR), prints only what the user needs — building, the address,
 * the demo logins, how to stop — and none of vite's or SvelteKit's own hints.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Inside the checkout: the server bundle resolves its packages from node_modules here.
const dir = mkdtempSync(join(ROOT, '.e2e-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }), 60_000);

/** Runs src/start.ts until the server says how to stop it, then stops it; returns its output. */
function start(): Promise<{ stdout: string; stderr: string }> {
	const { HOST: _host, ORIGIN: _origin, ...env } = process.env;
	const child = spawn(process.execPath, [join(ROOT, 'src/start.ts')], {
		cwd: ROOT,
		env: {
			...env,
			PORT: '0',
			DATABASE_PATH: join(dir, 'medpair.db'),
			MEDPAIR_BUILD_DIR: join(dir, 'build')
		}
	});
	let stdout = '';
	let shown = '';
	let stderr = '';
	child.stderr.on('data', (chunk) => (stderr += chunk));
	return new Promise((resolve, reject) => {
		child.stdout.on('data', (chunk) => {
			stdout += chunk;
			if (!shown && stdout.includes('Stop it with Ctrl+C.')) {
				shown = stdout; // what the user sees before stopping it
				child.kill('SIGTERM');
			}
		});
		child.on('exit', () => resolve({ stdout: shown || stdout, stderr }));
		child.on('error', reject);
	});
}

describe('npm start', () => {
	it('builds where the server looks and prints only what a new user needs', async () => {
		const { stdout, stderr } = await start();
		expect(existsSync(join(dir, 'build', 'handler.js'))).toBe(true);
		expect(stderr).toBe('');
		const lines = stdout
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean);
		expect(lines[0]).toBe('Building medpair (the first start takes about a minute)…');
		expect(lines[1]).toMatch(/^Built in \d+ s\.$/);
		expect(lines).toContain('Loaded the demo study into the empty database.');
		expect(lines).toContain('Demo accounts (password "medpair-demo"):');
		for (const account of ['researcher', 'junior1', 'junior2', 'senior'])
			expect(lines.some((line) => line.startsWith(`${account} `))).toBe(true);
		expect(
			lines.some((line) => /^medpair is running at http:\/\/127\.0\.0\.1:\d+ /.test(line))
		).toBe(true);
		expect(lines.at(-1)).toBe('Stop it with Ctrl+C.');
		expect(stdout).not.toMatch(/preview|empty chunk|tsconfig|adapter-node|vite/i);
	}, 300_000);
});
