/**
 * The browser tests' database: the demo study as `npm start` loads it, with the first 60 pairs
 * already rated by simulated juniors and adjudicated, so the study page has results to show
 * while junior1 and junior2 still have pairs left to rate.
 */
import { resolve } from 'node:path';
import { closeDatabase, openDb } from '../../src/lib/server/db/index.ts';
import * as demo from '../../src/lib/server/services/demo.ts';
import { MIGRATIONS } from '../helpers/db.ts';
import { simulateStudy } from '../helpers/simulate.ts';

const db = openDb(process.env.DATABASE_PATH ?? '.e2e/e2e.db', { migrationsPath: MIGRATIONS });
await demo.load(db, resolve('seed'));
const result = await simulateStudy(db, 1, { pairs: 60, seed: 7 });
console.log(
	`e2e database: ${result.submitted} junior submissions, ${result.decided} senior decisions`
);
await closeDatabase(db);
