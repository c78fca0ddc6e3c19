/**
 * A rating writer to be killed (test/integration/crash.test.ts): opens the database as the
 * server does (openDb: WAL, synchronous=NORMAL), then loops over the juniors, each taking their
 * next pair (ratings.next) and submitting it (ratings.submit). After a submission returns ok —
 * the moment the server would acknowledge it to the browser — it writes the pair's public id
 * to stdout with a blocking write, so every id printed was committed before it was printed.
 *
 *   node test/helpers/crash-writer.ts <database file | postgres:// URL> [seed]
 *
 * Prints "ready" before the first submission. Bounded: stops after 100,000 submissions or 60 s,
 * or when every queue is empty.
 */
import { writeSync } from 'node:fs';
import { createRandom } from '../../src/lib/domain/random.ts';
import { join } from 'node:path';
import { closeDatabase, openDb, type AppDb } from '../../src/lib/server/db/index.ts';
import { dialectOf, openPgDb } from '../../src/lib/server/db/postgres.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import { MIGRATIONS, rawRows } from './db.ts';

const CHOICES = ['A', 'tie', 'B'] as const;
const [file, seed = '1'] = process.argv.slice(2);
if (!file) {
	console.error('usage: crash-writer.ts <database> [seed]');
	process.exit(2);
}

// A PostgreSQL URL opens PostgreSQL as the server would (test/integration/postgres/crash.test.ts).
const db: AppDb =
	dialectOf(file) === 'pg'
		? await openPgDb(file, { migrationsPath: join(MIGRATIONS, 'pg'), poolSize: 2 })
		: openDb(file, { migrationsPath: MIGRATIONS });
const juniors = (
	await rawRows<{ id: number }>(db, "select id from users where role = 'junior' order by id")
).map((r) => Number(r.id));
const random = createRandom(Number(seed));
writeSync(1, 'ready\n');

const deadline = Date.now() + 60_000;
let idle = 0;
for (let i = 0; i < 100_000 && Date.now() < deadline && idle < juniors.length; i++) {
	const userId = juniors[i % juniors.length];
	const pair = await ratings.next(db, userId);
	if (!pair) {
		idle++;
		continue;
	}
	idle = 0;
	const choices = Object.fromEntries(pair.dimensions.map((d) => [d.key, CHOICES[random.int(3)]]));
	const result = await ratings.submit(db, userId, pair.id, {
		choices,
		hard: random.next() < 0.05,
		comment: '',
		seconds: 10
	});
	if (!result.ok) {
		console.error(`submit ${pair.id} failed: ${result.message}`);
		process.exit(1);
	}
	writeSync(1, `${pair.id}\n`);
}
await closeDatabase(db);
