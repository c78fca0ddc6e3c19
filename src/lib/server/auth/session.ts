/**
 * Sessions as in the Lucia guide (lucia-auth.com/sessions/basic): a random token goes to the
 * browser; only its SHA-256 is stored, so a leaked database cannot be used to sign in.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, ne, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.ts';
import type { Db } from '../db/index.ts';
import { sessions, users, type Role } from '../db/schema.ts';
import { first } from '../db/index.ts';

const DAY = 24 * 60 * 60 * 1000;
/** Idle lifetime: a session not used for 14 days ends. */
export const SESSION_LIFETIME = 14 * DAY;
/** Absolute lifetime: however much it is used, a session ends 30 days after signing in. */
export const SESSION_MAX_AGE = 30 * DAY;
/**
 * Sliding expiry: a session used in its last 7 idle days is extended to 14 again (never past
 * SESSION_MAX_AGE). So validation writes at most about once a week per session, not per request.
 */
const RENEW_WITHIN = 7 * DAY;
export const SESSION_COOKIE = 'medpair-session';

export type SessionUser = { id: number; username: string; role: Role };
export type Session = { id: string; userId: number; expiresAt: number };
export type SessionValidation =
	| { session: Session; user: SessionUser; renewed: boolean }
	| { session: null; user: null; renewed: false };

export function generateToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/**
 * Hex SHA-256 of the token, as the Lucia guide, on @oslojs/crypto (the stack's choice). Node's
 * native hash gives the same bytes about twice as fast, but that is microseconds of a request
 * measured in milliseconds (issue #18), not worth leaving the guide's design for.
 */
function sessionId(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function create(
	db: Db,
	token: string,
	userId: number,
	now = Date.now()
): Promise<Session> {
	const session = { id: sessionId(token), userId, expiresAt: now + SESSION_LIFETIME };
	await db.transaction(async (tx) => tx.insert(sessions).values({ ...session, createdAt: now }));
	return session;
}

/**
 * The session and user of a token. One prepared read per request; it writes only to delete an
 * ended session or, about once a week, to slide the expiry.
 */
export async function validate(
	db: Db,
	token: string,
	now = Date.now()
): Promise<SessionValidation> {
	const id = sessionId(token);
	// Runs on every request: prepared once per connection.
	const row = first(
		await prepared(db, 'session.validate', (db) =>
			db
				.select({
					session: sessions,
					user: {
						id: users.id,
						username: users.username,
						role: users.role,
						disabledAt: users.disabledAt
					}
				})
				.from(sessions)
				.innerJoin(users, eq(sessions.userId, users.id))
				.where(eq(sessions.id, sql.placeholder('id')))
				.prepare()
		).execute({ id })
	);
	if (!row) return { session: null, user: null, renewed: false };
	const { session, user } = row;
	const endsAt = session.createdAt + SESSION_MAX_AGE;
	if (now >= session.expiresAt || now >= endsAt || user.disabledAt !== null) {
		await db.transaction(async (tx) => tx.delete(sessions).where(eq(sessions.id, id)));
		return { session: null, user: null, renewed: false };
	}
	let renewed = false;
	if (now >= session.expiresAt - RENEW_WITHIN) {
		const expiresAt = Math.min(now + SESSION_LIFETIME, endsAt);
		// Near the absolute end there is nothing left to extend: no write.
		if (expiresAt > session.expiresAt) {
			session.expiresAt = expiresAt;
			await db.transaction(async (tx) =>
				tx.update(sessions).set({ expiresAt }).where(eq(sessions.id, id))
			);
			renewed = true;
		}
	}
	return {
		session: { id: session.id, userId: session.userId, expiresAt: session.expiresAt },
		user: { id: user.id, username: user.username, role: user.role },
		renewed
	};
}

export async function invalidate(db: Db, id: string): Promise<void> {
	await db.transaction(async (tx) => tx.delete(sessions).where(eq(sessions.id, id)));
}

/** Signs a user out everywhere but in the session given (after changing their own password). */
export async function invalidateOthersForUser(
	db: Db,
	userId: number,
	keepId: string
): Promise<void> {
	await db.transaction(async (tx) =>
		tx.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepId)))
	);
}

/** Signs a user out everywhere: used on password reset and when an account is disabled. */
export async function invalidateAllForUser(db: Db, userId: number): Promise<void> {
	await db.transaction(async (tx) => tx.delete(sessions).where(eq(sessions.userId, userId)));
}
