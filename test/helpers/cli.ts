/** The `medpair` command as users run it: a child process on this checkout's sources. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const MEDPAIR_BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));

export function runMedpair(
	args: string[],
	options: { input?: string; env?: Record<string, string> } = {}
): { code: number | null; stdout: string; stderr: string } {
	const result = spawnSync(process.execPath, [MEDPAIR_BIN, ...args], {
		encoding: 'utf8',
		input: options.input,
		env: { ...process.env, ...options.env }
	});
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
