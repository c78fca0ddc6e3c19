/**
 * Prepared statements reused across requests. Building a drizzle query and compiling its SQL
 * cost more than running it (a CPU profile of the rating load: ~32 % vs ~7 %), so the hot
 * queries are prepared once per connection. A transaction runs on the same connection, so the
 * statements are shared by the database and its transactions.
 */
import type { Db } from './index.ts';

const byConnection = new WeakMap<object, Map<string, unknown>>();

export function prepared<T>(db: Db, key: string, build: (db: Db) => T): T {
	const connection = (db as unknown as { session: { client: object } }).session.client;
	let cache = byConnection.get(connection);
	if (!cache) byConnection.set(connection, (cache = new Map()));
	let statement = cache.get(key) as T | undefined;
	if (statement === undefined) cache.set(key, (statement = build(db)));
	return statement;
}
