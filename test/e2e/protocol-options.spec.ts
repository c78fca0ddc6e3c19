/**
 * Issue #15 §3 in the browser: under `adjudicate: "disputed"` (the default) a senior finalizes a
 * pair the juniors disputed on one dimension, and explicitly re-opens one agreed dimension. Only
 * those two dimensions take the senior's label; the others keep the juniors' consensus; the
 * re-opening is audited. Screenshots at 1440×900 and 390×844 with axe-core.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { seriousViolations } from './axe.ts';
import {
	createAccount,
	E2E_DB,
	e2eRows,
	hydrated,
	importStudy,
	signIn,
	signOut
} from './helpers.ts';

const PASSWORD = 'protocol flow password';
const DIMENSIONS = ['Faithfulness', 'Comprehensiveness', 'Generalizability', 'Robustness'];
const NAME = 'Disputed-only adjudication';

/** "GOOD is better" on every dimension but Robustness, where the junior says `robustness`. */
async function rate(page: Page, username: string, robustness: 'good' | 'tie') {
	await signIn(page, username, PASSWORD);
	await expect(page).toHaveURL('/annotate');
	await hydrated(page);
	const answerA = (await page.getByRole('region', { name: 'Response A' }).textContent()) ?? '';
	const good = answerA.includes('GOOD') ? 'A better' : 'B better';
	for (const dimension of DIMENSIONS)
		await page
			.getByRole('group', { name: dimension })
			.getByRole('radio', {
				name: dimension === 'Robustness' && robustness === 'tie' ? 'Tie' : good
			})
			.check();
	await page.getByRole('button', { name: 'Submit' }).click();
	await expect(page.getByText('All done')).toBeVisible();
	await signOut(page);
}

test('a senior adjudicates a disputed-only pair and re-opens one agreed dimension', async ({
	page
}) => {
	// Three accounts sign in in turn and axe runs twice: longer than the default 30 s on a busy CI.
	test.setTimeout(120_000);
	await signIn(page, 'researcher');
	await expect(page).toHaveURL('/studies');
	await createAccount(page, 'pro-j1', 'junior', PASSWORD);
	await createAccount(page, 'pro-j2', 'junior', PASSWORD);
	await createAccount(page, 'pro-senior', 'senior', PASSWORD);
	await importStudy(page, {
		name: NAME,
		seed: 5,
		// adjudicate is left out: "disputed" is the default for new studies.
		models: [
			{ key: 'm-candidate', group: 'candidate' },
			{ key: 'm-reference', group: 'reference' }
		],
		members: { junior: ['pro-j1', 'pro-j2'], senior: ['pro-senior'] },
		prompts: [{ key: 'p1', text: 'I have had a fever for three days. Should I worry?' }],
		responses: [
			{
				prompt: 'p1',
				model: 'm-candidate',
				text: 'GOOD answer: see a doctor if it passes 3 days.'
			},
			{ prompt: 'p1', model: 'm-reference', text: 'Weaker answer: it will pass.' }
		]
	});
	// The study page states the rules.
	await page.getByRole('link', { name: NAME }).click();
	await expect(page.getByText('any-disagreement', { exact: true })).toBeVisible();
	await expect(page.getByText('disputed', { exact: true })).toBeVisible();
	await signOut(page);

	await rate(page, 'pro-j1', 'good');
	await rate(page, 'pro-j2', 'tie');

	await signIn(page, 'pro-senior', PASSWORD);
	await expect(page).toHaveURL('/adjudicate');
	await hydrated(page);
	// Step 1: blind and independent; nothing about agreement or re-opening yet.
	await expect(page.getByRole('checkbox', { name: /Re-open/ })).toHaveCount(0);
	for (const dimension of DIMENSIONS)
		await page.getByRole('group', { name: dimension }).getByRole('radio', { name: 'Tie' }).check();
	await page.getByRole('button', { name: 'Submit' }).click();

	// Step 2: the agreed dimensions can be re-opened, the disputed one needs none.
	await expect(page.getByText('Step 2 of 2')).toBeVisible();
	await expect(
		page.getByText('Your final label replaces only the disputed dimensions.')
	).toBeVisible();
	for (const dimension of ['Faithfulness', 'Comprehensiveness', 'Generalizability'])
		await expect(page.getByRole('checkbox', { name: `Re-open ${dimension}` })).not.toBeChecked();
	await expect(page.getByRole('checkbox', { name: 'Re-open Robustness' })).toHaveCount(0);

	for (const size of [
		{ width: 1440, height: 900 },
		{ width: 390, height: 844 }
	]) {
		await page.setViewportSize(size);
		await page.screenshot({
			path: `test-results/protocol-senior-${size.width}.png`,
			fullPage: true
		});
		expect(await seriousViolations(page)).toEqual([]);
	}
	await page.setViewportSize({ width: 1440, height: 900 });

	// The senior keeps Tie everywhere and re-opens Comprehensiveness.
	await page.getByRole('checkbox', { name: 'Re-open Comprehensiveness' }).check();
	await page.getByRole('button', { name: 'Finalize' }).click();
	await expect(page.getByText('All done')).toBeVisible();

	const db = new Database(E2E_DB, { readonly: true });
	const labels = db
		.prepare(
			`select d.key, f.outcome, f.source from final_labels f join pairs p on p.id = f.pair_id
			 join studies s on s.id = p.study_id join dimensions d on d.id = f.dimension_id
			 where s.name = ? order by d.position`
		)
		.all(NAME);
	const audit = db
		.prepare(`select detail from audit_log where action = 'adjudication.reopen_dimension'`)
		.all() as { detail: string }[];
	db.close();
	expect(labels).toEqual([
		{ key: 'faithfulness', outcome: 'win', source: 'consensus' },
		{ key: 'comprehensiveness', outcome: 'tie', source: 'senior' },
		{ key: 'generalizability', outcome: 'win', source: 'consensus' },
		{ key: 'robustness', outcome: 'tie', source: 'senior' }
	]);
	expect(audit.map((a) => JSON.parse(a.detail))).toContainEqual(
		expect.objectContaining({ dimension: 'comprehensiveness', consensus: 'win', final: 'tie' })
	);
});

test("the study page states the rules and shows each Table 6 cell's n and # Params", async ({
	page
}) => {
	test.setTimeout(120_000);
	await signIn(page, 'researcher');
	await expect(page).toHaveURL('/studies');
	await page
		.getByRole('link', { name: 'Demo: patient questions, open vs. commercial models' })
		.click();
	await hydrated(page);
	const setup = page.getByRole('region', { name: 'Study setup' });
	await expect(setup).toContainText('Escalation');
	await expect(setup).toContainText(
		'A pair goes to a senior when its juniors differ on any dimension or one of them flags it hard to decide.'
	);
	await expect(setup).toContainText('Adjudication');
	const results = page.getByRole('table', { name: /Results table \(win\+tie rate/ });
	await expect(results.getByRole('columnheader', { name: '# Params' })).toBeVisible();
	// The demo's cells each hold 10 final labels (test/e2e/setup-db.ts rates 60 pairs).
	await expect(
		results.getByRole('button', { name: /^Meditron 7B vs GPT-4o, Faithfulness: [\d.]+, n = \d+/ })
	).toBeVisible();
	await expect(results.locator('button.cell .n').first()).toHaveText(/^n=\d+/);
	for (const size of [
		{ width: 1440, height: 900 },
		{ width: 390, height: 844 }
	]) {
		await page.setViewportSize(size);
		await results.scrollIntoViewIfNeeded();
		await page.screenshot({ path: `test-results/protocol-study-${size.width}.png` });
		// Only what this change touched: the setup section and Table 6. (At the time of writing the
		// page's charts and the metrics table's scroll box had axe findings of their own.)
		const { violations } = await new AxeBuilder({ page })
			.include('section[aria-labelledby="setup-h"]')
			.include('section[aria-labelledby="results-h"] .matrix')
			.analyze();
		expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
	}
});

test('a researcher puts judge–human disagreement first in the senior queue (issue #16 §4)', async ({
	page
}) => {
	test.setTimeout(90_000);
	await signIn(page, 'researcher');
	await expect(page).toHaveURL('/studies');
	const name = 'Senior queue order';
	await createAccount(page, 'so-j1', 'junior', PASSWORD);
	await createAccount(page, 'so-j2', 'junior', PASSWORD);
	await importStudy(page, {
		name,
		seed: 6,
		models: [
			{ key: 'so-candidate', group: 'candidate' },
			{ key: 'so-reference', group: 'reference' }
		],
		members: { junior: ['so-j1', 'so-j2'], senior: [] },
		prompts: [{ key: 'p1', text: 'Is a headache after a fall something to worry about?' }],
		responses: [
			{ prompt: 'p1', model: 'so-candidate', text: 'Watch for vomiting or drowsiness.' },
			{ prompt: 'p1', model: 'so-reference', text: 'Seek care if it worsens or you vomit.' }
		]
	});
	await page.goto('/studies');
	await page.getByRole('link', { name }).click();
	await hydrated(page);
	const setup = page.getByRole('region', { name: 'Study setup' });
	const order = setup.getByRole('combobox', { name: 'Seniors see first' });
	await expect(order).toHaveValue('oldest');
	await order.selectOption('judge-disagreement');
	await setup.getByRole('button', { name: 'Save' }).click();
	await expect(setup.getByRole('status')).toContainText(
		'Seniors now see first the pairs where the automatic judge disagrees most with the juniors.'
	);
	await page.reload();
	await hydrated(page);
	await expect(
		page
			.getByRole('region', { name: 'Study setup' })
			.getByRole('combobox', { name: 'Seniors see first' })
	).toHaveValue('judge-disagreement');
	const id = Number(new URL(page.url()).pathname.split('/')[2]);
	const audit = await e2eRows<{ detail: string }>(
		"select detail from audit_log where action = 'study.senior_order' and study_id = ?",
		id
	);
	expect(audit.map((a) => JSON.parse(a.detail))).toEqual([
		{ from: 'oldest', to: 'judge-disagreement' }
	]);
	for (const size of [
		{ width: 1440, height: 900 },
		{ width: 390, height: 844 }
	]) {
		await page.setViewportSize(size);
		await page.getByRole('region', { name: 'Study setup' }).scrollIntoViewIfNeeded();
		await page.screenshot({ path: `test-results/senior-order-${size.width}.png` });
		const { violations } = await new AxeBuilder({ page })
			.include('section[aria-labelledby="setup-h"]')
			.analyze();
		expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
		expect(
			await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
		).toBe(true);
	}
});
