import { expect, test } from '@playwright/test';
import { hydrated, signIn, signOut } from './helpers.ts';

const HOSTILE = [
	'<script>window.__pwned = 1</script>',
	'<img src=x onerror="window.__pwned = 2">',
	'[a harmless link](javascript:window.__pwned=3)',
	'<a href="javascript:window.__pwned=4">raw link</a>',
	"Robert'); DROP TABLE judgments;--"
].join('\n\n');

test('a response with script, onerror and javascript: links renders as inert text', async ({
	page
}) => {
	await signIn(page, 'researcher');
	await expect(page).toHaveURL('/studies');
	await page.goto('/users');
	await page.getByLabel('Username').fill('xss-junior');
	await page.getByLabel('Role').selectOption('junior');
	await page.getByLabel('Initial password').fill('xss junior password');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('status')).toContainText('xss-junior');

	const study = {
		name: 'Hostile content',
		raters_per_pair: 1,
		models: [
			{ key: 'm1', group: 'candidate' },
			{ key: 'm2', group: 'reference' }
		],
		members: { junior: ['xss-junior'] },
		prompts: [{ key: 'p1', text: 'Question with <b>tags</b>' }],
		responses: [
			{ prompt: 'p1', model: 'm1', text: HOSTILE },
			{ prompt: 'p1', model: 'm2', text: HOSTILE }
		]
	};
	await page.goto('/studies');
	await page.getByLabel('Study file (JSON)').setInputFiles({
		name: 'hostile.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(study))
	});
	await page.getByRole('button', { name: 'Import study' }).click();
	await expect(page.getByRole('status')).toContainText('Imported “Hostile content”');
	await signOut(page);

	const dialogs: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	await signIn(page, 'xss-junior', 'xss junior password');
	await expect(page).toHaveURL('/annotate');
	await hydrated(page);
	const responseA = page.getByRole('region', { name: 'Response A' });
	await expect(responseA).toContainText('<script>window.__pwned = 1</script>');
	await expect(responseA).toContainText('<img src=x onerror="window.__pwned = 2">');
	await expect(responseA).toContainText('DROP TABLE judgments;--');
	await expect(page.getByRole('region', { name: 'Question' })).toContainText(
		'Question with <b>tags</b>'
	);
	await expect(responseA.locator('script, img, a[href^="javascript"]')).toHaveCount(0);
	await responseA.getByText('a harmless link').click();
	expect(
		await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)
	).toBeUndefined();
	expect(dialogs).toEqual([]);
});
