/**
 * A server that cannot be reached, or that refuses the credentials, stops start-up with one line
 * saying what to fix (a DatabaseOpenError), never a stack trace or a hang.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { closePg, dialectOf, openPg } from '../../../src/lib/server/db/postgres.ts';
import { DatabaseOpenError } from '../../../src/lib/server/db/storage-error.ts';
import { PASSWORD_ROLE, withDatabase } from '../../helpers/pg-cluster.ts';
import { freshDatabase, PG_MIGRATIONS, PG_URL, pgSuite } from '../../helpers/pg-test.ts';

/** A loopback port nothing listens on (taken from the kernel, then released). */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as { port: number };
	await new Promise((done) => server.close(done));
	return port;
}

async function openError(url: string): Promise<DatabaseOpenError> {
	const error = await openPg(url, { migrationsPath: PG_MIGRATIONS }).then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(DatabaseOpenError);
	const message = (error as Error).message;
	expect(message).not.toContain('\n');
	expect(message).not.toContain('s3cret');
	return error as DatabaseOpenError;
}

describe('PostgreSQL: unreachable server', () => {
	it('says the server cannot be reached over TCP, without the password', async () => {
		const port = await closedPort();
		const error = await openError(`postgres://medpair:s3cret@127.0.0.1:${port}/medpair`);
		expect(error.message).toBe(
			`cannot reach PostgreSQL at medpair@127.0.0.1:${port}/medpair (ECONNREFUSED): is the server running, and are the host and port in DATABASE_URL right?`
		);
	});

	it('says so for a Unix socket folder with no server', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'medpair-nopg-'));
		try {
			const error = await openError(`postgres://medpair@/medpair?host=${dir}&port=5999`);
			expect(error.message).toMatch(
				/^cannot reach PostgreSQL at medpair@.*medpair-nopg-.*:5999\/medpair \((ENOENT|ECONNREFUSED)\)/
			);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('tells postgres:// and postgresql:// URLs from SQLite paths', () => {
		expect(dialectOf('postgres://u@h/db')).toBe('pg');
		expect(dialectOf('postgresql://u@h/db')).toBe('pg');
		expect(dialectOf(' POSTGRES://u@h/db')).toBe('pg');
		expect(dialectOf('./data/medpair.db')).toBe('sqlite');
		expect(dialectOf('postgres.db')).toBe('sqlite');
		expect(dialectOf('')).toBe('sqlite');
		expect(dialectOf(undefined)).toBe('sqlite');
	});
});

describe.skipIf(!PG_URL)(pgSuite('refused credentials'), () => {
	it('says the credentials were refused for an unknown user', async () => {
		const url = PG_URL!.replace('://medpair@', '://nobody:s3cret@');
		const error = await openError(url);
		expect(error.message).toMatch(
			/^PostgreSQL at nobody@.* refused the credentials \(28000\): check the user name and password in DATABASE_URL/
		);
	});

	async function asAdmin(statement: string): Promise<void> {
		const admin = new pg.Client({ connectionString: PG_URL });
		await admin.connect();
		try {
			await admin.query(statement);
		} finally {
			await admin.end();
		}
	}

	it('says the credentials were refused for a wrong password', async () => {
		// Idempotent, for a cluster kept between runs (MEDPAIR_TEST_PG_URL of your own).
		await asAdmin(`DROP DATABASE IF EXISTS ${PASSWORD_ROLE}_db`);
		await asAdmin(`DROP ROLE IF EXISTS ${PASSWORD_ROLE}`);
		await asAdmin(`CREATE ROLE ${PASSWORD_ROLE} LOGIN PASSWORD 'right'`);
		const url = PG_URL!.replace('://medpair@', `://${PASSWORD_ROLE}:s3cret@`);
		const error = await openError(url);
		expect(error.message).toMatch(
			new RegExp(`^PostgreSQL at ${PASSWORD_ROLE}@.* refused the credentials \\(28P01\\)`)
		);
		const none = await openError(url.replace(':s3cret@', '@'));
		expect(none.message).toMatch(
			/ refused the credentials \(SASL: .*client password must be a string\)/
		);
		// The right password opens it (its own database, so that it may create the tables).
		await asAdmin(`CREATE DATABASE ${PASSWORD_ROLE}_db OWNER ${PASSWORD_ROLE}`);
		const right = withDatabase(url.replace(':s3cret@', ':right@'), `${PASSWORD_ROLE}_db`);
		await closePg(await openPg(right, { migrationsPath: PG_MIGRATIONS }));
	});

	it('says when the user may not create the tables', async () => {
		const guest = `guest_${process.pid}_${Date.now().toString(36)}`;
		await asAdmin(`CREATE ROLE ${guest} LOGIN`);
		const url = (await freshDatabase('not_owner')).replace('://medpair@', `://${guest}@`);
		const error = await openError(url);
		expect(error.message).toMatch(
			/^PostgreSQL at guest_\d+_\w+@.*: the user may not create medpair's tables \(42501: /
		);
	});

	it('says when the database does not exist', async () => {
		const error = await openError(withDatabase(PG_URL!, 'no_such_db'));
		expect(error.message).toMatch(
			/^PostgreSQL at medpair@.*\/no_such_db: the database does not exist \(3D000\)/
		);
	});
});
