import {
	error,
	redirect,
	type Handle,
	type HandleServerError,
	type ServerInit
} from '@sveltejs/kit';
import { accessFor, authorize } from '$lib/server/auth/authorization.ts';
import { deleteSessionCookie, setSessionCookie } from '$lib/server/auth/cookie.ts';
import * as session from '$lib/server/auth/session.ts';
import { getDb, initDb } from '$lib/server/db/index.ts';
import { COULD_NOT_SAVE, isStorageFailure } from '$lib/server/db/storage-error.ts';
import { assertNode22 } from '$lib/server/runtime.ts';
import * as studies from '$lib/server/services/studies.ts';
import * as statistics from '$lib/server/workers/statistics.ts';
import * as studyImport from '$lib/server/workers/study-import.ts';
import * as studyPage from '$lib/server/workers/study-page.ts';

assertNode22();

/** Route ids of the +server.ts endpoints (known at build time), which have no layout to render. */
const ENDPOINTS = new Set(
	Object.keys(import.meta.glob('/src/routes/**/+server.ts')).map(
		(file) => file.slice('/src/routes'.length, -'/+server.ts'.length) || '/'
	)
);

/** Opens and migrates the database once at server start (not during `vite build`), starts workers. */
export const init: ServerInit = async () => {
	for (const study of await studies.removeUnfinishedImports(await initDb()))
		console.warn(
			`medpair: removed study ${study.id} ("${study.name}"): its import was interrupted (crash or restart); import the file again.`
		);
	// The worker threads load their modules now rather than on a researcher's first request.
	statistics.warm();
	studyImport.warm();
	studyPage.warm();
	// The study page's charts load Observable Plot and d3: ~0.2 s of compiling modules on the
	// request thread, now at start rather than while serving raters when a study is first opened.
	import('@observablehq/plot').catch((error) => console.error('medpair: preloading Plot', error));
};

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.requestId = crypto.randomUUID().slice(0, 8);
	const secure = event.url.protocol === 'https:';

	const token = event.cookies.get(session.SESSION_COOKIE);
	event.locals.user = null;
	event.locals.session = null;
	if (token) {
		const result = await session.validate(getDb(), token);
		if (result.session) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			if (result.renewed) setSessionCookie(event.cookies, token, result.session.expiresAt, secure);
		} else deleteSessionCookie(event.cookies, secure);
	}

	// Central authorisation (covers pages, form actions and endpoints alike); see authorization.ts.
	if (event.route.id !== null) {
		const verdict = authorize(accessFor(event.route.id), event.locals.user);
		if (verdict === 'sign-in') {
			const next = event.url.pathname + event.url.search;
			redirect(303, `/login?next=${encodeURIComponent(next)}`);
		}
		if (verdict === 'forbidden') {
			// A full page view is refused by its group's +layout.server.ts (requireRole), which
			// renders the styled 403 page; errors thrown here get SvelteKit's bare fallback page.
			// Everything else (form actions, endpoints, data requests, which can skip layout
			// loads) stops here.
			const pageView =
				(event.request.method === 'GET' || event.request.method === 'HEAD') &&
				!event.isDataRequest &&
				!ENDPOINTS.has(event.route.id);
			if (!pageView) error(403, 'You do not have access to this page.');
		}
	}

	let response = await resolve(event);
	// handleError cannot set the status: a full or read-only disk is "try again later" (503),
	// not a bug (500). The body (error page or action result) already carries the message.
	if (event.locals.storageFailure && response.status === 500)
		response = new Response(response.body, { status: 503, headers: response.headers });
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	if (event.locals.user) response.headers.set('Cache-Control', 'private, no-store');
	return response;
};

export const handleError: HandleServerError = ({ error: err, event, status, message }) => {
	const requestId = event.locals.requestId ?? crypto.randomUUID().slice(0, 8);
	if (status >= 500)
		console.error(`[${requestId}] ${event.request.method} ${event.url.pathname}`, err);
	if (status >= 500 && isStorageFailure(err)) {
		// Every write is one transaction, so a failed one left nothing behind.
		event.locals.storageFailure = true;
		return { message: COULD_NOT_SAVE, requestId };
	}
	return { message: status >= 500 ? 'Something went wrong on the server.' : message, requestId };
};
