/**
 * Work organisation for raters (issue #12 items 8, 9, 10, 14, 15): choosing a study, the empty
 * states, the Rated list, narrow screens and axe. Its own accounts and studies, so the demo
 * juniors' queues stay as the other specs expect.
 */
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { createAccount, DEMO_PASSWORD, hydrated, importStudy, signIn, signOut } from './helpers.ts';

const PASSWORD = 'queue password 12';
const DIMENSIONS = ['Faithfulness', 'Comprehensiveness', 'Generalizability', 'Robustness'];

function studyFile(key: string, title: string) {
	const models = [
		{ key: `${key}-open`, group: 'candidate' },
		{ key: `${key}-closed`, group: 'reference' }
	];
	const prompts = [1, 2, 3].map((n) => ({
		key: `p${n}`,
		text: `${title}: question ${n}. I have had a dry cough for three weeks and a mild fever in the evenings; should I see a doctor, and what should I tell them?`
	}));
	return {
		name: `Queue ${key} (researchers only)`,
		title_for_raters: title,
		seed: 5,
		models,
		members: { junior: ['queue-j1', 'queue-j2'], senior: ['senior'] },
		prompts,
		responses: prompts.flatMap((p) =>
			models.map((m, i) => ({ prompt: p.key, model: m.key, text: `Answer ${i + 1} to ${p.key}` }))
		)
	};
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
	const page = await browser.newPage();
	await signIn(page, 'researcher');
	await expect(page).toHaveURL('/studies');
	await createAccount(page, 'queue-j1', 'junior', PASSWORD);
	await createAccount(page, 'queue-j2', 'junior', PASSWORD);
	await createAccount(page, 'queue-new', 'junior', PASSWORD);
	await importStudy(page, studyFile('one', 'Queue study one'), 'one.json');
	await importStudy(page, studyFile('two', 'Queue study two'), 'two.json');
	await page.close();
});

/** Signs in and waits for the junior's landing page. */
async function signInJunior(page: Page, username: string, password = PASSWORD) {
	await signIn(page, username, password);
	await expect(page).toHaveURL('/annotate');
}

/** Presses Tab until the link named `name` has the focus. */
async function tabTo(page: Page, name: string) {
	for (let n = 0; n < 40; n++) {
		await page.keyboard.press('Tab');
		const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
		if (focused === name) return;
	}
	throw new Error(`Tab never reached "${name}"`);
}

async function noSidewaysOverflow(page: Page) {
	const widths = await page.evaluate(() => ({
		page: document.documentElement.scrollWidth,
		viewport: window.innerWidth
	}));
	expect(widths.page, `${page.url()} is wider than the screen`).toBeLessThanOrEqual(
		widths.viewport
	);
	const signOut = await page.getByRole('button', { name: 'Sign out' }).boundingBox();
	expect(signOut!.x + signOut!.width).toBeLessThanOrEqual(widths.viewport);
}

test('a junior in two studies picks one with the keyboard and "next" stays in it', async ({
	page
}) => {
	await signInJunior(page, 'queue-j1');
	await expect(page.getByRole('heading', { name: 'Choose a study' })).toBeVisible();
	const list = page.getByRole('table', { name: 'Your studies' });
	await expect(list.getByRole('row', { name: /Queue study one/ })).toContainText('0 / 3');
	await expect(list.getByRole('row', { name: /Queue study two/ })).toContainText('Open');
	expect(await seriousViolations(page)).toEqual([]);

	await hydrated(page);
	await tabTo(page, 'Queue study two');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/annotate\?study=\d+$/);
	for (let n = 1; n <= 3; n++) {
		await hydrated(page);
		await expect(page.getByText('Queue study two', { exact: true })).toBeVisible();
		await expect(page.getByText(`${n - 1} of 3 rated`)).toBeVisible();
		await expect(page.getByRole('region', { name: 'Question' })).toContainText('Queue study two');
		for (const key of ['a', 't', 'b', 'a']) await page.keyboard.press(key);
		await expect(
			page.getByRole('group', { name: 'Robustness' }).getByRole('radio', { name: 'A better' })
		).toBeChecked();
		await page.keyboard.press('Control+Enter');
		await expect(page).toHaveURL('/annotate');
	}
	// The chosen study is finished: All done there, and the other study is offered.
	await expect(page.getByText('All done')).toBeVisible();
	await expect(page.getByText('You have rated every pair of Queue study two.')).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	await page.getByRole('link', { name: 'Queue study one' }).click();
	await expect(page.getByRole('region', { name: 'Question' })).toContainText('Queue study one');
});

test('a junior in no study is told so and whom to ask, not "All done"', async ({ page }) => {
	await signInJunior(page, 'queue-new');
	await expect(page.getByText('You are not in a study yet')).toBeVisible();
	await expect(
		page.getByText('ask the researcher who runs your study to add your username, queue-new.')
	).toBeVisible();
	await expect(page.getByText('All done')).toHaveCount(0);
	expect(await seriousViolations(page)).toEqual([]);
});

test('Rated pairs shows the choices, follows a change, and decided pairs open read-only', async ({
	page
}) => {
	await signInJunior(page, 'queue-j2');
	await page.goto('/annotate/studies');
	expect(await seriousViolations(page)).toEqual([]);
	await page.getByRole('link', { name: 'Queue study one' }).click();
	await hydrated(page);
	const rate = async (choice: string) => {
		for (const dimension of DIMENSIONS)
			await page
				.getByRole('group', { name: dimension })
				.getByRole('radio', { name: choice })
				.check();
		await page.getByRole('button', { name: 'Submit' }).click();
		await expect(page).toHaveURL('/annotate');
		await hydrated(page);
	};
	const shown = await page.getByRole('region', { name: 'Question' }).innerText();
	const first = /Queue study one: question \d\./.exec(shown)![0];
	await rate('A better');
	await rate('Tie');

	await page.goto('/annotate/rated');
	const table = page.getByRole('table');
	const rows = table.getByRole('row');
	await expect(table.getByRole('columnheader')).toHaveText([
		'Question',
		...DIMENSIONS,
		'Rated',
		'Status'
	]);
	await expect(rows.nth(1)).toContainText('Tie');
	await expect(rows.nth(2)).toContainText(first);
	await expect(rows.nth(2).getByRole('cell', { name: 'A better' })).toHaveCount(4);
	const before = await rows.nth(2).locator('time').getAttribute('datetime');
	expect(await seriousViolations(page)).toEqual([]);

	// Change the older pair: it moves to the top with its new choice and time.
	await rows.nth(2).getByRole('link', { name: 'Open' }).click();
	await hydrated(page);
	await page
		.getByRole('group', { name: 'Robustness' })
		.getByRole('radio', { name: 'B better' })
		.check();
	await page.getByRole('button', { name: 'Submit' }).click();
	await expect(page).toHaveURL('/annotate');
	await page.goto('/annotate/rated');
	await expect(rows.nth(1)).toContainText(first);
	await expect(rows.nth(1).getByRole('cell').nth(4)).toHaveText('B better');
	expect(await rows.nth(1).locator('time').getAttribute('datetime')).not.toBe(before);
	await signOut(page);

	// The demo's junior1 has pairs a senior decided (test/e2e/setup-db.ts).
	await signInJunior(page, 'junior1', DEMO_PASSWORD);
	await page.goto('/annotate/rated');
	const decided = page.getByRole('row').filter({ hasText: 'Decided by a senior' }).first();
	await decided.getByRole('link', { name: 'View' }).click();
	await expect(page.getByText(/has adjudicated this pair/)).toBeVisible();
	await expect(page.getByRole('radio', { name: 'A better' }).first()).toBeDisabled();
});

test.describe('at 390 px', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('nothing on the junior pages overflows sideways, and Sign out fits', async ({ page }) => {
		await signInJunior(page, 'queue-new');
		await expect(page.getByText('You are not in a study yet')).toBeVisible();
		await noSidewaysOverflow(page);
		await signOut(page);

		await signInJunior(page, 'queue-j2');
		for (const path of ['/annotate', '/annotate/studies', '/annotate/rated']) {
			await page.goto(path);
			await noSidewaysOverflow(page);
		}
		await page.goto('/annotate/studies');
		await page.getByRole('link', { name: 'Queue study two' }).click();
		await expect(page.getByRole('region', { name: 'Question' })).toBeVisible();
		await noSidewaysOverflow(page);
	});
});
