import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { hydrated, signIn } from './helpers.ts';

const demo = JSON.parse(
	readFileSync(new URL('../../seed/demo-study.json', import.meta.url), 'utf8')
);
const MODEL_WORDS: string[] = demo.models.flatMap((m: { key: string; name?: string }) =>
	[m.key, m.name].filter(Boolean)
);
const DIMENSIONS = ['Faithfulness', 'Comprehensiveness', 'Generalizability', 'Robustness'];

async function progress(page: Page): Promise<number> {
	const text = await page.getByText(/\d+ of \d+ rated/).textContent();
	return Number(/(\d+) of/.exec(text ?? '')![1]);
}

test.describe('junior rating', () => {
	test('rates three pairs with the keyboard only, and progress moves', async ({ page }) => {
		await signIn(page, 'junior1');
		await expect(page).toHaveURL('/annotate');
		await hydrated(page);
		const start = await progress(page);
		for (let n = 1; n <= 3; n++) {
			await expect(page.getByRole('region', { name: 'Question' })).toBeVisible();
			const question = await page.getByRole('region', { name: 'Question' }).textContent();
			// A, T, B, A: each key answers the highlighted dimension and moves on.
			for (const key of ['a', 't', 'b', 'a']) await page.keyboard.press(key);
			await expect(
				page.getByRole('group', { name: 'Faithfulness' }).getByRole('radio', { name: 'A better' })
			).toBeChecked();
			await expect(
				page.getByRole('group', { name: 'Comprehensiveness' }).getByRole('radio', { name: 'Tie' })
			).toBeChecked();
			await expect(
				page
					.getByRole('group', { name: 'Generalizability' })
					.getByRole('radio', { name: 'B better' })
			).toBeChecked();
			await page.keyboard.press('Control+Enter');
			// The progress counter (the "Saved — pair N of M" notice also says "N of").
			await expect(page.getByText(`${start + n} of`).and(page.getByText(/rated$/))).toBeVisible();
			if (n < 3)
				await expect(page.getByRole('region', { name: 'Question' })).not.toHaveText(question ?? '');
		}
	});

	test('refuses Submit until every dimension has a choice, naming the missing ones', async ({
		page
	}) => {
		await signIn(page, 'junior2');
		await hydrated(page);
		await page
			.getByRole('group', { name: 'Faithfulness' })
			.getByRole('radio', { name: 'Tie' })
			.check();
		await page.getByRole('button', { name: 'Submit' }).click();
		await expect(page.getByRole('alert')).toHaveText(
			'Choose for every dimension before submitting. Missing: Comprehensiveness, Generalizability, Robustness.'
		);
	});

	test('a half-filled pair survives a reload (server-side draft)', async ({ page }) => {
		await signIn(page, 'junior2');
		await hydrated(page);
		const question = await page.getByRole('region', { name: 'Question' }).textContent();
		await page
			.getByRole('group', { name: 'Robustness' })
			.getByRole('radio', { name: 'B better' })
			.check();
		await page.getByLabel('Hard to decide').check();
		await page.getByLabel('Comment').fill('Both miss the dose');
		await expect(page.getByText('Draft saved')).toBeVisible();
		await page.reload();
		await hydrated(page);
		await expect(page.getByRole('region', { name: 'Question' })).toHaveText(question ?? '');
		await expect(
			page.getByRole('group', { name: 'Robustness' }).getByRole('radio', { name: 'B better' })
		).toBeChecked();
		await expect(page.getByLabel('Hard to decide')).toBeChecked();
		await expect(page.getByLabel('Comment')).toHaveValue('Both miss the dose');
	});

	test('reopens a rated pair from the Rated list and changes it', async ({ page }) => {
		await signIn(page, 'junior1');
		await page.getByRole('link', { name: 'Rated pairs' }).click();
		await expect(page.getByRole('heading', { name: 'Rated pairs' })).toBeVisible();
		await page.getByRole('link', { name: 'Open' }).first().click();
		await hydrated(page);
		await expect(page.getByText('Rated — you can change it')).toBeVisible();
		const robustness = page.getByRole('group', { name: 'Robustness' });
		const target = (await robustness.getByRole('radio', { name: 'Tie' }).isChecked())
			? 'B better'
			: 'Tie';
		await robustness.getByRole('radio', { name: target }).check();
		await page.getByRole('button', { name: 'Submit' }).click();
		await expect(page).toHaveURL('/annotate');
		await page.goBack();
		await page.reload();
		await expect(
			page.getByRole('group', { name: 'Robustness' }).getByRole('radio', { name: target })
		).toBeChecked();
	});

	test('nothing the browser receives names a model (blinding scan)', async ({ page }) => {
		const bodies: { url: string; body: string; headers: string }[] = [];
		page.on('response', async (response) => {
			const body = await response.text().catch(() => '');
			bodies.push({ url: response.url(), body, headers: JSON.stringify(response.headers()) });
		});
		await signIn(page, 'junior2');
		await hydrated(page);
		for (let n = 0; n < 2; n++) {
			for (const dimension of DIMENSIONS)
				await page
					.getByRole('group', { name: dimension })
					.getByRole('radio', { name: 'Tie' })
					.check();
			await page.getByRole('button', { name: 'Submit' }).click();
			await expect(page.getByRole('region', { name: 'Question' })).toBeVisible();
		}
		await page.getByRole('link', { name: 'Rated pairs' }).click();
		await page.getByRole('link', { name: 'Open' }).first().click();
		await hydrated(page);
		expect(bodies.length).toBeGreaterThan(5);
		for (const { url, body } of bodies)
			expect(body, `${url} tells whether a pair is a repeat`).not.toContain('isRepeat');
		for (const { url, body, headers } of bodies)
			for (const word of MODEL_WORDS) {
				expect(body.toLowerCase(), `${url} names ${word}`).not.toContain(word.toLowerCase());
				expect(headers.toLowerCase(), `${url} headers name ${word}`).not.toContain(
					word.toLowerCase()
				);
			}
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a junior rates a pair with plain form posts', async ({ page }) => {
		await page.goto('/login');
		await page.getByLabel('Username').fill('junior2');
		await page.getByLabel('Password').fill('medpair-demo');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL('/annotate');
		const before = await page.getByText(/\d+ of \d+ rated/).textContent();
		const question = await page.getByRole('region', { name: 'Question' }).textContent();
		for (const dimension of DIMENSIONS)
			await page
				.getByRole('group', { name: dimension })
				.getByRole('radio', { name: 'B better' })
				.check();
		await page.getByRole('button', { name: 'Submit' }).click();
		await expect(page).toHaveURL('/annotate');
		await expect(page.getByText(/\d+ of \d+ rated/)).not.toHaveText(before ?? '');
		await expect(page.getByRole('region', { name: 'Question' })).not.toHaveText(question ?? '');
	});

	test('an incomplete submission comes back with the missing dimensions named', async ({
		page
	}) => {
		await page.goto('/login');
		await page.getByLabel('Username').fill('junior2');
		await page.getByLabel('Password').fill('medpair-demo');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page
			.getByRole('group', { name: 'Faithfulness' })
			.getByRole('radio', { name: 'Tie' })
			.check();
		await page.getByRole('button', { name: 'Submit' }).click();
		await expect(page.getByRole('alert')).toContainText(
			'Missing: Comprehensiveness, Generalizability, Robustness.'
		);
	});
});
