/**
 * A new user's first commands on a fresh clone (issue #13, items 2 and 3): `npm ci` and
 * `npm install` leave `git status` clean (the committed lock file is what npm writes), and
 * `npx medpair --help` prints the help and nothing else (no EBADENGINE warnings from npm).
 * Runs npm as a user's shell would: without this checkout's node_modules/.bin on PATH, so npm
 * itself runs on the machine's Node (20 on these machines) exactly as in the README.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'medpair-clone-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }), 120_000);

/** The environment of a user's shell: no npm run-script variables, no project .bin on PATH. */
function userEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env))
		if (!key.toLowerCase().startsWith('npm_') && key !== 'NODE_OPTIONS') env[key] = value;
	env.PATH = (process.env.PATH ?? '')
		.split(delimiter)
		.filter((part) => !part.includes('node_modules'))
		.join(delimiter);
	return env;
}

function run(command: string, args: string[]) {
	const result = spawnSync(command, args, { cwd: dir, env: userEnv(), encoding: 'utf8' });
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('a fresh clone', () => {
	it('installs without changing a tracked file, and npx medpair --help prints only the help', () => {
		execFileSync('git', ['clone', '--quiet', process.cwd(), dir]);

		const ci = run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline']);
		expect(ci.code, ci.stderr).toBe(0);
		expect(run('git', ['status', '--porcelain']).stdout).toBe('');

		const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']);
		expect(install.code, install.stderr).toBe(0);
		expect(run('git', ['status', '--porcelain']).stdout).toBe('');

		// npx finds the CLI in node_modules/.bin (linked at install) instead of copying the whole
		// project into its cache first, as it does for a package.json `bin` of the project itself.
		expect(realpathSync(join(dir, 'node_modules/.bin/medpair'))).toBe(
			realpathSync(join(dir, 'src/cli/bin.js'))
		);
		const help = run('npx', ['medpair', '--help']);
		expect(help.code).toBe(0);
		expect(help.stderr).toBe('');
		expect(help.stdout.startsWith('Usage: medpair [options] [command]')).toBe(true);
		expect(help.stdout).toContain('demo');
	}, 300_000);
});
