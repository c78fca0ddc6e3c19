import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { hydrated, signIn } from './helpers.ts';

test.describe('researcher dashboard', () => {
	test.beforeEach(async ({ page }) => {
		await signIn(page, 'researcher');
		await expect(page).toHaveURL('/studies');
		await page
			.getByRole('link', { name: 'Demo: patient questions, open vs. commercial models' })
			.click();
		await expect(page).toHaveURL(/\/studies\/1$/);
		await hydrated(page);
	});

	test('warns in Study setup that 2 juniors see each reference answer 3 times per question', async ({
		page
	}) => {
		// Demo: 3 candidates × 2 references, 2 juniors, 2 raters per pair — both juniors rate
		// all 6 pairs of every question (test/unit/assignment/blinding.test.ts works the figures out).
		const setup = page.getByRole('region', { name: 'Study setup' });
		await expect(setup.getByRole('note', { name: 'Blinding warning' })).toHaveText(
			'Blinding: with 2 juniors and 2 raters per pair, a junior sees each reference answer up to 3 times and each candidate answer up to 2 times per question, so recognising an answer seen before can hint at its model. With 6 juniors (2 per pair × 3 sets of pairs without a repeated answer) every junior would see each answer at most once per question. Until then, each junior’s pairs of one question are spread far apart in their queue.'
		);
	});

	test('shows progress, agreement, the Table 6 layout with cell details, charts and metrics', async ({
		page
	}) => {
		await expect(page.getByRole('heading', { name: 'Progress' })).toBeVisible();
		await expect(page.getByRole('progressbar', { name: 'Overall progress' })).toBeVisible();
		await expect(page.getByText(/\d+ of 288/)).toBeVisible();

		const agreement = page.getByRole('table', { name: 'Agreement among juniors' });
		await expect(agreement.getByRole('rowheader')).toHaveText([
			'Faithfulness',
			'Comprehensiveness',
			'Generalizability',
			'Robustness'
		]);
		await expect(agreement.getByRole('columnheader', { name: "Cohen's κ" })).toBeVisible();

		const results = page.getByRole('table', { name: /Results table \(win\+tie rate/ });
		await expect(results.getByRole('rowheader')).toHaveText([
			'General',
			'Llama 3 8B Instruct',
			'Medical',
			'Meditron 7B',
			'MedAlpaca 13B'
		]);
		await expect(results.getByRole('columnheader', { name: 'Faithfulness' })).toBeVisible();
		await expect(results.locator('button.cell.bold').first()).toBeVisible();

		await results.getByRole('button', { name: /^Meditron 7B vs GPT-4o, Faithfulness/ }).click();
		const details = page.getByRole('region', { name: 'Cell details' });
		await expect(details).toContainText('Meditron 7B vs GPT-4o — Faithfulness');
		await expect(details).toContainText(/\d+ wins? · \d+ ties? · \d+ loss(es)? \(N = 10\)/);
		await expect(details).toContainText('Wilson 95 %');
		await expect(details).toContainText('Sign test on wins vs losses: p =');

		await page.getByLabel('win rate', { exact: true }).check();
		await expect(page.getByRole('table', { name: /Results table \(win rate, %\)/ })).toBeVisible();

		const chart = page.getByRole('figure', { name: 'Faithfulness' });
		await expect(chart).toBeVisible();
		await chart.getByText('Data table: Faithfulness').click();
		await expect(
			chart.getByRole('table', { name: 'Win, tie and loss counts: Faithfulness' })
		).toBeVisible();
		await expect(page.getByRole('table', { name: /^Ranking: Faithfulness/ })).toBeVisible();
		await expect(page.getByRole('table', { name: 'Automatic metrics' })).toContainText(
			'MedAlpaca 13B'
		);
		await expect(page.getByRole('table', { name: 'Human vs automatic' })).toBeVisible();

		await page.screenshot({ path: 'test-results/screenshots/study-page.png', fullPage: true });
	});

	test('the pair browser filters disagreements and shows every judgment unblinded', async ({
		page
	}) => {
		await page.getByRole('link', { name: 'Browse pairs' }).click();
		await page.getByLabel('Juniors disagree').check();
		await page.getByRole('button', { name: 'Filter' }).click();
		await expect(page).toHaveURL(/disagreement=1/);
		const first = page.getByRole('article').first();
		await expect(first.getByText(/juniors differ:/)).toBeVisible();
		await expect(first.getByRole('table')).toContainText('Final label');
		await expect(first.getByRole('heading', { level: 2 })).toContainText(
			/vs (GPT-4o|Claude 3.5 Sonnet)/
		);
		await page.screenshot({ path: 'test-results/screenshots/pair-browser.png', fullPage: false });
	});

	test('downloads every table in every format, each with its signature', async ({ page }) => {
		test.setTimeout(90_000);
		const exports = page.getByRole('table', { name: 'Exports' });
		for (const table of ['Win / tie / loss', 'Agreement', 'Judgments', 'Automatic metrics']) {
			// A fresh page per table: Chromium holds back a page's downloads after about ten.
			await page.reload();
			for (const format of ['CSV', 'JSON', 'Markdown', 'LaTeX']) {
				const [download] = await Promise.all([
					page.waitForEvent('download'),
					exports.getByRole('link', { name: `${table} as ${format}` }).click()
				]);
				const path = await download.path();
				const text = readFileSync(path, 'utf8');
				const where = `${table} as ${format}`;
				expect(download.suggestedFilename(), where).toMatch(/^medpair-study-1-/);
				expect(text, where).toContain('medpair:0.1.0|study:1');
				if (format === 'JSON') expect(() => JSON.parse(text), where).not.toThrow();
				if (format === 'LaTeX') expect(text, where).toMatch(/\\toprule/);
			}
		}
	});
});
