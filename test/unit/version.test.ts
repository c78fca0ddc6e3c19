import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { MEDPAIR_VERSION } from '../../src/lib/domain/version.ts';

it('the version in report signatures equals package.json', () => {
	const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
	expect(MEDPAIR_VERSION).toBe(pkg.version);
});
