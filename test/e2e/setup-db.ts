/**
 * The browser tests' database: the demo study as `npm start` loads it, with the first 60 pairs
 * already rated by simulated juniors and adjudicated, so the study page has results to show
 * while junior1 and junior2 still have pairs left to rate. A SQLite file at DATABASE_PATH, or,
 * with DATABASE_URL (playwright.pg.config.ts), that PostgreSQL database, dropped and created
 * afresh first so a second run on the same cluster starts from the same data.
 */
import { resolve } from 'node:path';
import pg from 'pg';
import { closeDatabase, openDatabase } from '../../src/lib/server/db/index.ts';
import * as demo from '../../src/lib/server/services/demo.ts';
import { MIGRATIONS } from '../helpers/db.ts';
import { createDatabase } from '../helpers/pg-cluster.ts';
import { simulateStudy } from '../helpers/simulate.ts';

const url = process.env.DATABASE_URL;
if (url) {
	const cluster = process.env.E2E_PG_CLUSTER;
	const name = process.env.E2E_PG_DATABASE;
	if (!cluster || !name) throw new Error('DATABASE_URL needs E2E_PG_CLUSTER and E2E_PG_DATABASE');
	const client = new pg.Client({ connectionString: cluster });
	await client.connect();
	try {
		await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
	} finally {
		await client.end();
	}
	await createDatabase(cluster, name);
} else process.env.DATABASE_PATH ??= '.e2e/e2e.db';

const db = await openDatabase({ migrationsPath: MIGRATIONS });
await demo.load(db, resolve('seed'));
const result = await simulateStudy(db, 1, { pairs: 60, seed: 7 });
console.log(
	`e2e database (${url ? 'PostgreSQL' : 'SQLite'}): ${result.submitted} junior submissions, ${result.decided} senior decisions`
);
await closeDatabase(db);
