/**
 * Sign-in throttle: after MAX_FAILURES failed attempts for one username within WINDOW, further
 * attempts are refused (HTTP 429) until the oldest failure leaves the window.
 */
import { and, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { loginFailures } from '../db/schema.ts';

export const MAX_FAILURES = 5;
export const WINDOW = 15 * 60 * 1000;

function normalise(username: string): string {
	return username.trim().toLowerCase();
}

/** Milliseconds until another attempt is allowed, or 0 when the username is not throttled. */
export function retryAfter(db: Db, username: string, now = Date.now()): number {
	const recent = db
		.select({ at: loginFailures.attemptedAt })
		.from(loginFailures)
		.where(
			and(
				eq(loginFailures.username, normalise(username)),
				gte(loginFailures.attemptedAt, now - WINDOW)
			)
		)
		.orderBy(loginFailures.attemptedAt)
		.all();
	if (recent.length < MAX_FAILURES) return 0;
	return recent[recent.length - MAX_FAILURES].at + WINDOW - now;
}

export function recordFailure(db: Db, username: string, now = Date.now()): void {
	db.insert(loginFailures)
		.values({ username: normalise(username), attemptedAt: now })
		.run();
	db.delete(loginFailures)
		.where(lt(loginFailures.attemptedAt, now - WINDOW))
		.run();
}

export function clearFailures(db: Db, username: string): void {
	db.delete(loginFailures)
		.where(eq(loginFailures.username, normalise(username)))
		.run();
}
