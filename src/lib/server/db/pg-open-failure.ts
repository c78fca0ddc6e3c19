/**
 * One line for a failure to reach, sign in to or migrate a PostgreSQL database at start-up, or
 * null when it looks like a bug. Never prints the password.
 */
import pg from 'pg';

/** `user@host:port/database` as pg itself reads the URL (socket folders included). */
export function describeTarget(url: string): string {
	try {
		const client = new pg.Client({ connectionString: url });
		return `${client.user ?? ''}@${client.host}:${client.port}/${client.database ?? ''}`;
	} catch {
		return 'DATABASE_URL';
	}
}

function codeOf(error: unknown): string {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' ? code : '';
}

export function describePgOpenFailure(url: string, error: unknown): string | null {
	const code = codeOf(error);
	const message = error instanceof Error ? error.message : String(error);
	const where = describeTarget(url);
	if (error instanceof TypeError && /url/i.test(message))
		return `DATABASE_URL is not a valid PostgreSQL URL (${message}). Use postgres://user:password@host:port/database.`;
	const syscall = (error as { syscall?: unknown } | null)?.syscall;
	if (
		/^(ECONNREFUSED|ENOENT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNRESET)$/.test(
			code
		) &&
		(syscall === 'connect' || syscall === 'getaddrinfo' || syscall === 'read')
	)
		return `cannot reach PostgreSQL at ${where} (${code}): is the server running, and are the host and port in DATABASE_URL right?`;
	// Errors of pg itself have no code; match their own words only (drizzle's wrapper quotes the
	// SQL, which says "password_hash").
	if (!code && /connection timeout|timeout exceeded when trying to connect/i.test(message))
		return `cannot reach PostgreSQL at ${where} (no answer in time): is the server running, and are the host and port in DATABASE_URL right?`;
	if (code === '28P01' || code === '28000' || (!code && /^SASL: /.test(message)))
		return `PostgreSQL at ${where} refused the credentials (${code || message}): check the user name and password in DATABASE_URL, and the server's pg_hba.conf.`;
	if (code === '3D000')
		return `PostgreSQL at ${where}: the database does not exist (${code}). Create it first, e.g. createdb --owner=<user> <database>.`;
	if (code === '42501')
		return `PostgreSQL at ${where}: the user may not create medpair's tables (${code}: ${message}). Make it the database's owner (ALTER DATABASE … OWNER TO …).`;
	if (code === '57P03' || code === '53300')
		return `PostgreSQL at ${where} does not accept connections now (${code}: ${message}). Try again, or lower DATABASE_POOL_SIZE.`;
	return null;
}
