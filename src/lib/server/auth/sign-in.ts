import type { Db } from '../db/index.ts';
import * as users from '../services/users.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import * as throttle from './throttle.ts';
import type { SessionUser } from './session.ts';
import { countOf } from '../../format.ts';

export type SignInResult =
	{ ok: true; user: SessionUser } | { ok: false; status: 400 | 403 | 429; message: string };

/** One message for unknown user and wrong password: no account enumeration. */
export const WRONG_CREDENTIALS = 'Wrong username or password.';
/** Shown only after the right password, so it tells nothing to someone guessing. */
export const ACCOUNT_DISABLED =
	'This account is disabled. Ask a researcher to enable it if you still need it.';

export function tooManyFailures(wait: number): string {
	const minutes = Math.ceil(wait / 60_000);
	return `Too many failed sign-ins for this username. Try again in ${countOf(minutes, 'minute')}, or ask a researcher to reset the password.`;
}

/**
 * Checks a username and password. The attempt is reserved against the throttle before the
 * (slow, asynchronous) hash, so however requests interleave at most MAX_FAILURES wrong
 * passwords per username are ever checked in a window; unknown usernames go the same way.
 */
export async function signIn(db: Db, username: string, password: string): Promise<SignInResult> {
	const reservation = await throttle.reserve(db, username);
	if (!reservation.ok)
		return { ok: false, status: 429, message: tooManyFailures(reservation.retryAfter) };

	const user = await users.findByUsername(db, username);
	const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
	if (!user || !valid) return { ok: false, status: 400, message: WRONG_CREDENTIALS };
	if (user.disabledAt !== null) {
		// Not a guess: the password was right, so it does not count toward the lockout.
		await throttle.release(db, reservation.id);
		return { ok: false, status: 403, message: ACCOUNT_DISABLED };
	}
	await throttle.clearFailures(db, username);
	return { ok: true, user: { id: user.id, username: user.username, role: user.role } };
}
