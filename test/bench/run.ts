/**
 * `npm run bench`: runs every test/bench/*.bench.ts in its own process (so peak memory figures
 * are per benchmark), one after the other. Not part of `npm test` or CI.
 *   npm run bench [-- name-filter]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(dir)
	.filter((name) => name.endsWith('.bench.ts') && name.includes(filter))
	.sort();

let failed = 0;
for (const file of files) {
	console.log(`\n=== ${file}`);
	const result = spawnSync(process.execPath, ['--expose-gc', `${dir}${file}`], {
		stdio: 'inherit'
	});
	if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
