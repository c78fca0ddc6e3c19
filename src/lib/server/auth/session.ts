/**
 * Sessions as in the Lucia guide (lucia-auth.com/sessions/basic): a random token goes to the
 * browser; only its SHA-256 is stored, so a leaked database cannot be used to sign in.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.ts';
import type { Db } from '../db/index.ts';
import { sessions, users, type Role } from '../db/schema.ts';

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME = 30 * DAY;
/** Sliding expiry: a session used in its last 15 days is extended to 30 again. */
const RENEW_WITHIN = 15 * DAY;
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

function sessionId(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function create(db: Db, token: string, userId: number): Session {
	const session = { id: sessionId(token), userId, expiresAt: Date.now() + SESSION_LIFETIME };
	db.insert(sessions).values(session).run();
	return session;
}

export function validate(db: Db, token: string): SessionValidation {
	const id = sessionId(token);
	// Runs on every request: prepared once per connection.
	const row = prepared(db, 'session.validate', (db) =>
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
	).get({ id });
	if (!row) return { session: null, user: null, renewed: false };
	const { session, user } = row;
	if (Date.now() >= session.expiresAt || user.disabledAt !== null) {
		db.delete(sessions).where(eq(sessions.id, id)).run();
		return { session: null, user: null, renewed: false };
	}
	let renewed = false;
	if (Date.now() >= session.expiresAt - RENEW_WITHIN) {
		session.expiresAt = Date.now() + SESSION_LIFETIME;
		db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id)).run();
		renewed = true;
	}
	return {
		session: { id: session.id, userId: session.userId, expiresAt: session.expiresAt },
		user: { id: user.id, username: user.username, role: user.role },
		renewed
	};
}

export function invalidate(db: Db, id: string): void {
	db.delete(sessions).where(eq(sessions.id, id)).run();
}

/** Signs a user out everywhere: used on password reset and when an account is disabled. */
export function invalidateAllForUser(db: Db, userId: number): void {
	db.delete(sessions).where(eq(sessions.userId, userId)).run();
}
