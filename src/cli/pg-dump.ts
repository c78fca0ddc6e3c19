/**
 * `medpair backup` on PostgreSQL: its own tool, pg_dump, in the custom format (compressed, and
 * what pg_restore reads selectively). medpair runs it when it is on PATH and otherwise says what
 * to run. The password goes to pg_dump in PGPASSWORD, not on its command line (which any local
 * user can read with ps).
 */
import { spawnSync } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import { describeTarget } from '../lib/server/db/pg-open-failure.ts';
import { CliError } from './cli-error.ts';

/** What to run by hand, for the message when pg_dump is missing or fails. */
export function pgDumpAdvice(file: string): string {
	return `pg_dump --format=custom --file=${file} "$DATABASE_URL" (restore into an empty database with pg_restore --no-owner --dbname="$NEW_DATABASE_URL" ${file}; pg_dump comes with the PostgreSQL client package, e.g. apt-get install postgresql-client, and must be as new as the server)`;
}

/** The URL without its password, and the password (percent-decoded), if it has one. */
export function splitPassword(url: string): { url: string; password?: string } {
	const match = /^(postgres(?:ql)?:\/\/[^:/@?]*):([^@/?]*)@/i.exec(url);
	if (!match) return { url };
	return {
		url: `${match[1]}@${url.slice(match[0].length)}`,
		password: decodeURIComponent(match[2])
	};
}

/** Dumps the database at `url` into `file` (through a temporary file, so a failure keeps the old one). */
export function pgDump(url: string, file: string): { entries: number | null } {
	const { url: withoutPassword, password } = splitPassword(url);
	const env = { ...process.env, ...(password !== undefined && { PGPASSWORD: password }) };
	const partial = `${file}.partial`;
	const dump = spawnSync(
		'pg_dump',
		['--format=custom', `--file=${partial}`, `--dbname=${withoutPassword}`],
		{ env, encoding: 'utf8' }
	);
	if ((dump.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
		throw new CliError(
			`pg_dump is not on PATH, so medpair cannot back up the PostgreSQL database ${describeTarget(url)} itself. Run: ${pgDumpAdvice(file)}`
		);
	if (dump.status !== 0) {
		rmSync(partial, { force: true });
		throw new CliError(
			`pg_dump failed (${dump.error?.message ?? `exit ${dump.status}`}): ${dump.stderr.trim()}`
		);
	}
	renameSync(partial, file);
	// pg_restore --list reads the archive's table of contents: a check that it is readable.
	const list = spawnSync('pg_restore', ['--list', file], { encoding: 'utf8' });
	if (list.status !== 0) {
		if ((list.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
			return { entries: null };
		throw new CliError(
			`the dump in ${file} cannot be read back by pg_restore: ${list.stderr.trim()}`
		);
	}
	return { entries: list.stdout.split('\n').filter((line) => /^\d+;/.test(line)).length };
}
