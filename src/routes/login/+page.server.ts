import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { HOME } from '$lib/server/auth/authorization.ts';
import { safeNextPath } from '$lib/server/auth/next-path.ts';
import { setSessionCookie } from '$lib/server/auth/cookie.ts';
import * as session from '$lib/server/auth/session.ts';
import { signIn } from '$lib/server/auth/sign-in.ts';
import { getDb } from '$lib/server/db/index.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, HOME[locals.user.role]);
};

const form = z.object({
	username: z.string().trim().min(1, { error: 'Enter your username.' }).max(64),
	password: z.string().min(1, { error: 'Enter your password.' }).max(256)
});

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const data = Object.fromEntries(await request.formData());
		const username = typeof data.username === 'string' ? data.username : '';
		const parsed = form.safeParse(data);
		if (!parsed.success) return fail(400, { username, message: parsed.error.issues[0].message });

		// Decided before anything is written: a hostile `next` cannot fail after the session exists.
		const next = safeNextPath(url.searchParams.get('next'), url.origin);
		const db = getDb();
		const result = await signIn(db, parsed.data.username, parsed.data.password);
		if (!result.ok) return fail(result.status, { username, message: result.message });

		// A new session on every sign-in (no fixation); drop the one the browser had, if any.
		if (locals.session) await session.invalidate(db, locals.session.id);
		const token = session.generateToken();
		const created = await session.create(db, token, result.user.id);
		setSessionCookie(cookies, token, created.expiresAt, url.protocol === 'https:');
		redirect(303, next ?? HOME[result.user.role]);
	}
};
