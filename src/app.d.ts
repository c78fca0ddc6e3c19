import type { Session, SessionUser } from '$lib/server/auth/session.ts';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			requestId: string;
			/** Set by handleError when the disk refused a write, so the answer is 503. */
			storageFailure?: boolean;
		}
		interface Error {
			message: string;
			requestId?: string;
		}
	}
}

export {};
