import { expect, test } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { hydrated, signIn } from './helpers.ts';

test.describe('definitions (docs/methods.md) from the study page', () => {
	test.beforeEach(async ({ page }) => {
		await signIn(page, 'researcher');
		await page
			.getByRole('link', { name: 'Demo: patient questions, open vs. commercial models' })
			.click();
		await expect(page).toHaveURL(/\/studies\/1$/);
		await hydrated(page);
	});

	test('each section links to its definitions; the methods page has them, accessibly', async ({
		page
	}) => {
		const metrics = page.getByRole('region', { name: 'Automatic metrics' });
		await metrics.getByRole('link', { name: 'the usefulness figures' }).click();
		await expect(page).toHaveURL('/methods#9-clinical-usefulness-figures');
		const heading = page.getByRole('heading', { name: '9. Clinical-usefulness figures' });
		await expect(heading).toBeInViewport();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Methods: how medpair computes its statistics and metrics'
		);
		await page.getByRole('link', { name: 'Where medpair differs from the paper' }).first().click();
		await expect(page).toHaveURL(/#12-where-medpair-differs-from-the-paper$/);
		expect(await seriousViolations(page)).toEqual([]);

		for (const [width, height] of [
			[1440, 900],
			[390, 844]
		]) {
			await page.setViewportSize({ width, height });
			await page.goto('/methods#9-clinical-usefulness-figures');
			await page.screenshot({ path: `test-results/screenshots/methods-${width}.png` });
		}

		await page.goBack();
		await page.goto('/studies/1');
		const results = page.getByRole('region', { name: 'Results' });
		await expect(results.getByRole('link', { name: 'the Bradley–Terry ranking' })).toHaveAttribute(
			'href',
			'/methods#6-bradleyterry-ranking'
		);
		await page.getByRole('link', { name: 'How each number is computed' }).click();
		await expect(page).toHaveURL('/methods');
	});

	test('is for signed-in researchers only', async ({ page, browser }) => {
		const anonymous = await browser.newPage();
		await anonymous.goto('/methods');
		await expect(anonymous).toHaveURL(/\/login/);
		await anonymous.close();
		await page.goto('/methods');
		await expect(page.getByRole('heading', { name: '14. References' })).toBeVisible();
	});
});
