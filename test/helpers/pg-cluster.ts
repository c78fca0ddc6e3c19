/**
 * Throwaway PostgreSQL clusters for tests: `initdb` in a temporary folder, a server that listens
 * only on a Unix socket in that folder (so no port can clash with anything), stopped and removed
 * afterwards. As root (sessions and CI), the server tools run as the `postgres` user, because
 * initdb refuses root. One cluster serves a whole test run (pg-global-setup.ts, or
 * .ci/with-postgres); each test file creates its own databases with `createDatabase`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PgCluster {
	/** `postgres://medpair@/postgres?host=<socket folder>&port=<port>` */
	url: string;
	dir: string;
	/** Creates an empty database; returns its URL. */
	createDatabase(name: string): Promise<string>;
	stop(): void;
}

/** The server binaries: MEDPAIR_PG_BIN, else the newest /usr/lib/postgresql/<major>/bin. */
export function postgresBin(): string {
	const fromEnv = process.env.MEDPAIR_PG_BIN;
	if (fromEnv) return fromEnv;
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root)
		? readdirSync(root)
				.filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (majors.length === 0)
		throw new Error(
			`PostgreSQL server binaries not found (no ${root}/<version>/bin/initdb): apt-get install -y postgresql, or set MEDPAIR_PG_BIN`
		);
	return join(root, majors[0], 'bin');
}

const asRoot = process.getuid?.() === 0;

function run(command: string, args: string[]): void {
	const [file, argv] = asRoot
		? ['runuser', ['-u', 'postgres', '--', command, ...args]]
		: [command, args];
	const result = spawnSync(file, argv, { encoding: 'utf8' });
	if (result.status !== 0)
		throw new Error(
			`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr}`
		);
}

/** The one role that must give a password, so tests can see credentials refused. */
export const PASSWORD_ROLE = 'medpair_password';

/** Everyone else is trusted over the private socket. Written in place: the owner stays postgres. */
function requirePassword(hba: string): void {
	writeFileSync(hba, `local all ${PASSWORD_ROLE} scram-sha-256\n${readFileSync(hba, 'utf8')}`);
}

/** Starts a cluster; it needs only a private folder, so `port` just names its socket file. */
export function startCluster(port = 5432): PgCluster {
	const bin = postgresBin();
	const dir = mkdtempSync(join(tmpdir(), 'medpair-pg-'));
	const data = join(dir, 'data');
	try {
		if (asRoot) spawnSync('chown', ['postgres:', dir]);
		run(join(bin, 'initdb'), [
			'-D',
			data,
			'-A',
			'trust',
			'-U',
			'medpair',
			'-E',
			'UTF8',
			'--locale=C',
			'--no-sync'
		]);
		requirePassword(join(data, 'pg_hba.conf'));
		// Durability is not what tests test: skip the fsyncs, which dominate small transactions.
		const server = `-p ${port} -k ${dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
		run(join(bin, 'pg_ctl'), ['-D', data, '-o', server, '-l', join(dir, 'log'), '-w', 'start']);
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	const url = `postgres://medpair@/postgres?host=${dir}&port=${port}`;
	return {
		url,
		dir,
		createDatabase: async (name) => await createDatabase(url, name),
		stop() {
			try {
				run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}
	};
}

/** `url` with its database replaced by `database`. */
export function withDatabase(url: string, database: string): string {
	return url.replace(/^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*/i, `$1${database}`);
}

/** Creates an empty database on the cluster at `baseUrl`; returns its URL. */
export async function createDatabase(
	baseUrl: string,
	name: string,
	template?: string
): Promise<string> {
	for (const plain of [name, template ?? name])
		if (!/^[a-z_][a-z0-9_]{0,62}$/.test(plain))
			throw new Error(`not a plain database name: ${plain}`);
	const client = new pg.Client({ connectionString: baseUrl });
	await client.connect();
	try {
		await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
	} finally {
		await client.end();
	}
	return withDatabase(baseUrl, name);
}
