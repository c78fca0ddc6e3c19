/**
 * The database a `medpair` child process runs on, on this test run's backend: a SQLite file at
 * DATABASE_PATH, or (MEDPAIR_TEST_DB=pg) a fresh PostgreSQL database at DATABASE_URL. Tests read
 * and write its rows through short connections of their own, in SQL both dialects read (`?`
 * placeholders), so the services' dialect in the test process is never touched.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { closeDatabase, openDb, type AppDb } from '../../src/lib/server/db/index.ts';
import { openPgDb } from '../../src/lib/server/db/postgres.ts';
import { MIGRATIONS, TEST_DIALECT } from './db.ts';

export interface CliDatabase {
	dialect: 'sqlite' | 'pg';
	/** The environment for `runMedpair`: DATABASE_PATH or DATABASE_URL (the other one blank). */
	env: Record<string, string>;
	/** Rows of one statement, on a connection opened and closed for it. */
	rows<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>;
	/** Opens it for the services (migrated); close with closeDatabase. */
	open(): Promise<AppDb>;
}

export async function cliDatabase(dir: string, name: string): Promise<CliDatabase> {
	if (TEST_DIALECT === 'pg') {
		const { freshDatabase, PG_MIGRATIONS } = await import('./pg-test.ts');
		const url = await freshDatabase(name.replace(/\W/g, '_').toLowerCase());
		return {
			dialect: 'pg',
			env: { DATABASE_URL: url, DATABASE_PATH: join(dir, 'unused-by-pg.db') },
			async rows<T>(text: string, ...params: unknown[]) {
				const client = new pg.Client({ connectionString: url });
				await client.connect();
				try {
					let n = 0;
					const numbered = text.replace(/\?/g, () => `$${++n}`);
					return (await client.query(numbered, params)).rows as T[];
				} finally {
					await client.end();
				}
			},
			open: () => openPgDb(url, { migrationsPath: PG_MIGRATIONS, poolSize: 2 })
		};
	}
	const file = join(dir, `${name}.db`);
	return {
		dialect: 'sqlite',
		env: { DATABASE_PATH: file, DATABASE_URL: '' },
		async rows<T>(text: string, ...params: unknown[]) {
			const db = new Database(file);
			try {
				const statement = db.prepare(text);
				if (statement.reader) return statement.all(...params) as T[];
				statement.run(...params);
				return [];
			} finally {
				db.close();
			}
		},
		open: async () => openDb(file, { migrationsPath: MIGRATIONS })
	};
}

/** `select count(*)` as a number on either backend (PostgreSQL returns bigint as text). */
export async function countOf(db: CliDatabase, table: string): Promise<number> {
	const [row] = await db.rows<{ n: number | string }>(`select count(*) as n from "${table}"`);
	return Number(row.n);
}

export { closeDatabase };
