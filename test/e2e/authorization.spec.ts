/**
 * The authorisation matrix (issue 8): every route × {signed out, junior, other junior of the
 * study, junior of another study, senior, researcher}, GET and POST, generated from the route
 * list so that a new route cannot be forgotten: it has to be given sample parameters and an
 * expected status below, or this test fails.
 */
import {
	expect,
	request as playwrightRequest,
	test,
	type APIRequestContext
} from '@playwright/test';
import { pathOf, routeIds } from '../helpers/routes.ts';
import { DEMO_PASSWORD, e2eRows, E2E_PG_SKIPPED } from './helpers.ts';

// Also run on PostgreSQL by playwright.pg.config.ts, which says here why when it cannot.
test.skip(Boolean(E2E_PG_SKIPPED), E2E_PG_SKIPPED);

type Who = 'out' | 'junior1' | 'junior2' | 'outsider' | 'senior' | 'researcher';
const WHO: Who[] = ['out', 'junior1', 'junior2', 'outsider', 'senior', 'researcher'];
const ROLE: Record<Exclude<Who, 'out'>, 'junior' | 'senior' | 'researcher'> = {
	junior1: 'junior',
	junior2: 'junior',
	outsider: 'junior',
	senior: 'senior',
	researcher: 'researcher'
};
const OUTSIDER_PASSWORD = 'outsider password 1';

/** Expected GET status per route; 'login' means a redirect to /login. */
type Expect = number | 'login' | 'home';
function expectedGet(routeId: string, who: Who): Expect {
	const group = /^\/\((\w+)\)/.exec(routeId)?.[1];
	if (!group) {
		if (routeId === '/health' || routeId === '/login')
			return routeId === '/login' && who !== 'out' ? 'home' : 200;
		if (routeId === '/logout') return 'home';
		if (routeId === '/') return who === 'out' ? 'login' : 'home';
		if (routeId === '/account') return who === 'out' ? 'login' : 200;
		throw new Error(`No expectation for ${routeId}: add it to the authorisation matrix`);
	}
	if (who === 'out') return 'login';
	if (ROLE[who] !== group) return 403;
	if (routeId === '/(researcher)/bench-baseline') return 404; // only with MEDPAIR_BENCH=1
	if (routeId === '/(junior)/annotate/[id]') return who === 'junior1' ? 200 : 403; // junior1's own pair
	if (routeId === '/(senior)/adjudicate/[id]') return 404; // a junior's id is no senior pair
	return 200;
}

let ids: { pair: string; study: string };
const contexts = new Map<Who, APIRequestContext>();

test.beforeAll(async ({ baseURL }) => {
	const [row] = await e2eRows<{ pair: string }>(
		`select a.public_id as pair from assignments a join users u on u.id = a.user_id where u.username = ? limit 1`,
		'junior1'
	);
	ids = { pair: row.pair, study: '1' };

	const signIn = async (username: string, password: string) => {
		const context = await playwrightRequest.newContext({
			baseURL,
			extraHTTPHeaders: { origin: baseURL!, accept: 'text/html' }
		});
		const response = await context.post('/login', {
			form: { username, password },
			maxRedirects: 0
		});
		expect(response.status(), `sign in ${username}`).toBe(303);
		return context;
	};
	contexts.set(
		'out',
		await playwrightRequest.newContext({
			baseURL,
			extraHTTPHeaders: { origin: baseURL!, accept: 'text/html' }
		})
	);
	for (const who of ['junior1', 'junior2', 'senior', 'researcher'] as const)
		contexts.set(who, await signIn(who, DEMO_PASSWORD));
	const researcher = contexts.get('researcher')!;
	await researcher.post('/users?/create', {
		form: { username: 'outsider', role: 'junior', password: OUTSIDER_PASSWORD }
	});
	contexts.set('outsider', await signIn('outsider', OUTSIDER_PASSWORD));
});

test.afterAll(async () => {
	for (const context of contexts.values()) await context.dispose();
});

/** Named form actions to try on routes that have no default action. */
const ACTIONS: Record<string, string> = {
	'/(junior)/annotate/[id]': '?/submit',
	'/(senior)/adjudicate/[id]': '?/finalize',
	'/(researcher)/studies': '?/import',
	'/(researcher)/studies/[id]': '?/close',
	'/(researcher)/users': '?/create'
};

/** Query strings that routes need to answer 200 (a download needs its table and format). */
const QUERIES: Record<string, string> = {
	'/(researcher)/studies/[id]/export': '?table=wintie&format=csv'
};

const params = () => ({ id: ids.pair });
const paramsFor = (routeId: string) =>
	routeId.startsWith('/(researcher)/studies/') ? { id: ids.study } : params();

for (const routeId of routeIds()) {
	test(`GET and POST ${routeId} for every kind of user`, async () => {
		for (const who of WHO) {
			const path = pathOf(routeId, paramsFor(routeId)) + (QUERIES[routeId] ?? '');
			const response = await contexts.get(who)!.get(path, { maxRedirects: 0 });
			const expected = expectedGet(routeId, who);
			const where = `${who} GET ${path}`;
			if (expected === 'login') {
				expect(response.status(), where).toBe(303);
				expect(response.headers().location, where).toMatch(/^\/login/);
			} else if (expected === 'home') {
				expect(response.status(), where).toBe(303);
				expect(response.headers().location, where).not.toMatch(/^\/login/);
			} else expect(response.status(), where).toBe(expected);

			// Form posts by someone who may not see the page are refused before any action runs.
			if (expected === 403 || expected === 'login') {
				const action = ACTIONS[routeId] ?? '';
				const post = await contexts
					.get(who)!
					.post(path + action, { form: { x: '1' }, maxRedirects: 0 });
				expect(post.status(), `${who} POST ${path}`).toBe(expected === 403 ? 403 : 303);
			}
		}
	});
}

test('security headers and a Content-Security-Policy without inline scripts', async () => {
	const response = await contexts.get('junior1')!.get('/annotate');
	const headers = response.headers();
	expect(headers['x-frame-options']).toBe('DENY');
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['referrer-policy']).toBe('same-origin');
	const csp = headers['content-security-policy'];
	expect(csp).toContain("frame-ancestors 'none'");
	expect(csp).toMatch(/script-src 'self' '(nonce|sha256)-[^']+'/);
	expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
});

test('a cross-site form post is refused', async ({ baseURL }) => {
	const evil = await playwrightRequest.newContext({
		baseURL,
		extraHTTPHeaders: { origin: 'https://evil.example' }
	});
	const response = await evil.post('/login', {
		form: { username: 'researcher', password: DEMO_PASSWORD },
		maxRedirects: 0
	});
	expect(response.status()).toBe(403);
	expect(await response.text()).toContain('Cross-site POST form submissions are forbidden');
	await evil.dispose();
});
