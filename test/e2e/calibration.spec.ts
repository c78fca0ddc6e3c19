/**
 * Issue #16 §3 in the browser: a junior goes through training (sees the expected answer, which
 * choices matched and the explanation), falls short, goes round again, passes, and rates real
 * work with a hidden check among it that looks like every other pair; the researcher sees the
 * junior's accuracy on gold and the flag below the threshold. Screenshots at 1440×900 and
 * 390×844 with axe-core.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { seriousViolations } from './axe.ts';
import { createAccount, hydrated, importStudy, signIn, signOut } from './helpers.ts';

const PASSWORD = 'calibration password';
const DIMENSIONS = ['Faithfulness', 'Comprehensiveness', 'Generalizability', 'Robustness'];
const NAME = 'Calibrated raters';
const EXPLANATION = 'The better answer tells the patient when to seek care today.';
const SIZES = [
	{ width: 1440, height: 900 },
	{ width: 390, height: 844 }
];

/** Chooses for every dimension: the GOOD answer's side, or Tie. */
async function choose(page: Page, pick: 'good' | 'bad' | 'tie'): Promise<'A' | 'B'> {
	const answerA = (await page.getByRole('region', { name: 'Response A' }).textContent()) ?? '';
	const goodSide = answerA.includes('GOOD') ? 'A' : 'B';
	const side = pick === 'good' ? goodSide : goodSide === 'A' ? 'B' : 'A';
	for (const dimension of DIMENSIONS)
		await page
			.getByRole('group', { name: dimension })
			.getByRole('radio', { name: pick === 'tie' ? 'Tie' : `${side} better` })
			.check();
	await page.getByRole('button', { name: 'Submit' }).click();
	return goodSide;
}

async function screens(page: Page, name: string) {
	for (const size of SIZES) {
		await page.setViewportSize(size);
		await page.screenshot({
			path: `test-results/calibration-${name}-${size.width}.png`,
			fullPage: true
		});
		expect(await seriousViolations(page)).toEqual([]);
		// Nothing runs off the side of a phone.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			size.width
		);
	}
	await page.setViewportSize(SIZES[0]);
}

test('training with feedback, a second round, real work with a hidden check, and the researcher’s calibration table', async ({
	page
}) => {
	test.setTimeout(180_000);
	await signIn(page, 'researcher');
	await expect(page).toHaveURL('/studies');
	await createAccount(page, 'cal-j1', 'junior', PASSWORD);
	await createAccount(page, 'cal-j2', 'junior', PASSWORD);
	await createAccount(page, 'cal-senior', 'senior', PASSWORD);
	const prompts = ['p1', 'p2', 'p3'];
	const expected = Object.fromEntries(
		['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'].map((d) => [d, 'win'])
	);
	await importStudy(page, {
		name: NAME,
		title_for_raters: 'Calibration demo',
		seed: 11,
		models: [
			{ key: 'm-candidate', group: 'candidate' },
			{ key: 'm-reference', group: 'reference' }
		],
		members: { junior: ['cal-j1', 'cal-j2'], senior: ['cal-senior'] },
		prompts: prompts.map((key) => ({
			key,
			text: `Question ${key}: I have had a fever for three days.`
		})),
		responses: prompts.flatMap((prompt) => [
			{ prompt, model: 'm-candidate', text: `GOOD answer to ${prompt}: see a doctor today.` },
			{ prompt, model: 'm-reference', text: `Weaker answer to ${prompt}: it will pass.` }
		]),
		gold: ['p1', 'p2'].map((prompt) => ({
			prompt,
			model: 'm-candidate',
			opponent: 'm-reference',
			expected,
			explanation: EXPLANATION
		})),
		training: { pairs: 1, min_agreement: 0.75 },
		gold_checks: { share: 0.5, threshold: 0.6 }
	});
	await signOut(page);

	// Training, round 1: the wrong side everywhere.
	await signIn(page, 'cal-j1', PASSWORD);
	await expect(page).toHaveURL('/annotate');
	await hydrated(page);
	const training = page.getByRole('region', { name: 'Training pair' });
	await expect(training).toContainText('part of your training');
	const good = await choose(page, 'bad');
	await expect(page).toHaveURL(/\/annotate\/[a-z0-9]+$/);
	await expect(training).toContainText('matched the expected answer on 0 of 4 dimensions');
	const answers = training.getByRole('list', {
		name: 'Expected answer and your choice per dimension'
	});
	await expect(answers.getByRole('listitem').filter({ hasText: 'Faithfulness' })).toHaveText(
		`Faithfulness: expected ${good} better, you chose ${good === 'A' ? 'B' : 'A'} better ✗ differs`
	);
	await expect(training).toContainText(EXPLANATION);
	// The submitted training pair is read-only: its answer was shown.
	await expect(page.getByRole('radio', { name: 'Tie' }).first()).toBeDisabled();
	await screens(page, 'feedback');

	// Below the minimum: real work stays closed; go round again.
	await training.getByRole('link', { name: 'Continue' }).click();
	await expect(page.getByText('Not yet: go round the training pairs again')).toBeVisible();
	await expect(page.getByText('0 %')).toBeVisible();
	await screens(page, 'stuck');
	await page.getByRole('button', { name: 'Go round again' }).click();
	await hydrated(page);
	await expect(training).toContainText('part of your training');
	await choose(page, 'good');
	await expect(training).toContainText('matched the expected answer on 4 of 4 dimensions');
	await expect(answers.getByRole('listitem').filter({ hasText: 'Robustness' })).toContainText(
		'✓ matches'
	);
	await training.getByRole('link', { name: 'Continue' }).click();

	// Real work: two pairs (the study pair and a hidden check), alike, no training panel. Tie
	// everywhere, so the check is missed: 0 % on gold.
	await expect(page).toHaveURL('/annotate');
	const seen: string[] = [];
	for (let i = 0; i < 2; i++) {
		await hydrated(page);
		const question = page.getByRole('region', { name: 'Question' });
		if (seen.length) await expect(question).not.toHaveText(seen[seen.length - 1]);
		seen.push((await question.textContent()) ?? '');
		await expect(page.getByRole('region', { name: 'Training pair' })).toHaveCount(0);
		await expect(page.getByText(/training/i)).toHaveCount(0);
		await choose(page, 'tie');
		await expect(page).toHaveURL('/annotate');
	}
	await expect(page.getByText('All done')).toBeVisible();
	await signOut(page);

	// The second junior passes training at once and prefers the GOOD answer everywhere: they
	// disagree with the first on the study pair, which goes to the senior.
	await signIn(page, 'cal-j2', PASSWORD);
	await hydrated(page);
	await choose(page, 'good');
	await expect(training).toContainText('on 4 of 4 dimensions');
	await training.getByRole('link', { name: 'Continue' }).click();
	for (let i = 0; i < 2; i++) {
		await expect(page).toHaveURL('/annotate');
		await hydrated(page);
		const question = page.getByRole('region', { name: 'Question' });
		const before = (await question.textContent()) ?? '';
		await choose(page, 'good');
		if (i === 0) await expect(question).not.toHaveText(before);
	}
	await expect(page.getByText('All done')).toBeVisible();
	await signOut(page);
	await signIn(page, 'cal-senior', PASSWORD);
	await expect(page).toHaveURL('/adjudicate');
	await hydrated(page);
	await choose(page, 'good');
	await expect(page.getByText('Step 2 of 2')).toBeVisible();
	await page.getByRole('button', { name: 'Finalize' }).click();
	await expect(page.getByText('All done')).toBeVisible();
	await signOut(page);

	// The researcher's calibration section.
	await signIn(page, 'researcher');
	await page.getByRole('link', { name: NAME }).click();
	await hydrated(page);
	const section = page.getByRole('region', { name: 'Calibration', exact: true });
	await expect(section).toContainText('2 gold pairs');
	const rows = section.getByRole('table', { name: 'Calibration per rater' });
	const j1 = rows.getByRole('row', { name: /cal-j1/ });
	await expect(j1).toContainText('1/1 · 100 % · passed · 1× again');
	await expect(j1).toContainText('1 of 1');
	await expect(j1).toContainText('Below threshold');
	await expect(section.getByRole('list', { name: 'Raters to look at' })).toContainText(
		'cal-j1 (J1) is below the threshold on gold checks: 0 %'
	);
	const j2 = rows.getByRole('row', { name: /cal-j2/ });
	await expect(j2).toContainText('1/1 · 100 % · passed');
	await expect(j2).toContainText('100 %');
	await expect(j2).toContainText('OK');
	for (const size of SIZES) {
		await page.setViewportSize(size);
		await section.scrollIntoViewIfNeeded();
		await page.screenshot({ path: `test-results/calibration-study-${size.width}.png` });
		const { violations } = await new AxeBuilder({ page })
			.include('section[aria-labelledby="calibration-h"]')
			.analyze();
		expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
	}

	// The same figures download from the Export section, one row per junior.
	await page.setViewportSize(SIZES[0]);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page
			.getByRole('table', { name: 'Exports' })
			.getByRole('link', { name: 'Calibration as CSV' })
			.click()
	]);
	const csv = readFileSync(await download.path(), 'utf8')
		.trim()
		.split('\n');
	expect(csv[0]).toMatch(/\|table:calibration\|.*\|calibration:gold=2,/);
	expect(csv[1]).toMatch(/^rater,training_total,training_submitted,training_agreement,/);
	expect(csv.slice(2).map((line) => line.split(',')[0])).toEqual(['J1', 'J2']);

	// The adjudicated study pair becomes gold from the pair browser, its final labels the answer.
	await page.getByRole('link', { name: 'Browse pairs' }).click();
	await hydrated(page);
	const decided = page
		.getByRole('article')
		.filter({ has: page.getByRole('button', { name: /Mark as gold/ }) });
	await expect(decided).toHaveCount(1);
	await expect(page.getByRole('article').filter({ hasText: 'Gold pair' })).toHaveCount(2);
	await decided
		.getByLabel('Explanation for raters in training')
		.fill('The senior preferred the answer that sends the patient to a doctor.');
	for (const size of SIZES) {
		await page.setViewportSize(size);
		await decided.scrollIntoViewIfNeeded();
		await page.screenshot({ path: `test-results/calibration-pairs-${size.width}.png` });
		const { violations } = await new AxeBuilder({ page }).include('article').analyze();
		expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
	}
	await decided.getByRole('button', { name: /Mark as gold/ }).click();
	await expect(page.getByText('Marked the pair as gold')).toBeVisible();
	await expect(page.getByRole('article').filter({ hasText: 'Gold pair' })).toHaveCount(3);
	await expect(page.getByRole('button', { name: /Mark as gold/ })).toHaveCount(0);
});
