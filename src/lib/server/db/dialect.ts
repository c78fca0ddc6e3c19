/**
 * Which database this process runs on (issue #14): SQLite (the default) or PostgreSQL. Opening a
 * database chooses it; schema.ts then hands services that dialect's tables and dialect-sql.ts
 * writes that dialect's SQL. One dialect at a time: opening the other while a database of the
 * first is still open fails, because the services would query the wrong tables.
 */
import { useTables } from './schema.ts';

export type Dialect = 'sqlite' | 'pg';

/** `pg` for a postgres:// or postgresql:// URL; anything else (or nothing) is a SQLite path. */
export function dialectOf(url?: string): Dialect {
	return url && /^postgres(ql)?:\/\//i.test(url.trim()) ? 'pg' : 'sqlite';
}

let active: Dialect = 'sqlite';
const open: Record<Dialect, number> = { sqlite: 0, pg: 0 };

/** The dialect of the databases open in this process (SQLite before any is opened). */
export function dialect(): Dialect {
	return active;
}

/** Called by openDb / openPg for every database they open. */
export function enterDialect(wanted: Dialect): void {
	const other: Dialect = wanted === 'pg' ? 'sqlite' : 'pg';
	if (open[other] > 0)
		throw new Error(
			`medpair runs on one database dialect per process: a ${other} database is open, so a ${wanted} one cannot be opened`
		);
	open[wanted]++;
	if (active !== wanted) useTables(wanted);
	active = wanted;
}

/** Called when a database opened with enterDialect is closed. */
export function leaveDialect(closed: Dialect): void {
	open[closed] = Math.max(0, open[closed] - 1);
}
