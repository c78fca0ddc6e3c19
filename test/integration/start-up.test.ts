/**
 * Starting the server and the CLI as users do (child processes): a database that cannot be
 * written stops them with one line saying what to do (issue #11 item 23), and the demo listens
 * on this machine only unless HOST is set (item 22).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDb } from '../../src/lib/server/db/index.ts';
import { MIGRATIONS } from '../helpers/db.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'src/cli/bin.js');
const SERVER = join(ROOT, 'src/server.ts');
const dir = mkdtempSync(join(tmpdir(), 'medpair-start-'));
const immutable: string[] = [];
afterAll(() => {
	for (const path of immutable) spawnSync('chattr', ['-i', path]);
	rmSync(dir, { recursive: true, force: true });
});

function env(extra: Record<string, string>) {
	const { HOST: _host, ORIGIN: _origin, ...rest } = process.env;
	return { ...rest, MIGRATIONS_PATH: MIGRATIONS, ...extra };
}

function run(file: string, args: string[], extra: Record<string, string>) {
	const result = spawnSync(process.execPath, [file, ...args], {
		cwd: ROOT,
		encoding: 'utf8',
		input: 'a long enough password\n',
		env: env(extra),
		timeout: 60_000
	});
	return { code: result.status, stderr: result.stderr.trim() };
}

const server = (databasePath: string) => run(SERVER, [], { DATABASE_PATH: databasePath });
const cli = (databasePath: string) =>
	run(BIN, ['user', 'add', 'someone', '--role', 'junior', '--password-stdin'], {
		DATABASE_PATH: databasePath
	});

/** chattr +i makes a file or folder read-only even for root (tests may run as root). */
function makeImmutable(path: string): boolean {
	const ok = spawnSync('chattr', ['+i', path]).status === 0;
	if (ok) immutable.push(path);
	return ok;
}

describe('starting on a database that cannot be written', () => {
	it('a folder that cannot be created: one line, exit 1 (server and CLI)', () => {
		const notAFolder = join(dir, 'plain-file');
		writeFileSync(notAFolder, 'x');
		const path = join(notAFolder, 'medpair.db');
		for (const result of [server(path), cli(path)]) {
			expect(result.code).toBe(1);
			expect(result.stderr.split('\n')).toHaveLength(1);
			expect(result.stderr).toMatch(
				/^medpair: cannot create the database folder .*plain-file \((EEXIST|ENOTDIR): a file is in the way\)\. Set DATABASE_PATH/
			);
		}
	});

	it('a folder the system refuses to create (under /proc): one line at once, no hang', () => {
		// Node's recursive mkdirSync loops forever here; medpair creates one level at a time.
		const path = '/proc/medpair-cannot-be-here/medpair.db';
		for (const result of [server(path), cli(path)]) {
			expect(result.code).toBe(1);
			expect(result.stderr.split('\n')).toHaveLength(1);
			expect(result.stderr).toMatch(
				/^medpair: cannot create the database folder \/proc\/medpair-cannot-be-here \(ENOENT\)\./
			);
		}
	});

	it('a read-only database file: one line naming it read-only, exit 1 (server and CLI)', () => {
		const folder = join(dir, 'ro-file');
		mkdirSync(folder);
		const path = join(folder, 'medpair.db');
		void closeDatabase(openDb(path, { migrationsPath: MIGRATIONS }));
		rmSync(`${path}-wal`, { force: true });
		rmSync(`${path}-shm`, { force: true });
		expect(makeImmutable(path), 'chattr +i is needed for this test').toBe(true);
		for (const result of [server(path), cli(path)]) {
			expect(result.code).toBe(1);
			expect(result.stderr.split('\n')).toHaveLength(1);
			expect(result.stderr).toContain(`medpair: the database ${path} is read-only`);
		}
	});

	it('a read-only folder: one line saying it cannot create the database, exit 1 (server and CLI)', () => {
		const folder = join(dir, 'ro-folder');
		mkdirSync(folder);
		expect(makeImmutable(folder), 'chattr +i is needed for this test').toBe(true);
		const path = join(folder, 'medpair.db');
		for (const result of [server(path), cli(path)]) {
			expect(result.code).toBe(1);
			expect(result.stderr.split('\n')).toHaveLength(1);
			expect(result.stderr).toMatch(
				/^medpair: cannot create or open the database .*its folder is read-only/
			);
		}
	});
});

/** Starts the server on a stand-in build and returns the line it prints once listening. */
async function listeningLine(args: string[], extra: Record<string, string>): Promise<string> {
	const build = join(dir, 'build');
	mkdirSync(build, { recursive: true });
	writeFileSync(join(build, 'handler.js'), 'export const handler = (req, res) => res.end("ok");\n');
	const child = spawn(process.execPath, [SERVER, ...args], {
		cwd: ROOT,
		env: env({
			PORT: '0',
			DATABASE_PATH: join(dir, 'listen.db'),
			MEDPAIR_BUILD_DIR: build,
			...extra
		})
	});
	try {
		return await new Promise<string>((resolve, reject) => {
			let out = '';
			child.stdout.on('data', (chunk) => {
				out += chunk;
				const line = out.split('\n').find((l) => l.startsWith('medpair is'));
				if (line) resolve(line);
			});
			child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
		});
	} finally {
		child.kill('SIGTERM');
	}
}

describe('where the server listens', () => {
	it('in demo mode, on this machine only, printing the real URL', async () => {
		expect(await listeningLine(['--demo'], {})).toMatch(
			/^medpair is running at http:\/\/127\.0\.0\.1:\d+ /
		);
	}, 60_000);

	it('in demo mode with HOST set, and without --demo, where it is told', async () => {
		expect(await listeningLine(['--demo'], { HOST: '0.0.0.0' })).toMatch(
			/^medpair is listening on all network interfaces, port \d+: http:\/\/localhost:\d+/
		);
		expect(await listeningLine([], {})).toMatch(/^medpair is listening on all network interfaces/);
	}, 60_000);
});
