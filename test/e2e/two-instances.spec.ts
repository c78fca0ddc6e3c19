/**
 * Issue #14: the browser journey across two app instances on one PostgreSQL database
 * (playwright.pg.config.ts starts the second on E2E_PORT + 1, without the demo loader). Cookies
 * do not depend on the port, so one browser session reaches both instances, as behind a load
 * balancer: a junior signs in on the first, is given the same next pair by the second, submits it
 * there, finds it rated on the first; signing out on the second ends the session on the first.
 */
import { expect, test } from '@playwright/test';
import { e2eRows, E2E_PG_SKIPPED, hydrated, signIn } from './helpers.ts';

test.skip(Boolean(E2E_PG_SKIPPED), E2E_PG_SKIPPED);

const PORT = Number(process.env.E2E_PORT ?? 4173);
const FIRST = `http://127.0.0.1:${PORT}`;
const SECOND = `http://127.0.0.1:${PORT + 1}`;
const DIMENSIONS = ['Faithfulness', 'Comprehensiveness', 'Generalizability', 'Robustness'];

test('a junior rates across two instances of one PostgreSQL database', async ({ page }) => {
	test.setTimeout(90_000);
	await signIn(page, 'junior2');
	await expect(page).toHaveURL(`${FIRST}/annotate`);
	await hydrated(page);
	const question = await page.getByRole('region', { name: 'Question' }).textContent();
	expect(question?.trim()).toBeTruthy();

	// The second instance knows the session and gives the same next pair.
	await page.goto(`${SECOND}/annotate`);
	await hydrated(page);
	await expect(page.getByRole('region', { name: 'Question' })).toHaveText(question!);
	const before = await e2eRows<{ n: number }>(
		`select count(*) as n from judgments j join assignments a on a.id = j.assignment_id
		 join users u on u.id = a.user_id where u.username = ?`,
		'junior2'
	);
	for (const dimension of DIMENSIONS)
		await page.getByRole('group', { name: dimension }).getByRole('radio', { name: 'Tie' }).check();
	await page.getByRole('button', { name: 'Submit' }).click();
	await expect(page.getByRole('region', { name: 'Question' })).not.toHaveText(question!);
	const after = await e2eRows<{ n: number }>(
		`select count(*) as n from judgments j join assignments a on a.id = j.assignment_id
		 join users u on u.id = a.user_id where u.username = ?`,
		'junior2'
	);
	// One judgment per dimension, stored once.
	expect(Number(after[0].n) - Number(before[0].n)).toBe(DIMENSIONS.length);

	// The first instance lists the pair as rated, with the choices made on the second.
	await page.goto(`${FIRST}/annotate/rated`);
	await hydrated(page);
	const asked = question!
		.replace(/^\s*Question\s*/, '')
		.trim()
		.slice(0, 40);
	await expect(
		page.getByRole('row', {
			name: new RegExp(`^${asked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.* Tie Tie Tie Tie `)
		})
	).toBeVisible();

	// Signing out on the second instance ends the session everywhere.
	await page.goto(`${SECOND}/annotate`);
	await hydrated(page);
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(`${SECOND}/login`);
	await page.goto(`${FIRST}/annotate`);
	await expect(page).toHaveURL(/\/login\?next=/);
});
