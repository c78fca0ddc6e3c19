/**
 * Issue #11 item 8: `medpair study import` reads side files only from inside the study file's
 * folder, only regular files, at most 50 MB; every refusal names the path and changes nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
	closeSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	rmSync,
	symlinkSync,
	ftruncateSync,
	writeFileSync,
	realpathSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sideFileLoader } from '../../src/cli/study-files.ts';
import { formatProblem, parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import { smallStudy } from '../helpers/study.ts';
import { cliDatabase, countOf, type CliDatabase } from '../helpers/cli-db.ts';

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const root = realpathSync(mkdtempSync(join(tmpdir(), 'medpair-side-')));
const folder = join(root, 'study');
const studyFile = join(folder, 'study.json');
const PROMPTS = 'key,text\nq1,One?\nq2,Two?\nq3,Three?\n';

beforeAll(() => {
	mkdirSync(join(folder, 'sub.csv'), { recursive: true });
	writeFileSync(join(root, 'secret.csv'), PROMPTS);
	writeFileSync(join(folder, 'prompts.csv'), PROMPTS);
	symlinkSync(join(root, 'secret.csv'), join(folder, 'link-out.csv'));
	symlinkSync('prompts.csv', join(folder, 'link-in.csv'));
	symlinkSync('/dev/zero', join(folder, 'zero.jsonl'));
	execFileSync('mkfifo', [join(folder, 'fifo.jsonl')]);
	const big = openSync(join(folder, 'big.csv'), 'w');
	ftruncateSync(big, 50 * 1024 * 1024 + 1); // sparse: no 50 MB written
	closeSync(big);
	writeFileSync(studyFile, JSON.stringify(smallStudy()));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const problemsFor = (prompts: string) => {
	const result = parseStudyFile(JSON.stringify(smallStudy({ prompts })), {
		loadSideFile: sideFileLoader(studyFile)
	});
	return result.ok ? [] : result.problems.map(formatProblem);
};

describe('side files of `medpair study import` (#11 item 8)', () => {
	const where = () => `the study file's folder (${folder})`;

	it('reads a side file in the folder, also through a link that stays inside', () => {
		expect(problemsFor('prompts.csv')).toEqual([]);
		expect(problemsFor('link-in.csv')).toEqual([]);
		expect(problemsFor('./sub.csv/../prompts.csv')).toEqual([]);
	});

	it('refuses a relative path that leaves the folder', () => {
		expect(problemsFor('../secret.csv')).toEqual([
			`prompts: "../secret.csv" is outside ${where()}`
		]);
		expect(problemsFor('../../../../etc/x.csv')).toEqual([
			`prompts: "../../../../etc/x.csv" is outside ${where()}`
		]);
	});

	it('refuses an absolute path, even to a file inside the folder', () => {
		expect(problemsFor(join(folder, 'prompts.csv'))).toEqual([
			`prompts: "${join(folder, 'prompts.csv')}" is an absolute path; side files must be inside ${where()}`
		]);
	});

	it('refuses a symbolic link that points out of the folder', () => {
		expect(problemsFor('link-out.csv')).toEqual([
			`prompts: "link-out.csv" is a link to ${join(root, 'secret.csv')}, outside ${where()}`
		]);
		expect(problemsFor('zero.jsonl')).toEqual([
			`prompts: "zero.jsonl" is a link to /dev/zero, outside ${where()}`
		]);
	});

	it('refuses a FIFO, a folder and a file over 50 MB without opening them', () => {
		expect(problemsFor('fifo.jsonl')).toEqual([
			'prompts: "fifo.jsonl" is a named pipe (FIFO), not a regular file'
		]);
		expect(problemsFor('sub.csv')).toEqual(['prompts: "sub.csv" is a folder, not a regular file']);
		expect(problemsFor('big.csv')).toEqual(['prompts: "big.csv" is larger than 50 MB']);
	});
});

describe(
	'the command with such files: a clear error and an unchanged database',
	{ timeout: 60_000 },
	() => {
		let target: CliDatabase;
		beforeAll(async () => {
			target = await cliDatabase(root, 'cli_side');
		});
		const medpair = (args: string[]) => {
			const result = spawnSync(process.execPath, [BIN, ...args], {
				encoding: 'utf8',
				timeout: 30_000,
				env: { ...process.env, ...target.env }
			});
			return { code: result.status, stderr: result.stderr, signal: result.signal };
		};
		const studies = () => countOf(target, 'studies');

		it('refuses a study that names a FIFO and /dev/zero, without hanging', async () => {
			const file = join(folder, 'fifo-study.json');
			writeFileSync(
				file,
				JSON.stringify(smallStudy({ prompts: 'fifo.jsonl', responses: '/dev/zero.jsonl' }))
			);
			const run = medpair(['study', 'import', file]);
			expect(run.signal).toBeNull();
			expect(run.code).not.toBe(0);
			expect(run.stderr).toContain('nothing was changed');
			expect(run.stderr).toContain(
				'prompts: "fifo.jsonl" is a named pipe (FIFO), not a regular file'
			);
			expect(run.stderr).toContain('responses: "/dev/zero.jsonl" is an absolute path');
			expect(await studies()).toBe(0);
		});

		it('refuses a folder or a device as the study file with one clear line', async () => {
			const dir = medpair(['study', 'import', folder]);
			expect(dir.code).not.toBe(0);
			expect(dir.stderr.trim()).toBe(
				`medpair: "${folder}" is a folder, not a regular file; give the path of a study file (.json)`
			);
			const zero = medpair(['study', 'import', '/dev/zero']);
			expect(zero.signal).toBeNull();
			expect(zero.stderr.trim()).toBe(
				'medpair: "/dev/zero" is a device, not a regular file; give the path of a study file (.json)'
			);
			expect(await studies()).toBe(0);
		});
	}
);
