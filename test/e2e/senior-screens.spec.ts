/**
 * Issue #12, the senior's screens: step drafts, the juniors' votes brought into view and focus,
 * the Decided list with Reopen / re-Finalize, a closed study read-only, 390 px without sideways
 * overflow, axe, and screenshots of every senior screen (in .shots/).
 */
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { toChoice } from '../../src/lib/domain/blinding/choice.ts';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import { closeDatabase, openDb } from '../../src/lib/server/db/index.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { MIGRATIONS } from '../helpers/db.ts';
import { seriousViolations } from './axe.ts';
import { E2E_DB, hydrated, signIn } from './helpers.ts';

const PASSWORD = 'senior screens password';
const DIMS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
const STUDY = 'Senior screens';
const QUESTIONS = [
	'SCREEN-Q1 I have had a dry cough for three weeks and now feel short of breath when I walk up the stairs. Should I be worried?',
	'SCREEN-Q2 My child (4 years) has a fever of 39.5 °C since yesterday and a rash that does not fade when I press a glass on it. What should I do?',
	'SCREEN-Q3 Can I take ibuprofen together with my blood pressure tablets (ramipril)?'
];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	const db = openDb(E2E_DB, { migrationsPath: MIGRATIONS });
	const ids: Record<string, number> = {};
	for (const [username, role] of [
		['scr-j1', 'junior'],
		['scr-j2', 'junior'],
		['scr-senior', 'senior']
	] as const)
		ids[username] = await users.create(db, { username, role, password: PASSWORD });
	const researcher = (await users.list(db)).find((u) => u.role === 'researcher')!.id;
	const prompts = QUESTIONS.map((text, i) => ({ key: `p${i}`, text }));
	const parsed = parseStudyFile(
		JSON.stringify({
			name: STUDY,
			title_for_raters: 'Respiratory round',
			seed: 5,
			models: [
				{ key: 'cand', group: 'candidate' },
				{ key: 'ref', group: 'reference' }
			],
			members: { junior: ['scr-j1', 'scr-j2'], senior: ['scr-senior'] },
			prompts,
			responses: prompts.flatMap((p) => [
				{
					prompt: p.key,
					model: 'cand',
					text: `**See a doctor within a day.** For ${p.key}: the symptoms need an examination; go to the emergency department at once if breathing gets worse.`
				},
				{
					prompt: p.key,
					model: 'ref',
					text: `It is probably harmless (${p.key}). Rest, drink water and wait a week; see https://example.org/a/very/long/path/that/keeps/going/and/going/without/any/break/at/all for more.`
				}
			])
		})
	);
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
	const imported = await studies.importStudy(db, parsed.value, researcher);
	if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
	// Both juniors rate every pair; they differ on robustness, so every pair escalates.
	for (const [junior, robustness] of [
		['scr-j1', 'win'],
		['scr-j2', 'tie']
	] as const)
		for (
			let view = await ratings.next(db, ids[junior]);
			view;
			view = await ratings.next(db, ids[junior])
		) {
			const left = new Database(E2E_DB, { readonly: true });
			const { model_on_left } = left
				.prepare('select model_on_left from assignments where public_id = ?')
				.get(view.id) as { model_on_left: number };
			left.close();
			const choices = Object.fromEntries(
				DIMS.map((d) => [d, toChoice(d === 'robustness' ? robustness : 'win', !!model_on_left)])
			);
			await ratings.submit(db, ids[junior], view.id, {
				choices,
				hard: false,
				comment: junior === 'scr-j1' ? 'Needs a chest X-ray first.' : 'Hard to judge robustness.'
			});
		}
	await closeDatabase(db);
});

async function signInSenior(page: Page) {
	await signIn(page, 'scr-senior', PASSWORD);
	await expect(page).toHaveURL('/adjudicate');
	await hydrated(page);
}

/** Whether the page is wider than the viewport (sideways scrolling). */
async function overflowsSideways(page: Page) {
	return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

const pair = (page: Page) => new URL(page.url()).pathname.split('/')[2];

test("keyboard only: a step-1 draft survives a reload, Submit lands on the juniors' votes, Finalize", async ({
	page
}) => {
	await signInSenior(page);
	await expect(page.getByText('Step 1 of 2')).toBeVisible();
	await page.keyboard.press('a'); // Faithfulness: A better
	await page.keyboard.press('t'); // Comprehensiveness: Tie
	await expect(page.getByText('Draft saved')).toBeVisible();
	await page.reload();
	await hydrated(page);
	const group = (name: string) => page.getByRole('group', { name });
	await expect(group('Faithfulness').getByRole('radio', { name: 'A better' })).toBeChecked();
	await expect(group('Comprehensiveness').getByRole('radio', { name: 'Tie' })).toBeChecked();
	await expect(page.getByText('Rater 1')).toHaveCount(0);

	await page.keyboard.press('j');
	await page.keyboard.press('j');
	await page.keyboard.press('b'); // Generalizability: B better
	await page.keyboard.press('t'); // Robustness: Tie
	await page.keyboard.press('Control+Enter');

	const heading = page.getByRole('heading', { name: "Juniors' votes" });
	await expect(heading).toBeFocused();
	await expect(heading).toBeInViewport();
	await expect(page).toHaveURL(/#juniors-votes$/);
	await expect(page.getByText('Juniors differ on Robustness.')).toBeInViewport();
	await expect(page.getByRole('table', { name: "Juniors' votes per dimension" })).toBeVisible();

	// Step 2 keeps a draft too: change Robustness to A better, reload, it is still chosen.
	await page.keyboard.press('k'); // from the heading: the form's active dimension
	await group('Robustness').getByRole('radio', { name: 'A better' }).focus();
	await page.keyboard.press('Space');
	await expect(page.getByText('Draft saved')).toBeVisible();
	await page.reload();
	await hydrated(page);
	await expect(group('Robustness').getByRole('radio', { name: 'A better' })).toBeChecked();
	await expect(group('Faithfulness').getByRole('radio', { name: 'A better' })).toBeChecked();

	await page.getByRole('button', { name: 'Finalize' }).focus();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL('/adjudicate');
	await expect(page.getByText('1 decided')).toBeVisible();
});

test('Decided lists the pair; Reopen brings it back to step 2 and a new Finalize replaces it, both kept', async ({
	page
}) => {
	await signInSenior(page);
	await page.getByRole('link', { name: 'Decided' }).click();
	await expect(page.getByRole('heading', { name: 'Decided pairs' })).toBeVisible();
	const items = page.getByRole('listitem');
	await expect(items).toHaveCount(1);
	await expect(items.first()).toContainText('Respiratory round');
	await expect(items.first()).not.toContainText(STUDY);
	await items.first().getByRole('link', { name: /^Open/ }).click();
	await hydrated(page);
	await expect(page.getByText('You have adjudicated this pair')).toBeVisible();
	const id = pair(page);

	await page.getByRole('button', { name: 'Reopen' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: "Juniors' votes" })).toBeFocused();
	await expect(page.getByText('Your last final choices are selected')).toBeVisible();
	const robustness = page.getByRole('group', { name: 'Robustness' });
	await expect(robustness.getByRole('radio', { name: 'A better' })).toBeChecked();
	await robustness.getByRole('radio', { name: 'B better' }).check();
	await page.getByRole('button', { name: 'Finalize' }).click();
	await expect(page).toHaveURL('/adjudicate');

	const db = new Database(E2E_DB, { readonly: true });
	const history = db
		.prepare(
			`select h.old_outcome as old, h.new_outcome as new from judgment_history h
			 join assignments a on a.id = h.assignment_id join dimensions d on d.id = h.dimension_id
			 where a.public_id = ? and h.stage = 'final' and d.key = 'robustness' order by h.id`
		)
		.all(id) as { old: string | null; new: string }[];
	const label = db
		.prepare(
			`select f.outcome, f.source from final_labels f join assignments a on a.pair_id = f.pair_id
			 join dimensions d on d.id = f.dimension_id where a.public_id = ? and d.key = 'robustness'`
		)
		.get(id);
	db.close();
	expect(history).toHaveLength(2);
	expect(history[1].old).toBe(history[0].new);
	expect(label).toEqual({ outcome: history[1].new, source: 'senior' });
});

const SIZES = [
	{ name: 'desktop', width: 1440, height: 900 },
	{ name: 'phone', width: 390, height: 844 }
];

let reopenedUrl = '';

test('every senior screen fits 390 px without sideways scrolling; screenshots at 1440 and 390', async ({
	page
}) => {
	await signInSenior(page);
	// Two pairs wait, both before step 1: the first goes to step 2, the second stays in step 1.
	await page.goto('/adjudicate/queue');
	const [first, second] = await page
		.getByRole('link', { name: 'Open' })
		.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
	await page.goto(first);
	await hydrated(page);
	for (const d of ['Faithfulness', 'Comprehensiveness', 'Generalizability', 'Robustness'])
		await page.getByRole('group', { name: d }).getByRole('radio', { name: 'Tie' }).check();
	await page.getByRole('button', { name: 'Submit' }).click();
	await expect(page.getByRole('heading', { name: "Juniors' votes" })).toBeFocused();
	await page.goto('/adjudicate/decided');
	const decided = await page
		.getByRole('link', { name: /^Open/ })
		.first()
		.evaluate((a) => (a as HTMLAnchorElement).pathname);

	const shoot = async (pages: [string, string][]) => {
		for (const size of SIZES) {
			await page.setViewportSize({ width: size.width, height: size.height });
			for (const [name, url] of pages) {
				await page.goto(url);
				await hydrated(page);
				expect(await overflowsSideways(page), `${name} at ${size.width} px`).toBe(false);
				// Header, progress and Sign out fit on a phone too (at the top of the page).
				if (!url.includes('#'))
					await expect(page.getByRole('button', { name: 'Sign out' })).toBeInViewport();
				await page.screenshot({ path: `.shots/senior-${name}-${size.width}.png` });
			}
		}
	};
	await shoot([
		['queue', '/adjudicate/queue'],
		['step1', second],
		['step2', `${first}#juniors-votes`],
		['decided', '/adjudicate/decided'],
		['decided-pair', decided]
	]);
	await page.goto(decided);
	await hydrated(page);
	await page.getByRole('button', { name: 'Reopen' }).click();
	await expect(page.getByText('Your last final choices are selected')).toBeVisible();
	reopenedUrl = page.url();
	await shoot([['reopened', reopenedUrl]]);
	await page.setViewportSize({ width: 1280, height: 720 });
});

test('axe: no serious or critical violations on the senior pages', async ({ page }) => {
	await signInSenior(page);
	const found: string[] = [];
	const db = new Database(E2E_DB, { readonly: true });
	const { id } = db
		.prepare(
			`select a.public_id as id from assignments a join users u on u.id = a.user_id
			 where u.username = 'scr-senior' and a.status = 'started' limit 1`
		)
		.get() as { id: string };
	db.close();
	for (const url of [
		'/adjudicate',
		'/adjudicate/queue',
		'/adjudicate/decided',
		`/adjudicate/${id}#juniors-votes`
	]) {
		await page.goto(url);
		await hydrated(page);
		for (const v of await seriousViolations(page)) found.push(`${url}: ${v.id} ${v.help}`);
	}
	expect(found).toEqual([]);
});

test('a closed study: its decided pairs open read-only, without Reopen', async ({ page }) => {
	await signInSenior(page);
	await page.goto(reopenedUrl);
	await hydrated(page);
	await page.getByRole('button', { name: 'Finalize' }).click();
	await expect(page).toHaveURL('/adjudicate');
	const db = new Database(E2E_DB);
	db.prepare(`update studies set status = 'closed' where name = ?`).run(STUDY);
	db.close();
	await page.goto('/adjudicate/decided');
	await expect(page.getByRole('listitem').first()).toContainText('study closed (read-only)');
	await page.getByRole('link', { name: /^Open/ }).first().click();
	await hydrated(page);
	await expect(
		page.getByText('This study is closed; this decision can no longer change.')
	).toBeVisible();
	await expect(page.getByRole('button', { name: 'Reopen' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Finalize' })).toBeDisabled();
	// A crafted Reopen is refused too.
	const response = await page.request.post(`${page.url()}?/reopen`, {
		headers: {
			origin: new URL(page.url()).origin,
			'content-type': 'application/x-www-form-urlencoded'
		},
		data: ''
	});
	expect(await response.text()).toContain('This study is closed');
});
