import { expect, test } from '@playwright/test';
import { createReadStream, writeFileSync } from 'node:fs';
import { signIn } from './helpers.ts';

function studyFile(overrides: Record<string, unknown> = {}) {
	const models = [
		{ key: 'open-model', group: 'candidate', kind: 'medical', params: '7B' },
		{ key: 'closed-model', group: 'reference' }
	];
	const prompts = [
		{ key: 'p1', text: 'I have had a cough for three weeks. Should I worry?' },
		{ key: 'p2', text: 'Can I take ibuprofen with lisinopril?' }
	];
	return JSON.stringify({
		name: 'Uploaded study',
		seed: 3,
		models,
		members: { junior: ['junior1', 'junior2'], senior: ['senior'] },
		prompts,
		responses: prompts.flatMap((p) =>
			models.map((m) => ({ prompt: p.key, model: m.key, text: `Answer to ${p.key}` }))
		),
		...overrides
	});
}

test.describe('researcher', () => {
	test.beforeEach(async ({ page }) => {
		await signIn(page, 'researcher');
		await expect(page).toHaveURL('/studies');
	});

	test('imports a study through the upload form and sees it listed with its size', async ({
		page
	}) => {
		await page.getByLabel('Study file (JSON)').setInputFiles({
			name: 'uploaded.json',
			mimeType: 'application/json',
			buffer: Buffer.from(studyFile())
		});
		await page.getByRole('button', { name: 'Import study' }).click();
		await expect(page.getByRole('status')).toContainText(
			'Imported “Uploaded study”: 2 prompts, 4 responses, 2 pairs.'
		);
		const row = page.getByRole('row', { name: /Uploaded study/ });
		await expect(row).toContainText('2 juniors, 1 senior');
		await expect(row.getByRole('cell').nth(4)).toHaveText('2');
	});

	test('offers example files and the study file reference, and the example imports', async ({
		page
	}) => {
		const example = page.getByRole('link', { name: 'study-with-files.json', exact: true });
		await expect(example).toHaveAttribute('href', '/examples/study-with-files.json');
		const download = await page.request.get('/examples/study.json');
		expect(download.ok()).toBe(true);
		expect((await download.json()).title_for_raters).toBe('Patient questions — answer comparison');

		await page.getByRole('link', { name: 'study file reference' }).click();
		await page.locator('#study-file-reference > summary').click();
		await expect(page.getByRole('heading', { name: 'Keys and usernames' })).toBeVisible();

		const examples = new URL('../../static/examples/', import.meta.url);
		const path = (name: string) => new URL(name, examples).pathname;
		await page.getByLabel('Study file (JSON)').setInputFiles(path('study-with-files.json'));
		await page
			.getByLabel('Prompt and response files it refers to (JSONL or CSV, optional)')
			.setInputFiles([path('prompts.jsonl'), path('responses.jsonl')]);
		await page.getByRole('button', { name: 'Import study' }).click();
		await expect(page.getByRole('status')).toContainText(
			'Imported “Example with side files”: 2 prompts, 4 responses, 2 pairs.'
		);
	});

	test('sees every problem of a broken file, and nothing is imported', async ({ page }) => {
		const before = await page.getByRole('row').count();
		const broken = studyFile({
			raters_per_pair: 3,
			members: { junior: ['junior1', 'nobody'], senior: [] },
			responses: [
				{ prompt: 'p1', model: 'open-model', text: 'only one' },
				{ prompt: 'p1', model: 'ghost', text: 'x' }
			]
		});
		await page.getByLabel('Study file (JSON)').setInputFiles({
			name: 'broken.json',
			mimeType: 'application/json',
			buffer: Buffer.from(broken)
		});
		await page.getByRole('button', { name: 'Import study' }).click();
		const alert = page.getByRole('alert');
		await expect(alert).toContainText('broken.json was not imported. Nothing was changed.');
		const problems = page.getByRole('list', { name: 'Import problems' }).getByRole('listitem');
		await expect(problems).toHaveText([
			'raters_per_pair: raters_per_pair is 3 but only 2 juniors are listed in members.junior',
			'responses[1].model: unknown model "ghost"',
			'prompts[0]: missing response for prompt "p1" from model "closed-model"',
			'prompts[1]: missing response for prompt "p2" from model "open-model"',
			'prompts[1]: missing response for prompt "p2" from model "closed-model"',
			'members.junior[1]: unknown user "nobody"'
		]);
		expect(await page.getByRole('row').count()).toBe(before);
	});

	test('an unknown member is reported by path', async ({ page }) => {
		const file = studyFile({ members: { junior: ['junior1', 'nobody'], senior: [] } });
		await page.getByLabel('Study file (JSON)').setInputFiles({
			name: 'members.json',
			mimeType: 'application/json',
			buffer: Buffer.from(file)
		});
		await page.getByRole('button', { name: 'Import study' }).click();
		await expect(page.getByRole('list', { name: 'Import problems' })).toHaveText(
			'members.junior[1]: unknown user "nobody"'
		);
	});

	test('creates, disables and re-enables an account, and resets its password', async ({ page }) => {
		await page.getByRole('link', { name: 'Accounts' }).click();
		await page.getByLabel('Username').fill('newjunior');
		await page.getByLabel('Role').selectOption('junior');
		await page.getByLabel('Initial password').fill('a long enough password');
		await page.getByRole('button', { name: 'Create account' }).click();
		await expect(page.getByRole('status')).toHaveText('Created junior account “newjunior”.');
		const row = page.getByRole('row', { name: /newjunior/ });
		await expect(row).toContainText('active');
		await row.getByRole('button', { name: 'Disable newjunior' }).click();
		// A dialog says what disabling does; only its button disables (issue 17 item 9).
		const dialog = page.getByRole('dialog', { name: 'Disable “newjunior”?' });
		await expect(dialog).toContainText('signed out at once');
		await dialog.getByRole('button', { name: 'Cancel' }).click();
		await expect(row).toContainText('active');
		await row.getByRole('button', { name: 'Disable newjunior' }).click();
		await dialog.getByRole('button', { name: 'Disable newjunior' }).click();
		await expect(row).toContainText('disabled');
		await expect(row.getByRole('status')).toContainText('Disabled “newjunior”');
		await row.getByRole('button', { name: 'Enable newjunior' }).click();
		await expect(row).toContainText('active');
		await row.getByRole('button', { name: 'Reset password of newjunior' }).click();
		await page.getByLabel('New password for newjunior').fill('another long password');
		await row.getByRole('button', { name: 'Set password' }).click();
		await expect(page.getByRole('status')).toContainText('Set a new password for “newjunior”');
	});

	test('a too-short password is refused with the reason', async ({ page }) => {
		await page.goto('/users');
		await page.getByLabel('Username').fill('shorty');
		await page.getByLabel('Initial password').evaluate((el) => el.removeAttribute('minlength'));
		await page.getByLabel('Initial password').fill('short');
		await page.getByRole('button', { name: 'Create account' }).click();
		await expect(page.getByRole('alert')).toHaveText('Password must be at least 12 characters');
		await expect(page.getByLabel('Username')).toHaveValue('shorty');
	});
});

test('a study file over 50 MB is refused with a clear message (in the page, and 413 from the server)', async ({
	page,
	request,
	baseURL
}) => {
	await signIn(page, 'researcher');
	await expect(page).toHaveURL('/studies');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	const file = test.info().outputPath('big.json');
	writeFileSync(file, Buffer.alloc(51 * 1024 * 1024, 'a'));
	await page.getByLabel('Study file (JSON)').setInputFiles(file);
	await expect(page.getByRole('alert')).toHaveText('The files are 51.0 MB; the limit is 50 MB.');

	const cookies = await page.context().cookies();
	const response = await request.post('/studies?/import', {
		headers: {
			origin: baseURL!,
			accept: 'text/html',
			cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ')
		},
		multipart: { study: createReadStream(file) },
		maxRedirects: 0
	});
	expect(response.status()).toBe(413);
	expect(await response.text()).toContain('the limit is 50 MB');
});
