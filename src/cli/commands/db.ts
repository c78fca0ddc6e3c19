import { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { config } from '../../lib/server/config.ts';
import { copySqliteToPg, CopyRefused, type CopyProgress } from '../../lib/server/db/copy-to-pg.ts';
import { dialectOf } from '../../lib/server/db/dialect.ts';
import { DatabaseOpenError } from '../../lib/server/db/storage-error.ts';
import { CliError } from '../cli-error.ts';
import { COMMAND_LIST } from '../command-list.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../migrations', import.meta.url));

export function register(program: Command): void {
	const db = program.command(COMMAND_LIST.db.usage).description(COMMAND_LIST.db.description);
	db.command('copy')
		.description(
			'copy a SQLite medpair database into an empty PostgreSQL one (ids kept, then every table counted and checksummed on both sides)'
		)
		.requiredOption('--to <url>', 'the PostgreSQL database (postgres://…), e.g. "$DATABASE_URL"')
		.option('--from <file>', 'the SQLite database (default: DATABASE_PATH)')
		.option('--batch <rows>', 'rows per INSERT', '1000')
		.option('--json', 'print the tables copied, their row counts and checksums as JSON')
		.action(async (options: { to: string; from?: string; batch: string; json?: boolean }) => {
			if (dialectOf(options.to) !== 'pg')
				throw new CliError(`--to must be a postgres:// or postgresql:// URL, not "${options.to}"`);
			const batchSize = Number(options.batch);
			if (!Number.isInteger(batchSize) || batchSize < 1)
				throw new CliError(`--batch must be a whole number of rows, not "${options.batch}"`);
			const from = options.from ?? config().DATABASE_PATH;
			const bar = progressLine();
			const started = performance.now();
			let copied;
			try {
				copied = await copySqliteToPg({
					from,
					to: options.to,
					migrationsPath: MIGRATIONS,
					batchSize,
					onProgress: bar.update
				});
			} catch (error) {
				if (error instanceof CopyRefused || error instanceof DatabaseOpenError)
					throw new CliError(error.message);
				throw error;
			} finally {
				bar.end();
			}
			const rows = copied.reduce((sum, t) => sum + t.rows, 0);
			const seconds = (performance.now() - started) / 1000;
			if (options.json) console.log(JSON.stringify({ rows, seconds, tables: copied }));
			else
				console.log(
					`Copied ${rows} rows in ${copied.length} tables from ${from} in ${seconds.toFixed(1)} s; counts and checksums verified on PostgreSQL.`
				);
		});
}

/**
 * One line on stderr redrawn as rows are copied, when stderr is a terminal (nothing in a pipe or
 * a log). Written here because no progress-bar library is among the dependencies.
 */
function progressLine(): { update: (p: CopyProgress) => void; end: () => void } {
	const out = process.stderr;
	if (!out.isTTY) return { update: () => undefined, end: () => undefined };
	let last = 0;
	let drawn = false;
	return {
		update(p) {
			const now = Date.now();
			if (now - last < 100 && p.allDone < p.allTotal) return;
			last = now;
			const share = p.allTotal === 0 ? 1 : p.allDone / p.allTotal;
			const width = 30;
			const bar = '█'.repeat(Math.round(share * width)).padEnd(width, '░');
			out.write(
				`\r${bar} ${(share * 100).toFixed(0).padStart(3)}%  ${p.allDone}/${p.allTotal} rows  ${p.table} ${p.done}/${p.total}\x1b[K`
			);
			drawn = true;
		},
		end() {
			if (drawn) out.write('\n');
		}
	};
}
