import { expect, request as playwrightRequest, test } from '@playwright/test';
import { HOSTILE_NEXT } from '../helpers/hostile-next.ts';
import { createAccount, DEMO_PASSWORD, hydrated, signIn, signOut } from './helpers.ts';

test.describe('signing in', () => {
	for (const [username, home, heading] of [
		['junior1', '/annotate', 'Rate pairs'],
		['senior', '/adjudicate', 'Adjudicate'],
		['researcher', '/studies', 'Studies']
	]) {
		test(`${username} lands on ${home}`, async ({ page }) => {
			await signIn(page, username);
			await expect(page).toHaveURL(home);
			await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
			await expect(page.getByRole('note')).toContainText('Demo data');
			await signOut(page);
		});
	}

	test('a signed-out visit to a protected page goes to /login and back after signing in', async ({
		page
	}) => {
		await page.goto('/users');
		await expect(page).toHaveURL('/login?next=%2Fusers');
		await hydrated(page);
		await page.getByLabel('Username').fill('researcher');
		await page.getByLabel('Password').fill('medpair-demo');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL('/users');
		await expect(page.getByRole('heading', { name: 'Accounts' })).toBeVisible();
	});

	test("each role is refused the other roles' pages", async ({ page }) => {
		await signIn(page, 'junior1');
		await expect(page).toHaveURL('/annotate');
		for (const path of ['/studies', '/users', '/adjudicate']) {
			const response = await page.goto(path);
			expect(response?.status(), path).toBe(403);
			await expect(page.getByRole('heading', { name: 'No access' })).toBeVisible();
		}
		await page.goto('/annotate');
		await signOut(page);
		await signIn(page, 'researcher');
		await expect(page).toHaveURL('/studies');
		expect((await page.goto('/annotate'))?.status()).toBe(403);
	});

	test('a wrong password gets one generic message', async ({ page }) => {
		await signIn(page, 'junior2', 'not the password');
		await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
		await expect(page.getByLabel('Username')).toHaveValue('junior2');
	});

	test('after 5 failed sign-ins the username is throttled with a clear message', async ({
		page
	}) => {
		for (let i = 0; i < 5; i++) {
			await signIn(page, 'throttled-user', 'wrong password ' + i);
			await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
		}
		await signIn(page, 'throttled-user', 'wrong password again');
		await expect(page.getByRole('alert')).toContainText(
			'Too many failed sign-ins for this username'
		);
		const status = await page.evaluate(async () => {
			const body = new URLSearchParams({ username: 'throttled-user', password: 'whatever' });
			return (await fetch('/login', { method: 'POST', body, headers: { accept: 'text/html' } }))
				.status;
		});
		expect(status).toBe(429);
	});

	test('signing out ends the session on the server: the old cookie no longer works', async ({
		page,
		request
	}) => {
		await signIn(page, 'senior');
		await expect(page).toHaveURL('/adjudicate');
		const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'medpair-session');
		expect(cookie?.httpOnly).toBe(true);
		expect(cookie?.sameSite).toBe('Lax');
		await signOut(page);
		const response = await request.get('/adjudicate', {
			headers: { cookie: `medpair-session=${cookie.value}` },
			maxRedirects: 0
		});
		expect(response.status()).toBe(303);
		expect(response.headers().location).toMatch(/^\/login/);
	});
});

test.describe('the ?next= redirect after signing in', () => {
	/** Raw query strings, as an attacker would write them in a link. */
	const RAW = [
		'/%09/evil.example',
		'/%0A/evil.example',
		'/%0D/evil.example',
		'/%0D%0ASet-Cookie:%20x=1',
		'%2F%2Fevil.example',
		'/%5Cevil.example',
		'/%5C/evil.example',
		'%2F%09%2Fevil.example',
		'https:%2F%2Fevil.example',
		'javascript:alert(1)',
		'/..//evil.example',
		'/' + 'a'.repeat(6000)
	];
	const encoded = HOSTILE_NEXT.filter((v) => v !== null).map((v) => encodeURIComponent(v));

	test('never answers 500 and never leaves the site, whatever `next` holds', async ({
		baseURL
	}) => {
		// A fresh cookie jar for each request: a signed-in visitor is sent home by the page load.
		const post = async (next: string, username: string, password: string) => {
			const context = await playwrightRequest.newContext({
				baseURL,
				extraHTTPHeaders: { origin: baseURL!, accept: 'text/html' }
			});
			const response = await context.post(`/login?next=${next}`, {
				form: { username, password },
				maxRedirects: 0
			});
			const result = { status: response.status(), location: response.headers().location };
			await context.dispose();
			return result;
		};
		for (const next of [...RAW, ...encoded]) {
			const where = `next=${next.slice(0, 60)}`;
			// A failed sign-in (soon throttled: 429) must not break on it either.
			const failed = await post(next, 'next-probe', 'not the password');
			expect([400, 429], where).toContain(failed.status);
			const signedIn = await post(next, 'researcher', DEMO_PASSWORD);
			expect(signedIn.status, where).toBe(303);
			expect(new URL(signedIn.location, baseURL).origin, where).toBe(new URL(baseURL!).origin);
			expect(signedIn.location, where).toBe('/studies');
		}
		// A plain same-site path is still honoured.
		const ok = await post(encodeURIComponent('/users?x=1'), 'researcher', DEMO_PASSWORD);
		expect(ok.location).toBe('/users?x=1');
	});
});

test.describe('accounts from the user side', () => {
	test('a failed sign-in clears the password and keeps the username', async ({ page }) => {
		await signIn(page, 'junior2', 'not the password');
		await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
		await expect(page.getByLabel('Username')).toHaveValue('junior2');
		await expect(page.getByLabel('Password')).toHaveValue('');
	});

	test('a disabled account is named only after the right password', async ({ page }) => {
		await signIn(page, 'researcher');
		await expect(page).toHaveURL('/studies');
		await createAccount(page, 'leaving-user', 'junior', 'leaving password 1');
		await page.getByRole('button', { name: 'Disable leaving-user' }).click();
		await page.getByRole('dialog').getByRole('button', { name: 'Disable leaving-user' }).click();
		await expect(page.getByRole('status')).toContainText('Disabled “leaving-user”');
		await signOut(page);

		await signIn(page, 'leaving-user', 'not the password');
		await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
		// Many right-password tries are not failures: no lockout, the same clear message.
		for (let i = 0; i < 6; i++) {
			await signIn(page, 'leaving-user', 'leaving password 1');
			await expect(page.getByRole('alert')).toContainText('This account is disabled.');
		}
		await expect(page).toHaveURL('/login');
	});

	test('anyone can change their own password: other sessions end, this one stays', async ({
		page,
		browser
	}) => {
		await signIn(page, 'researcher');
		await expect(page).toHaveURL('/studies');
		await createAccount(page, 'pw-changer', 'senior', 'first password 1');
		await signOut(page);

		const other = await browser.newPage();
		await signIn(other, 'pw-changer', 'first password 1');
		await expect(other).toHaveURL('/adjudicate');

		await signIn(page, 'pw-changer', 'first password 1');
		await expect(page).toHaveURL('/adjudicate');
		await page.getByRole('link', { name: 'Account' }).click();
		await expect(page).toHaveURL('/account');
		await hydrated(page);
		const change = async (current: string, password: string, repeat = password) => {
			await page.getByLabel('Current password').fill(current);
			await page.getByLabel('New password', { exact: true }).fill(password);
			await page.getByLabel('Repeat new password').fill(repeat);
			await page.getByRole('button', { name: 'Change password' }).click();
		};
		await change('first password 1', 'second password 2', 'second password 3');
		await expect(page.getByRole('alert')).toHaveText('The two new passwords differ');
		await expect(page.getByLabel('Current password')).toHaveValue('');
		await change('wrong password 1', 'second password 2');
		await expect(page.getByRole('alert')).toHaveText('Your current password is wrong');
		await change('first password 1', 'second password 2');
		await expect(page.getByRole('status')).toContainText('Your password has been changed');

		// This session stays; the other browser was signed out.
		await page.goto('/adjudicate');
		await expect(page).toHaveURL('/adjudicate');
		await other.goto('/adjudicate');
		await expect(other).toHaveURL(/\/login/);
		await other.close();

		await signOut(page);
		await signIn(page, 'pw-changer', 'first password 1');
		await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
		await signIn(page, 'pw-changer', 'second password 2');
		await expect(page).toHaveURL('/adjudicate');
	});
});
