import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { hydrated, signIn } from './helpers.ts';

/** axe's serious and critical violations inside one section (the rest of the page has its own tests). */
async function sectionViolations(page: Page, selector: string) {
	const { violations } = await new AxeBuilder({ page }).include(selector).analyze();
	return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

// The e2e database: the demo study with 60 pairs rated and adjudicated (setup-db.ts); the demo
// answers differ in length and Markdown structure, so every check has figures to show.
test.describe('Bias checks on the study page', () => {
	test.beforeEach(async ({ page }) => {
		await signIn(page, 'researcher');
		await expect(page).toHaveURL('/studies');
		await page.goto('/studies/1');
		await hydrated(page);
	});

	test('shows position, length and style-controlled ranking together', async ({ page }) => {
		// axe over the whole study page takes long on a loaded machine.
		test.setTimeout(180_000);
		const section = page.getByRole('region', { name: 'Bias checks' });
		// The statistics worker may still be computing on the first visit; the page looks again.
		await expect(section.getByRole('heading', { name: 'Position' })).toBeVisible({
			timeout: 30_000
		});
		const position = section.getByRole('table', { name: 'Position bias' });
		await expect(position.getByRole('rowheader')).toHaveText(['J1', 'J2']);
		// Position bias is shown once, here, not also under agreement.
		await expect(page.getByRole('table', { name: 'Position bias' })).toHaveCount(1);

		const length = section.getByRole('table', { name: 'Length bias' });
		await expect(length.getByRole('rowheader')).toHaveText([
			'J1',
			'J2',
			'S1',
			'all raters',
			'final labels'
		]);
		await expect(length.getByRole('row', { name: /^all raters/ })).toContainText(/\d+ %/);
		await expect(
			length.getByRole('columnheader', { name: 'Odds ratio / 100 chars' })
		).toBeVisible();

		const style = section.getByRole('table', { name: 'Style control: Faithfulness' });
		await expect(style.getByRole('rowheader')).toHaveCount(5);
		await expect(style.getByRole('rowheader', { name: 'GPT-4o' })).toBeVisible();
		await expect(style.getByRole('columnheader', { name: 'Controlled' })).toBeVisible();
		const coefficients = section.getByRole('table', { name: 'Style coefficients: Faithfulness' });
		// The demo answers use lists and bold but no headers: that covariate is left out, and said so.
		await expect(coefficients.getByRole('rowheader')).toHaveText([
			'Length',
			'List items',
			'Bold spans'
		]);
		await expect(section).toContainText('headers: the same in every pair, left out of the model');
		for (const [width, height] of [
			[1440, 900],
			[390, 844]
		]) {
			await page.setViewportSize({ width, height });
			await section.scrollIntoViewIfNeeded();
			await section.screenshot({ path: `test-results/screenshots/bias-checks-${width}.png` });
			expect(await sectionViolations(page, 'section[aria-labelledby="bias-h"]')).toEqual([]);
		}
	});

	test('downloads the bias checks as CSV', async ({ page }) => {
		const response = await page.request.get('/studies/1/export?table=bias&format=csv');
		expect(response.status()).toBe(200);
		const lines = (await response.text()).trim().split('\n');
		expect(lines[0]).toMatch(/^# medpair .*\|table:bias\|/);
		// The display-name columns come last (issue #17 item 14).
		expect(lines[1]).toBe(
			'check,rater,dimension,model,statistic,estimate,ci_low,ci_high,n,p,dimension_name,model_name'
		);
		expect(lines.filter((l) => l.startsWith('style,')).length).toBeGreaterThan(0);
		await expect(page.getByRole('link', { name: 'Bias checks as CSV' })).toHaveAttribute(
			'href',
			'/studies/1/export?table=bias&format=csv'
		);
	});
});

test.describe('Automatic judges on the study page', () => {
	test('compares the demo judge with the humans', async ({ page }) => {
		test.setTimeout(180_000);
		await signIn(page, 'researcher');
		await expect(page).toHaveURL('/studies');
		await page.goto('/studies/1');
		await hydrated(page);
		const section = page.getByRole('region', { name: 'Automatic judges' });
		await expect(section.getByRole('heading', { name: /demo-llm-judge/ })).toBeVisible({
			timeout: 30_000
		});
		const agreement = section.getByRole('table', { name: 'Judge agreement: demo-llm-judge' });
		await expect(agreement.getByRole('row', { name: /^Faithfulness final labels/ })).toBeVisible();
		await expect(agreement.getByRole('row', { name: /^Faithfulness J1/ })).toBeVisible();
		await expect(section).toContainText(
			/preferred the answer it saw first in \d+ % of \d+ non-tie choices/
		);
		const cells = section.getByRole('table', { name: 'Judge vs humans: demo-llm-judge' });
		await expect(cells.getByRole('columnheader', { name: 'Humans' })).toBeVisible();
		// 3 candidates × 2 references × 4 dimensions.
		await expect(cells.locator('tbody tr')).toHaveCount(24);
		for (const [width, height] of [
			[1440, 900],
			[390, 844]
		]) {
			await page.setViewportSize({ width, height });
			await section.scrollIntoViewIfNeeded();
			await section.screenshot({ path: `test-results/screenshots/judges-${width}.png` });
		}
		expect(await sectionViolations(page, 'section[aria-labelledby="judges-h"]')).toEqual([]);
	});
});
