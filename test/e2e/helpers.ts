import { expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import pg from 'pg';

export const DEMO_PASSWORD = 'medpair-demo';

/** The browser tests' database (playwright.config.ts: E2E_DIR, default `.e2e`). */
export const E2E_DB = `${process.env.E2E_DIR ?? '.e2e'}/e2e.db`;

/**
 * Set by playwright.pg.config.ts: the PostgreSQL database the server runs on, or why these
 * tests skip (no cluster). Unset for the SQLite run.
 */
const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL || undefined;
export const E2E_PG_SKIPPED = process.env.E2E_PG_SKIPPED || undefined;

/**
 * Rows of one read of the server's database, on whichever backend it runs: SQL both dialects
 * read, with `?` placeholders (as test/helpers/cli-db.ts), on a connection of its own.
 */
export async function e2eRows<T = Record<string, unknown>>(
	text: string,
	...params: unknown[]
): Promise<T[]> {
	if (E2E_DATABASE_URL) {
		const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
		await client.connect();
		try {
			let n = 0;
			return (
				await client.query(
					text.replace(/\?/g, () => `$${++n}`),
					params
				)
			).rows as T[];
		} finally {
			await client.end();
		}
	}
	const db = new Database(E2E_DB, { readonly: true });
	try {
		return db.prepare(text).all(...params) as T[];
	} finally {
		db.close();
	}
}

/** Waits until SvelteKit has hydrated, so typing is not reset by hydration (STACK-NOTES gotcha 9). */
export async function hydrated(page: Page) {
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
	await page.goto('/login');
	await hydrated(page);
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signOut(page: Page) {
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login$/);
}

/** Creates an account through the researcher's Accounts page (the page must be signed in as researcher). */
export async function createAccount(
	page: Page,
	username: string,
	role: 'junior' | 'senior' | 'researcher',
	password: string
) {
	await page.goto('/users');
	await hydrated(page);
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Role').selectOption(role);
	await page.getByLabel('Initial password').fill(password);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('status')).toContainText(`“${username}”`);
}

/** Imports a study file through the upload form (signed in as researcher). */
export async function importStudy(page: Page, study: object, name = 'study.json') {
	await page.goto('/studies');
	await hydrated(page);
	await page.getByLabel('Study file (JSON)').setInputFiles({
		name,
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(study))
	});
	await page.getByRole('button', { name: 'Import study' }).click();
	await expect(page.getByRole('status')).toContainText('Imported');
}
