import { Command } from 'commander';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { sqliteClient } from '../../lib/server/db/index.ts';
import { CliError } from '../cli-error.ts';
import { withDatabase } from '../database.ts';
import { COMMAND_LIST } from '../command-list.ts';

export function register(program: Command): void {
	program
		.command(COMMAND_LIST.backup.usage)
		.description(COMMAND_LIST.backup.description)
		.option('--force', 'overwrite <file> if it exists')
		.action(async (file: string, options: { force?: boolean }) => {
			if (existsSync(file) && !options.force)
				throw new CliError(`${file} exists; pass --force to overwrite it`);
			// SQLite's online backup API copies a consistent snapshot while others keep writing.
			await withDatabase((db) => {
				const client = sqliteClient(db);
				if (!client)
					throw new CliError(
						`backup copies a SQLite database; on PostgreSQL use its own tools: pg_dump --format=custom --file=${file} "$DATABASE_URL" (restore with pg_restore)`
					);
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
