/**
 * Issue 17: auditable pairs (items 7, 8), safe operations (9, 10, 11), import feedback (13) and
 * the Bradley–Terry ranking when strengths cannot be estimated (2). Studies other than the demo
 * are imported here with their own accounts, so closing one or disabling a junior leaves the
 * demo study (used by the other browser tests) as it was.
 */
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { createAccount, hydrated, importStudy, signIn, signOut } from './helpers.ts';

const PASSWORD = 'a long enough password';

function study(name: string, juniors: string[], extra: Record<string, unknown> = {}) {
	const models = [
		{ key: 'cand', name: 'Candidate Model 7B', group: 'candidate' },
		{ key: 'refm', name: 'Reference Model', group: 'reference' }
	];
	const prompts = ['p1', 'p2', 'p3'].map((key) => ({ key, text: `Question ${key}: is it safe?` }));
	return {
		name,
		seed: 5,
		models,
		members: { junior: juniors, senior: [] },
		prompts,
		responses: prompts.flatMap((p) =>
			// Texts that name no model (else the identity-leak scan flags them).
			models.map((m, i) => ({
				prompt: p.key,
				model: m.key,
				text: `${i === 0 ? 'First' : 'Second'} reply to ${p.key}.`
			}))
		),
		...extra
	};
}

/** Opens the study of that name from the studies list. */
async function openStudy(page: Page, name: string) {
	await page.goto('/studies');
	await page.getByRole('link', { name, exact: true }).click();
	await hydrated(page);
}

test.describe('the pair browser (items 7 and 8)', () => {
	test.beforeEach(async ({ page }) => {
		await signIn(page, 'researcher');
		await expect(page).toHaveURL('/studies');
	});

	test('shows the question, both answers with model names, each rater’s sides, and the senior’s blind step before the final one', async ({
		page
	}) => {
		await page.goto('/studies/1/pairs?source=senior');
		const pair = page.getByRole('article').first();
		await expect(pair.getByRole('heading', { name: 'Question' })).toBeVisible();
		await pair.getByText('The two answers:').click();
		const heading = (await pair.getByRole('heading', { level: 2 }).textContent()) ?? '';
		const [, model, opponent] = /: (.+) vs (.+)$/.exec(heading.trim())!;
		const answers = pair.getByRole('region', { name: `Answer of ${model}` });
		await expect(answers).toBeVisible();
		await expect(answers).not.toBeEmpty();
		await expect(pair.getByRole('region', { name: `Answer of ${opponent}` })).not.toBeEmpty();
		const table = pair.getByRole('table');
		// Every rater row says which model they saw as A and which as B.
		await expect(table.getByRole('row').nth(1)).toContainText(
			new RegExp(`A: (${model}|${opponent})B: (${model}|${opponent})`)
		);
		const stages = await table.locator('tbody tr td:nth-child(2)').allTextContents();
		const blind = stages.indexOf('senior, blind');
		const final = stages.indexOf('senior, final');
		expect(blind).toBeGreaterThanOrEqual(0);
		expect(final).toBeGreaterThan(blind);
	});

	test('a dimension alone narrows the judgments to it', async ({ page }) => {
		await page.goto('/studies/1/pairs');
		await page.getByLabel('Dimension').selectOption({ label: 'Robustness' });
		await page.getByRole('button', { name: 'Filter' }).click();
		await expect(page).toHaveURL(/dimension=robustness/);
		const headers = page.getByRole('article').first().getByRole('columnheader');
		await expect(headers).toHaveText(['Rater', 'Stage', 'Robustness', 'Saw as A / B', 'Comment']);
		await expect(page.getByText('judgments on Robustness only')).toBeVisible();
	});

	test('a page past the end shows the last page and says so; page numbers link every page', async ({
		page
	}) => {
		await page.goto('/studies/1/pairs?page=99');
		await expect(
			page.getByText(/There is no page 99: these filters give (\d+) pages/)
		).toBeVisible();
		const pages = page.getByRole('navigation', { name: 'Pages' });
		const last = await pages.locator('[aria-current="page"]').textContent();
		await expect(page.getByText(new RegExp(`page ${last} of ${last}`))).toBeVisible();
		await pages.getByRole('link', { name: 'Page 2', exact: true }).click();
		await expect(page).toHaveURL(/page=2/);
		await expect(pages.locator('[aria-current="page"]')).toHaveText('2');
	});

	test('an empty result says why and offers to clear the filters; flagged=on works', async ({
		page
	}) => {
		await page.goto('/studies/1/pairs?source=none&disagreement=1');
		await expect(page.getByText('No pair matches these filters.')).toBeVisible();
		await page.getByRole('status').getByRole('link', { name: 'Clear filters' }).click();
		await expect(page.getByText(/\d+ pairs · page 1 of/)).toBeVisible();

		await page.goto('/studies/1/pairs?flagged=on');
		await expect(page.getByLabel('Hard to decide')).toBeChecked();
		const articles = page.getByRole('article');
		const count = await articles.count();
		for (let i = 0; i < Math.min(count, 5); i++)
			await expect(articles.nth(i).getByText('hard to decide', { exact: true })).toBeVisible();
	});
});

test.describe('safe operations (items 9, 10, 11) and import feedback (13)', () => {
	test.beforeEach(async ({ page }) => {
		await signIn(page, 'researcher');
		await expect(page).toHaveURL('/studies');
	});

	test('closing a study asks first, says what it does, and reports next to the button', async ({
		page
	}) => {
		await importStudy(page, study('Close me', ['junior1', 'junior2']));
		await openStudy(page, 'Close me');
		const setup = page.getByRole('region', { name: 'Study setup' });
		await setup.getByRole('button', { name: 'Close study' }).click();
		const dialog = page.getByRole('dialog', { name: 'Close this study?' });
		await expect(dialog).toContainText('stops all rating and adjudication');
		await expect(dialog).toContainText('reopen the study at any time');
		await dialog.getByRole('button', { name: 'Cancel' }).click();
		await expect(dialog).toBeHidden();
		await expect(page.getByText(/·\s*open/)).toBeVisible();

		await setup.getByRole('button', { name: 'Close study' }).click();
		await dialog.getByRole('button', { name: 'Close the study' }).click();
		await expect(setup.getByRole('status')).toContainText('The study is closed');
		await expect(setup.getByRole('button', { name: 'Reopen study' })).toBeVisible();

		// A post without the dialog's confirmation changes nothing.
		await setup.getByRole('button', { name: 'Reopen study' }).click();
		await expect(setup.getByRole('status')).toContainText('open again');
		const id = /studies\/(\d+)/.exec(page.url())![1];
		const response = await page.request.post(`/studies/${id}?/close`, {
			form: {},
			headers: { origin: new URL(page.url()).origin, 'x-sveltekit-action': 'true' }
		});
		expect(await response.text()).toContain('Confirm closing the study');
		await page.reload();
		await expect(setup.getByRole('button', { name: 'Close study' })).toBeVisible();
	});

	test('"Add a junior" answers next to its field', async ({ page }) => {
		await openStudy(page, 'Demo: patient questions, open vs. commercial models');
		const setup = page.getByRole('region', { name: 'Study setup' });
		await setup.getByLabel('Add a junior').fill('nobody-here');
		await setup.getByRole('button', { name: 'Add', exact: true }).click();
		await expect(setup.getByRole('alert')).toHaveText('There is no account "nobody-here".');
	});

	test('a disabled junior is marked, and their unstarted pairs move to the other juniors', async ({
		page
	}) => {
		for (const name of ['mv-j1', 'mv-j2', 'mv-j3'])
			await createAccount(page, name, 'junior', PASSWORD);
		await importStudy(page, study('Move pairs', ['mv-j1', 'mv-j2', 'mv-j3']));
		await page.goto('/users');
		await hydrated(page);
		await page.getByRole('button', { name: 'Disable mv-j3' }).click();
		const dialog = page.getByRole('dialog', { name: 'Disable “mv-j3”?' });
		await expect(dialog).toContainText('Pairs they have not started stay assigned to them');
		await dialog.getByRole('button', { name: 'Disable mv-j3' }).click();
		await expect(page.getByRole('row', { name: /mv-j3/ })).toContainText('disabled');

		await openStudy(page, 'Move pairs');
		const progress = page.getByRole('region', { name: 'Progress' });
		const row = progress.getByRole('row', { name: /mv-j3/ });
		await expect(row).toContainText('disabled');
		await expect(row.getByRole('cell').nth(3)).toHaveText('2');
		await expect(progress.getByRole('note', { name: 'Disabled raters' })).toContainText(
			'mv-j3 (J3) is disabled and still holds 2 unrated pairs'
		);
		await progress.getByRole('button', { name: 'Move mv-j3’s unstarted pairs' }).click();
		await page
			.getByRole('dialog', { name: 'Move mv-j3’s unstarted pairs?' })
			.getByRole('button', { name: 'Move the pairs' })
			.click();
		await expect(progress.getByRole('status')).toHaveText(
			/Moved 2 unstarted pairs of mv-j3 to [12] other juniors?\./
		);
		await expect(row.getByRole('cell').nth(3)).toHaveText('0');
		await expect(progress.getByRole('note', { name: 'Disabled raters' })).toBeHidden();
		// 3 prompts × 1 pair × 2 raters = 6 assignments, now all with mv-j1 and mv-j2.
		const assigned = await progress.locator('tbody tr td:nth-child(4)').allTextContents();
		expect(assigned.map(Number)).toEqual([3, 3, 0]);
	});

	test('import success links to the study and repeats its identity-leak warning', async ({
		page
	}) => {
		const leaky = study('Leaky study', ['junior1', 'junior2']);
		leaky.responses[0].text = 'As an AI developed by OpenAI, I suggest rest.';
		await importStudy(page, leaky);
		const status = page.getByRole('status');
		await expect(status).toContainText('1 text shown to raters may reveal which model wrote');
		await status.getByRole('link', { name: 'Open the study' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leaky study');
		await expect(page.getByRole('heading', { name: /Possible identity leaks/ })).toBeVisible();
	});

	test('a study with many possible leaks lists the first 50 and downloads all of them', async ({
		page
	}) => {
		// Issue #11 item 18: the page is rendered on the thread that serves the raters, so a
		// study whose every answer names its maker lists a few and links the full export.
		const prompts = Array.from({ length: 30 }, (_, i) => ({ key: `p${i}`, text: `Q${i}?` }));
		const leaky = {
			...study('Many leaks', ['junior1', 'junior2']),
			prompts,
			responses: prompts.flatMap((p) => [
				{ prompt: p.key, model: 'cand', text: `As an AI developed by OpenAI: ${p.key}.` },
				{ prompt: p.key, model: 'refm', text: `I'm ChatGPT, and for ${p.key} I say rest.` }
			])
		};
		await importStudy(page, leaky);
		await page.getByRole('status').getByRole('link', { name: 'Open the study' }).click();
		const section = page.getByRole('region', { name: 'Possible identity leaks (60)' });
		await expect(section.getByRole('table').locator('tbody tr')).toHaveCount(50);
		await expect(section).toContainText('The first 50 of 60 are listed here.');
		for (const [width, height] of [
			[1440, 900],
			[390, 844]
		]) {
			await page.setViewportSize({ width, height });
			await section
				.getByRole('link', { name: 'Download the full list (CSV)' })
				.scrollIntoViewIfNeeded();
			await page.screenshot({ path: `test-results/screenshots/leaks-${width}.png` });
			expect(await seriousViolations(page)).toEqual([]);
		}
		const download = page.waitForEvent('download');
		await section.getByRole('link', { name: 'Download the full list (CSV)' }).click();
		const csv = await (await download).createReadStream();
		let text = '';
		for await (const chunk of csv) text += chunk;
		const lines = text.trim().split('\n');
		expect(lines[0]).toMatch(/^# medpair .*\|table:leaks\|.*\|identity-leaks:60$/);
		expect(lines[1]).toBe('where,prompt,model,match,excerpt,model_name');
		expect(lines).toHaveLength(62);
	});

	test('a side file missing from a web import says to add it in the second file field', async ({
		page
	}) => {
		await page.goto('/studies');
		await hydrated(page);
		await page.getByLabel('Study file (JSON)').setInputFiles({
			name: 'with-files.json',
			mimeType: 'application/json',
			buffer: Buffer.from(
				JSON.stringify({ ...study('Side files', ['junior1', 'junior2']), prompts: 'prompts.jsonl' })
			)
		});
		await page.getByRole('button', { name: 'Import study' }).click();
		await expect(page.getByRole('list', { name: 'Import problems' })).toContainText(
			'file "prompts.jsonl" was not uploaded: add it in the second file field'
		);
	});
});

test('Bradley–Terry: an undefeated model gets no rank, and the page says why with display names (item 2)', async ({
	page
}) => {
	test.setTimeout(90_000);
	await signIn(page, 'researcher');
	await expect(page).toHaveURL('/studies');
	for (const name of ['bt-j1', 'bt-j2']) await createAccount(page, name, 'junior', PASSWORD);
	const file = study('Undefeated', ['bt-j1', 'bt-j2']);
	file.prompts = file.prompts.slice(0, 1);
	file.responses = file.responses.slice(0, 2);
	await importStudy(page, file);
	await signOut(page);

	// Both juniors prefer the candidate on every dimension: it wins every comparison.
	for (const junior of ['bt-j1', 'bt-j2']) {
		await signIn(page, junior, PASSWORD);
		await expect(page).toHaveURL(/\/annotate/);
		await hydrated(page);
		const aIsCandidate = (
			await page.getByRole('region', { name: 'Response A' }).textContent()
		)?.includes('First reply');
		for (const dimension of ['Faithfulness', 'Comprehensiveness', 'Generalizability', 'Robustness'])
			await page
				.getByRole('group', { name: dimension, exact: true })
				.getByRole('radio', { name: aIsCandidate ? 'A better' : 'B better' })
				.check();
		await page.getByRole('button', { name: 'Submit' }).click();
		await expect(page.getByText('All done').first()).toBeVisible();
		await signOut(page);
	}

	await signIn(page, 'researcher');
	await expect(page).toHaveURL('/studies');
	await openStudy(page, 'Undefeated');
	const results = page.getByRole('region', { name: 'Results', exact: true });
	await expect(results).toBeVisible({ timeout: 20_000 });
	const ranking = results.getByRole('table', { name: 'Ranking: Faithfulness (not estimated)' });
	await expect(ranking).toBeVisible({ timeout: 20_000 });
	await expect(ranking.getByRole('columnheader')).toHaveText(['Model', 'Wins', 'Ties', 'Losses']);
	// One pair, the juniors agree: one final label, a win for the candidate.
	await expect(ranking.getByRole('row').nth(1)).toHaveText(/Candidate Model 7B\s*1\s*0\s*0/);
	await expect(results.getByRole('note').first()).toContainText(
		'Not ranked: Candidate Model 7B is undefeated'
	);
	await expect(results).not.toContainText('bradley_terry');
	await expect(results).not.toContainText(/\bcand\b/);
});
