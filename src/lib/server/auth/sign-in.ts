import type { Db } from '../db/index.ts';
import * as users from '../services/users.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import * as throttle from './throttle.ts';
import type { SessionUser } from './session.ts';

export type SignInResult =
	{ ok: true; user: SessionUser } | { ok: false; status: 400 | 429; message: string };

/** One message for unknown user, wrong password and disabled account: no account enumeration. */
export const WRONG_CREDENTIALS = 'Wrong username or password.';

export async function signIn(db: Db, username: string, password: string): Promise<SignInResult> {
	const wait = throttle.retryAfter(db, username);
	if (wait > 0) {
		const minutes = Math.ceil(wait / 60_000);
		return {
			ok: false,
			status: 429,
			message: `Too many failed sign-ins for this username. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask a researcher to reset the password.`
		};
	}
	const user = users.findByUsername(db, username);
	const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
	if (!user || !valid || user.disabledAt !== null) {
		throttle.recordFailure(db, username);
		return { ok: false, status: 400, message: WRONG_CREDENTIALS };
	}
	throttle.clearFailures(db, username);
	return { ok: true, user: { id: user.id, username: user.username, role: user.role } };
}
