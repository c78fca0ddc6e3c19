/**
 * Sign-in throttle: at most MAX_FAILURES password checks that fail, per username, within WINDOW;
 * further attempts are refused (HTTP 429) until the oldest failure leaves the window.
 *
 * An attempt is reserved (a row written) *before* the slow password hash, in one synchronous
 * immediate transaction, so concurrent requests cannot all read "4 failures" and all be checked:
 * the reservation stands as a failure unless the password turns out right, which releases it.
 */
import { and, count, eq, gte, lt } from 'drizzle-orm';
import { lockName } from '../db/dialect-sql.ts';
import type { Db } from '../db/index.ts';
import { loginFailures } from '../db/schema.ts';
import { first } from '../db/index.ts';

export const MAX_FAILURES = 5;
export const WINDOW = 15 * 60 * 1000;

function normalise(username: string): string {
	return username.trim().toLowerCase();
}

/** Milliseconds until another attempt is allowed, or 0 when the username is not throttled. */
export async function retryAfter(db: Db, username: string, now = Date.now()): Promise<number> {
	const recent = await db
		.select({ at: loginFailures.attemptedAt })
		.from(loginFailures)
		.where(
			and(
				eq(loginFailures.username, normalise(username)),
				gte(loginFailures.attemptedAt, now - WINDOW)
			)
		)
		.orderBy(loginFailures.attemptedAt);
	if (recent.length < MAX_FAILURES) return 0;
	return Math.max(1, recent[recent.length - MAX_FAILURES].at + WINDOW - now);
}

export type Reservation = { ok: true; id: number } | { ok: false; retryAfter: number };

/**
 * Counts the username's recent failures and, when below the limit, records this attempt as one,
 * all in one immediate transaction (no await inside, so no other request runs in between, and
 * another process waits for the write lock). Call before verifying the password.
 */
export async function reserve(db: Db, username: string, now = Date.now()): Promise<Reservation> {
	const name = normalise(username);
	return await db.transaction(
		async (tx) => {
			// Another instance reserving for the same name waits here (PostgreSQL).
			await lockName(tx, 'sign-in', name);
			const wait = await retryAfter(tx, name, now);
			if (wait > 0) return { ok: false, retryAfter: wait };
			await tx.delete(loginFailures).where(lt(loginFailures.attemptedAt, now - WINDOW));
			const [{ id }] = await tx
				.insert(loginFailures)
				.values({ username: name, attemptedAt: now })
				.returning({ id: loginFailures.id });
			return { ok: true, id };
		},
		{ behavior: 'immediate' }
	);
}

/** Takes back a reservation whose attempt did not fail (a right password for a disabled account). */
export async function release(db: Db, id: number): Promise<void> {
	await db.transaction(async (tx) => tx.delete(loginFailures).where(eq(loginFailures.id, id)));
}

export async function recordFailure(db: Db, username: string, now = Date.now()): Promise<void> {
	await db.transaction(async (tx) =>
		tx.insert(loginFailures).values({ username: normalise(username), attemptedAt: now })
	);
	await db.transaction(async (tx) =>
		tx.delete(loginFailures).where(lt(loginFailures.attemptedAt, now - WINDOW))
	);
}

/** Lifts a lockout: after a right password, a password reset, or enabling the account. */
export async function clearFailures(db: Db, username: string): Promise<void> {
	await db.transaction(async (tx) =>
		tx.delete(loginFailures).where(eq(loginFailures.username, normalise(username)))
	);
}

/** How many failures are on record for a username (for tests and the audit of a lockout). */
export async function failureCount(db: Db, username: string): Promise<number> {
	return (
		first(
			await db
				.select({ n: count() })
				.from(loginFailures)
				.where(eq(loginFailures.username, normalise(username)))
				.limit(1)
		)?.n ?? 0
	);
}
