/**
 * Issue 17 item 12: archive (hidden, read-only, exportable, reversible) and delete (at once when
 * unjudged, with the typed name when judged) from the study page, with screenshots of the
 * changed parts at 1440×900 and 390×844 and axe on each. Studies here have their own accounts,
 * so the demo study the other browser tests use is left as it was.
 */
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { createAccount, hydrated, importStudy, signIn, signOut } from './helpers.ts';

const PASSWORD = 'a long enough password';
const SHOTS = '.shots/archive';
const DIMENSIONS = ['Faithfulness', 'Comprehensiveness', 'Generalizability', 'Robustness'];
const SIZES = [
	{ width: 1440, height: 900 },
	{ width: 390, height: 844 }
];

function study(name: string, juniors: string[]) {
	const models = [
		{ key: 'cand', name: 'Candidate Model 7B', group: 'candidate' },
		{ key: 'refm', name: 'Reference Model', group: 'reference' }
	];
	const prompts = ['p1', 'p2'].map((key) => ({ key, text: `Question ${key}: is it safe?` }));
	return {
		name,
		seed: 9,
		models,
		members: { junior: juniors, senior: [] },
		prompts,
		responses: prompts.flatMap((p) =>
			models.map((m, i) => ({
				prompt: p.key,
				model: m.key,
				text: `${i === 0 ? 'First' : 'Second'} reply to ${p.key}.`
			}))
		)
	};
}

async function openStudy(page: Page, name: string, list = '/studies') {
	await page.goto(list);
	await page.getByRole('link', { name, exact: true }).click();
	await hydrated(page);
}

/** Screenshots at both sizes (full page, or one element) with no serious axe violation. */
async function shoot(page: Page, name: string, part?: () => ReturnType<Page['locator']>) {
	for (const size of SIZES) {
		await page.setViewportSize(size);
		expect(await seriousViolations(page)).toEqual([]);
		const path = `${SHOTS}/${name}-${size.width}.png`;
		if (part) await part().screenshot({ path });
		else await page.screenshot({ path });
		// No sideways page scrolling at either size.
		expect(
			await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
		).toBe(true);
	}
	await page.setViewportSize(SIZES[0]);
}

test.describe('archiving and deleting a study (item 12)', () => {
	// Accounts, an import, sign-ins and screenshots at two sizes: slow on a loaded machine.
	test.describe.configure({ timeout: 120_000 });
	test.beforeEach(async ({ page }) => {
		await signIn(page, 'researcher');
		await expect(page).toHaveURL('/studies');
	});

	test('archive hides it and makes it read-only, "Show archived" finds it, Unarchive brings it back, delete removes it', async ({
		page
	}) => {
		for (const name of ['arc-j1', 'arc-j2']) await createAccount(page, name, 'junior', PASSWORD);
		await importStudy(page, study('Archive me', ['arc-j1', 'arc-j2']));
		await openStudy(page, 'Archive me');
		const setup = page.getByRole('region', { name: 'Study setup' });
		await setup.getByRole('button', { name: 'Archive study' }).click();
		const dialog = page.getByRole('dialog', { name: 'Archive this study?' });
		await expect(dialog).toContainText('hides the study from the studies list');
		await expect(dialog).toContainText('Results and exports stay available');
		await shoot(page, 'archive-dialog');
		await dialog.getByRole('button', { name: 'Archive the study' }).click();
		await expect(setup.getByRole('status')).toContainText('The study is archived');
		await expect(
			page.getByText('This study is archived: hidden from the studies list')
		).toBeVisible();
		await expect(page.getByText(/·\s*closed/)).toBeVisible();
		// Read-only: no reopening, reassigning or adding juniors, and a post of one is refused.
		for (const name of ['Reopen study', 'Close study', 'Reassign from the seed', 'Add'])
			await expect(setup.getByRole('button', { name, exact: true })).toHaveCount(0);
		const id = /studies\/(\d+)/.exec(page.url())![1];
		const added = await page.request.post(`/studies/${id}?/addJunior`, {
			form: { username: 'arc-j1' },
			headers: { origin: new URL(page.url()).origin, 'x-sveltekit-action': 'true' }
		});
		expect(await added.text()).toContain('This study is archived and read-only.');
		await page.reload();
		await hydrated(page);
		await shoot(page, 'archived-setup', () => setup);

		// Exports still work.
		const exported = await page.request.get(`/studies/${id}/export?table=judgments&format=csv`);
		expect(exported.status()).toBe(200);

		// Hidden from the list; "Show archived studies" lists it.
		await page.goto('/studies');
		await hydrated(page);
		await expect(page.getByRole('link', { name: 'Archive me', exact: true })).toHaveCount(0);
		await page.getByRole('link', { name: 'Show archived studies' }).click();
		await expect(page).toHaveURL('/studies?archived=show');
		const row = page.getByRole('row', { name: /Archive me/ });
		await expect(row).toContainText('closed, archived');
		await shoot(page, 'studies-show-archived');

		await row.getByRole('link', { name: 'Archive me' }).click();
		await hydrated(page);
		await setup.getByRole('button', { name: 'Unarchive' }).click();
		await expect(setup.getByRole('status')).toContainText('back in the studies list');
		await expect(setup.getByRole('button', { name: 'Reopen study' })).toBeVisible();
		await page.goto('/studies');
		await expect(page.getByRole('link', { name: 'Archive me', exact: true })).toBeVisible();

		// No judgments: the dialog asks for no name, and the study goes.
		await openStudy(page, 'Archive me');
		await setup.getByRole('button', { name: 'Delete study' }).click();
		const remove = page.getByRole('dialog', { name: 'Delete this study?' });
		await expect(remove).toContainText('It cannot be undone');
		await expect(remove.getByLabel('Study name')).toHaveCount(0);
		await remove.getByRole('button', { name: 'Delete the study' }).click();
		await expect(page).toHaveURL(/\/studies\?deleted=Archive%20me$/);
		await expect(page.getByRole('status').first()).toHaveText(
			'Deleted the study “Archive me”. The audit log keeps a record of it.'
		);
		await page.goto('/studies?archived=show');
		await expect(page.getByRole('link', { name: 'Archive me', exact: true })).toHaveCount(0);
	});

	test('a judged study is deleted only when its name is typed exactly', async ({ page }) => {
		for (const name of ['del-j1', 'del-j2']) await createAccount(page, name, 'junior', PASSWORD);
		await importStudy(page, study('Judged study', ['del-j1', 'del-j2']));
		await signOut(page);
		await signIn(page, 'del-j1', PASSWORD);
		await hydrated(page);
		for (const dimension of DIMENSIONS)
			await page
				.getByRole('group', { name: dimension })
				.getByRole('radio', { name: 'Tie' })
				.check();
		await page.getByRole('button', { name: 'Submit' }).click();
		await expect(page.getByRole('region', { name: 'Question' })).toBeVisible();
		await signOut(page);
		await signIn(page, 'researcher');
		await expect(page).toHaveURL('/studies');

		await openStudy(page, 'Judged study');
		const setup = page.getByRole('region', { name: 'Study setup' });
		await setup.getByRole('button', { name: 'Delete study' }).click();
		const remove = page.getByRole('dialog', { name: 'Delete this study?' });
		await expect(remove).toContainText('This study has judgments.');
		await remove.getByLabel('Study name').fill('Judged');
		await shoot(page, 'delete-dialog-judged');
		await remove.getByRole('button', { name: 'Delete the study' }).click();
		await expect(remove.getByRole('alert')).toHaveText(
			'This study has 4 judgments. Type its name exactly to delete it with them.'
		);
		await expect(page).toHaveURL(/\/studies\/\d+$/);

		await remove.getByLabel('Study name').fill('Judged study');
		await remove.getByRole('button', { name: 'Delete the study' }).click();
		await expect(page).toHaveURL(/\/studies\?deleted=Judged%20study$/);
		await expect(page.getByRole('link', { name: 'Judged study', exact: true })).toHaveCount(0);
	});
});
