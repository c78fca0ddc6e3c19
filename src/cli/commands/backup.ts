import { Command } from 'commander';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { config } from '../../lib/server/config.ts';
import { sqliteClient } from '../../lib/server/db/index.ts';
import { dialectOf } from '../../lib/server/db/dialect.ts';
import { CliError } from '../cli-error.ts';
import { withDatabase } from '../database.ts';
import { COMMAND_LIST } from '../command-list.ts';
import { pgDump, pgDumpAdvice } from '../pg-dump.ts';

export function register(program: Command): void {
	program
		.command(COMMAND_LIST.backup.usage)
		.description(COMMAND_LIST.backup.description)
		.option('--force', 'overwrite <file> if it exists')
		.action(async (file: string, options: { force?: boolean }) => {
			if (existsSync(file) && !options.force)
				throw new CliError(`${file} exists; pass --force to overwrite it`);
			const { DATABASE_URL } = config();
			if (DATABASE_URL && dialectOf(DATABASE_URL) === 'pg') {
				const { entries } = pgDump(DATABASE_URL, file);
				console.log(
					entries === null
						? `Backed up the database to ${file} with pg_dump (custom format; restore with pg_restore).`
						: `Backed up the database to ${file} with pg_dump (custom format, ${entries} entries read back by pg_restore --list).`
				);
				return;
			}
			// SQLite's online backup API copies a consistent snapshot while others keep writing.
			await withDatabase((db) => {
				const client = sqliteClient(db);
				if (!client) throw new CliError(`backup on PostgreSQL: ${pgDumpAdvice(file)}`);
				return client.backup(file);
			});
			const copy = new Database(file, { readonly: true });
			const check = copy.pragma('integrity_check', { simple: true });
			copy.close();
			if (check !== 'ok')
				throw new CliError(`the copy in ${file} failed its integrity check: ${String(check)}`);
			console.log(`Backed up the database to ${file} (integrity check: ok).`);
		});
}
