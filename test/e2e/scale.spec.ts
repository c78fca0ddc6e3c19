/**
 * Issue #16 §1 in the browser: a study with `scale: 5`. One junior rates with the mouse, the
 * other with the keyboard (Shift+A / Shift+B "much better", A / T / B "slightly better" / tie);
 * they differ only on Robustness, so the senior adjudicates that dimension on the same scale.
 * What is stored is the collapsed outcome plus the grade −2..2 from the candidate's side.
 * Screenshots at 1440×900 and 390×844 with axe-core on the rating and adjudication forms.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { createAccount, e2eRows, hydrated, importStudy, signIn, signOut } from './helpers.ts';

const PASSWORD = 'scale flow password';
const DIMENSIONS = ['Faithfulness', 'Comprehensiveness', 'Generalizability', 'Robustness'];
const NAME = 'Five-point strength of preference';
const SIZES = [
	{ width: 1440, height: 900 },
	{ width: 390, height: 844 }
];

/** 'A' when the GOOD (candidate's) answer is shown as Response A, else 'B'. */
async function goodSide(page: Page): Promise<{ good: 'A' | 'B'; bad: 'A' | 'B' }> {
	const answerA = (await page.getByRole('region', { name: 'Response A' }).textContent()) ?? '';
	return answerA.includes('GOOD') ? { good: 'A', bad: 'B' } : { good: 'B', bad: 'A' };
}

async function screens(page: Page, name: string) {
	for (const size of SIZES) {
		await page.setViewportSize(size);
		await page.screenshot({ path: `test-results/scale-${name}-${size.width}.png`, fullPage: true });
		await page
			.locator('#rating-form')
			.screenshot({ path: `test-results/scale-${name}-form-${size.width}.png` });
		expect(await seriousViolations(page)).toEqual([]);
	}
	await page.setViewportSize(SIZES[0]);
}

/** Grades stored for one user on the study, per dimension, as "outcome/grade". */
async function storedGrades(username: string, stage: string) {
	const rows = await e2eRows<{ key: string; outcome: string; grade: number | null }>(
		`select d.key, j.outcome, j.grade from judgments j
		 join assignments a on a.id = j.assignment_id join users u on u.id = a.user_id
		 join dimensions d on d.id = j.dimension_id join studies s on s.id = d.study_id
		 where u.username = ? and j.stage = ? and s.name = ? order by d.position`,
		username,
		stage,
		NAME
	);
	return rows.map((r) => `${r.outcome}/${r.grade}`);
}

test('juniors rate a 5-point pair with the mouse and with Shift+A; the senior adjudicates on the same scale', async ({
	page
}) => {
	test.setTimeout(180_000);
	await signIn(page, 'researcher');
	await expect(page).toHaveURL('/studies');
	await createAccount(page, 'five-j1', 'junior', PASSWORD);
	await createAccount(page, 'five-j2', 'junior', PASSWORD);
	await createAccount(page, 'five-senior', 'senior', PASSWORD);
	await importStudy(page, {
		name: NAME,
		seed: 11,
		scale: 5,
		models: [
			{ key: 'm-candidate', group: 'candidate' },
			{ key: 'm-reference', group: 'reference' }
		],
		members: { junior: ['five-j1', 'five-j2'], senior: ['five-senior'] },
		prompts: [{ key: 'p1', text: 'My child has had a fever for three days. Should I worry?' }],
		responses: [
			{
				prompt: 'p1',
				model: 'm-candidate',
				text: 'GOOD answer: a fever lasting three days in a child should be checked by a doctor today; go at once if the child is drowsy, has a rash that does not fade, or struggles to breathe.'
			},
			{ prompt: 'p1', model: 'm-reference', text: 'Weaker answer: fevers pass on their own.' }
		]
	});
	// The study page is opened only after the ratings: it serves statistics up to a minute old.
	await signOut(page);

	// Junior 1, with the mouse.
	await signIn(page, 'five-j1', PASSWORD);
	await expect(page).toHaveURL('/annotate');
	await hydrated(page);
	const first = await goodSide(page);
	let good = first.good;
	const bad = first.bad;
	const faith = page.getByRole('group', { name: 'Faithfulness' });
	await expect(faith.getByRole('radio')).toHaveCount(5);
	for (const name of [
		'A much better',
		'A slightly better',
		'Tie',
		'B slightly better',
		'B much better'
	])
		await expect(faith.getByRole('radio', { name, exact: true })).toHaveCount(1);
	await expect(page.getByText('much better, for the highlighted dimension')).toBeVisible();
	/** A click on the choice's cell (the radio inside is hidden; the cell is what is shown). */
	const click = async (dimension: string, name: string) =>
		await page
			.getByRole('group', { name: dimension })
			.locator('label')
			.filter({ has: page.getByRole('radio', { name, exact: true }) })
			.click();
	await click('Faithfulness', `${good} much better`);
	await click('Comprehensiveness', `${good} slightly better`);
	await click('Generalizability', 'Tie');
	await click('Robustness', `${bad} slightly better`);
	await expect(
		page
			.getByRole('group', { name: 'Faithfulness' })
			.getByRole('radio', { name: `${good} much better` })
	).toBeChecked();
	await screens(page, 'junior');
	await page.getByRole('button', { name: 'Submit' }).click();
	await expect(page.getByText('All done')).toBeVisible();
	await signOut(page);
	expect(await storedGrades('five-j1', 'rating')).toEqual(['win/2', 'win/1', 'tie/0', 'loss/-1']);

	// Junior 2, from the keyboard: the highlighted dimension moves on after each key.
	await signIn(page, 'five-j2', PASSWORD);
	await expect(page).toHaveURL('/annotate');
	await hydrated(page);
	({ good } = await goodSide(page));
	await page.keyboard.press(`Shift+${good}`);
	await page.keyboard.press(good.toLowerCase());
	await page.keyboard.press('t');
	await page.keyboard.press('t');
	await expect(
		page
			.getByRole('group', { name: 'Faithfulness' })
			.getByRole('radio', { name: `${good} much better` })
	).toBeChecked();
	await expect(
		page
			.getByRole('group', { name: 'Comprehensiveness' })
			.getByRole('radio', { name: `${good} slightly better` })
	).toBeChecked();
	await page.getByRole('button', { name: 'Submit' }).click();
	await expect(page.getByText('All done')).toBeVisible();
	await signOut(page);
	expect(await storedGrades('five-j2', 'rating')).toEqual(['win/2', 'win/1', 'tie/0', 'tie/0']);

	// The senior: Robustness differs (B slightly better vs Tie) and goes to adjudication.
	await signIn(page, 'five-senior', PASSWORD);
	await expect(page).toHaveURL('/adjudicate');
	await hydrated(page);
	({ good } = await goodSide(page));
	for (const dimension of DIMENSIONS)
		await expect(page.getByRole('group', { name: dimension }).getByRole('radio')).toHaveCount(5);
	await click('Faithfulness', `${good} much better`);
	await click('Comprehensiveness', `${good} slightly better`);
	await click('Generalizability', 'Tie');
	await click('Robustness', `${good} much better`);
	await page.getByRole('button', { name: 'Submit' }).click();
	await expect(page.getByText('Step 2 of 2')).toBeVisible();
	// The juniors' votes, in the senior's own A/B and on the 5-point scale.
	await expect(page.getByText(`${good} much better`).first()).toBeVisible();
	await screens(page, 'senior');
	await page.getByRole('button', { name: 'Finalize' }).click();
	await expect(page.getByText('All done')).toBeVisible();
	expect(await storedGrades('five-senior', 'final')).toEqual(['win/2', 'win/1', 'tie/0', 'win/2']);

	const labels = await e2eRows<{ key: string; outcome: string; grade: number; source: string }>(
		`select d.key, f.outcome, f.grade, f.source from final_labels f join pairs p on p.id = f.pair_id
		 join studies s on s.id = p.study_id join dimensions d on d.id = f.dimension_id
		 where s.name = ? order by d.position`,
		NAME
	);
	expect(labels.map((l) => `${l.outcome}/${l.grade}/${l.source}`)).toEqual([
		'win/2/consensus',
		'win/1/consensus',
		'tie/0/consensus',
		'win/2/senior'
	]);
	await signOut(page);

	// The study page: agreement on both scales, labelled.
	await signIn(page, 'researcher');
	await page.getByRole('link', { name: NAME }).click();
	await hydrated(page);
	await expect(page.getByRole('region', { name: 'Study setup' })).toContainText(
		'A much / slightly better'
	);
	const section = page.locator('section[aria-labelledby="agreement-h"]');
	// The statistics worker may still be computing on the first visit; the page looks again.
	await expect(async () => {
		await page.reload();
		await expect(section.getByRole('heading', { name: /Collapsed scale/ })).toBeVisible({
			timeout: 2000
		});
	}).toPass({ timeout: 60_000 });
	await expect(section.getByRole('heading', { name: /Collapsed scale/ })).toBeVisible();
	await expect(section.getByRole('heading', { name: /Full 5-point scale/ })).toBeVisible();
	const graded = page.getByRole('table', { name: 'Agreement on the 5-point scale' });
	await expect(graded.getByRole('columnheader', { name: 'AC2 quadratic' })).toBeVisible();
	await expect(graded.getByRole('row', { name: /Robustness/ })).toBeVisible();
	for (const size of SIZES) {
		await page.setViewportSize(size);
		await section.scrollIntoViewIfNeeded();
		await section.screenshot({ path: `test-results/scale-agreement-${size.width}.png` });
		const { violations } = await new AxeBuilder({ page })
			.include('section[aria-labelledby="agreement-h"]')
			.include('section[aria-labelledby="setup-h"]')
			.analyze();
		expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
	}
});
