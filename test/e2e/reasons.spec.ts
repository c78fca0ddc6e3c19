/**
 * Issue #16 §2 in the browser: on a study with issue tags, harm ratings and per-dimension notes,
 * a junior tags the candidate's answer, rates both answers' harm and flags one dimension hard to
 * decide; the draft keeps it over a reload; what is stored names the model's side and the
 * opponent's, under both placements the junior met. The per-dimension flag sends the pair to
 * the senior, who sees the juniors' tags and harms in A/B terms; the researcher sees the rates,
 * filters the pair browser by issue. Screenshots at 1440×900 and 390×844 with axe-core.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { createAccount, e2eRows, hydrated, importStudy, signIn, signOut } from './helpers.ts';

const PASSWORD = 'reasons flow password';
const DIMENSIONS = ['Faithfulness', 'Comprehensiveness', 'Generalizability', 'Robustness'];
const NAME = 'Reasons and harms';
const SIZES = [
	{ width: 1440, height: 900 },
	{ width: 390, height: 844 }
];

/** Screenshots of the page at both sizes, each checked by axe (optionally only `include`). */
async function shoot(page: Page, name: string, include?: string) {
	for (const size of SIZES) {
		await page.setViewportSize(size);
		await page.screenshot({
			path: `test-results/reasons-${name}-${size.width}.png`,
			fullPage: true
		});
		if (include) {
			await page
				.locator(include)
				.screenshot({ path: `test-results/reasons-${name}-part-${size.width}.png` });
			const { violations } = await new AxeBuilder({ page }).include(include).analyze();
			expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual(
				[]
			);
		} else expect(await seriousViolations(page)).toEqual([]);
	}
	await page.setViewportSize(SIZES[0]);
}

/** Which position shows the candidate's answer (its text says CANDIDATE). */
async function candidatePosition(page: Page): Promise<'A' | 'B'> {
	const a = (await page.getByRole('region', { name: 'Response A' }).textContent()) ?? '';
	return a.includes('CANDIDATE') ? 'A' : 'B';
}

/** Submits; on a first pair, waits until the next pair has replaced it. */
async function submitAndWait(page: Page, more: boolean) {
	const question = page.getByRole('region', { name: 'Question' });
	const before = (await question.textContent()) ?? '';
	await page.getByRole('button', { name: 'Submit' }).click();
	if (!more) return;
	await expect(page.getByText(/Saved — pair 1 of 2/)).toBeVisible();
	await expect(question).not.toHaveText(before);
}

test('a junior tags answers, rates harm and notes a dimension; senior and researcher see it', async ({
	page
}) => {
	test.setTimeout(240_000);
	await signIn(page, 'researcher');
	await expect(page).toHaveURL('/studies');
	await createAccount(page, 'rh-j1', 'junior', PASSWORD);
	await createAccount(page, 'rh-j2', 'junior', PASSWORD);
	await createAccount(page, 'rh-senior', 'senior', PASSWORD);
	await importStudy(page, {
		name: NAME,
		seed: 11,
		per_dimension_notes: true,
		harm: true,
		issue_tags: [
			{ key: 'factual-error', label: 'Factual error', description: 'States something false.' },
			{ key: 'unsafe-advice', label: 'Unsafe advice', description: 'Could hurt if followed.' }
		],
		models: [
			{ key: 'rh-candidate', group: 'candidate' },
			{ key: 'rh-reference', group: 'reference' }
		],
		members: { junior: ['rh-j1', 'rh-j2'], senior: ['rh-senior'] },
		prompts: [
			{ key: 'p1', text: 'Can I take ibuprofen with my blood thinner?' },
			{ key: 'p2', text: 'My child has a rash and a fever. What should I do?' }
		],
		responses: ['p1', 'p2'].flatMap((prompt) => [
			{ prompt, model: 'rh-candidate', text: `CANDIDATE answer to ${prompt}: it is fine.` },
			{ prompt, model: 'rh-reference', text: `Careful answer to ${prompt}: ask a doctor first.` }
		])
	});
	await signOut(page);

	// Junior 1: both pairs; on each, "Factual error" on the candidate's answer, its harm severe,
	// the other's none, Robustness hard to decide, the careful answer better everywhere.
	await signIn(page, 'rh-j1', PASSWORD);
	await expect(page).toHaveURL('/annotate');
	const positions: ('A' | 'B')[] = [];
	for (let pair = 0; pair < 2; pair++) {
		await hydrated(page);
		const candidate = await candidatePosition(page);
		const other = candidate === 'A' ? 'B' : 'A';
		positions.push(candidate);
		await page.getByRole('checkbox', { name: `Factual error in ${candidate}` }).check();
		await page
			.getByRole('group', { name: `Harm: Response ${candidate}` })
			.getByRole('radio', { name: 'Severe' })
			.check();
		await page
			.getByRole('group', { name: `Harm: Response ${other}` })
			.getByRole('radio', { name: 'None' })
			.check();
		await page.getByRole('checkbox', { name: 'Hard to decide: Robustness' }).check();
		if (pair === 1) {
			// Evidence: select the candidate's answer text, quote it for "Factual error".
			await page.locator(`#response-${candidate.toLowerCase()} .markdown p`).selectText();
			await expect(page.getByText(`Selected in ${candidate}:`)).toBeVisible();
			await page.getByRole('button', { name: 'Evidence for Factual error' }).click();
			await expect(
				page.getByRole('button', { name: `Remove evidence for Factual error in ${candidate}` })
			).toBeVisible();
		}
		await page.getByRole('textbox', { name: 'Comment: Robustness' }).fill('Depends on the dose');
		if (pair === 0) {
			// The server-side draft keeps all of it over a reload.
			await expect(page.getByText('Draft saved')).toBeVisible();
			await page.reload();
			await hydrated(page);
			await expect(
				page.getByRole('checkbox', { name: `Factual error in ${candidate}` })
			).toBeChecked();
			await expect(
				page.getByRole('checkbox', { name: `Factual error in ${other}` })
			).not.toBeChecked();
			await expect(
				page
					.getByRole('group', { name: `Harm: Response ${candidate}` })
					.getByRole('radio', { name: 'Severe' })
			).toBeChecked();
			await expect(
				page.getByRole('checkbox', { name: 'Hard to decide: Robustness' })
			).toBeChecked();
			await expect(page.getByRole('textbox', { name: 'Comment: Robustness' })).toHaveValue(
				'Depends on the dose'
			);
			// The pair-level flag and comment keep their names and stay unticked / empty.
			await expect(
				page.getByRole('checkbox', { name: 'Hard to decide', exact: true })
			).not.toBeChecked();
			await shoot(page, 'rating');
		}
		for (const dimension of DIMENSIONS)
			await page
				.getByRole('group', { name: dimension })
				.getByRole('radio', { name: `${other} better` })
				.check();
		await submitAndWait(page, pair === 0);
	}
	await expect(page.getByText('All done')).toBeVisible();
	await signOut(page);
	// Counterbalanced sides: the junior met the candidate once as A and once as B.
	expect(positions.sort()).toEqual(['A', 'B']);

	// Stored canonically: the candidate is each pair's model, whatever A/B the junior saw.
	const stored = await e2eRows<{
		prompt: string;
		kind: string;
		key: string;
		side: string;
		value: string;
	}>(
		`select pr.key as prompt, r.kind, r.key, r.side, r.value from rating_reasons r
		 join assignments a on a.id = r.assignment_id join users u on u.id = a.user_id
		 join pairs p on p.id = a.pair_id join prompts pr on pr.id = p.prompt_id
		 where u.username = ? order by pr.key, r.kind, r.key, r.side`,
		'rh-j1'
	);
	const perPair = [
		{ kind: 'dimension_comment', key: 'robustness', side: '', value: 'Depends on the dose' },
		{ kind: 'dimension_hard', key: 'robustness', side: '', value: '1' },
		{ kind: 'harm', key: '', side: 'model', value: 'severe' },
		{ kind: 'harm', key: '', side: 'opponent', value: 'none' },
		{ kind: 'tag', key: 'factual-error', side: 'model', value: '1' }
	];
	const evidence = {
		kind: 'span',
		key: 'factual-error',
		side: 'model',
		value: JSON.stringify({ start: 0, end: 35, quote: 'CANDIDATE answer to p2: it is fine.' })
	};
	expect(stored).toEqual([
		...perPair.map((row) => ({ prompt: 'p1', ...row })),
		...[...perPair.slice(0, 4), evidence, perPair[4]].map((row) => ({ prompt: 'p2', ...row }))
	]);

	// Junior 2 agrees on every dimension and tags nothing: the per-dimension flag alone escalates.
	await signIn(page, 'rh-j2', PASSWORD);
	await expect(page).toHaveURL('/annotate');
	for (let pair = 0; pair < 2; pair++) {
		await hydrated(page);
		const candidate = await candidatePosition(page);
		const other = candidate === 'A' ? 'B' : 'A';
		for (const position of ['A', 'B'])
			await page
				.getByRole('group', { name: `Harm: Response ${position}` })
				.getByRole('radio', { name: 'None' })
				.check();
		for (const dimension of DIMENSIONS)
			await page
				.getByRole('group', { name: dimension })
				.getByRole('radio', { name: `${other} better` })
				.check();
		await submitAndWait(page, pair === 0);
	}
	await expect(page.getByText('All done')).toBeVisible();
	await signOut(page);

	// The senior: step 1 blind, then the juniors' reasons in the senior's own A/B.
	await signIn(page, 'rh-senior', PASSWORD);
	await expect(page).toHaveURL('/adjudicate');
	await hydrated(page);
	const seniorCandidate = await candidatePosition(page);
	for (const dimension of DIMENSIONS)
		await page.getByRole('group', { name: dimension }).getByRole('radio', { name: 'Tie' }).check();
	await page.getByRole('button', { name: 'Submit' }).click();
	await expect(page.getByText('Step 2 of 2')).toBeVisible();
	const reasons = page.getByRole('table', { name: /Juniors' issues and harms/ });
	await expect(
		reasons.getByRole('row', { name: new RegExp(`^Harm: ${seniorCandidate} .*Severe`) })
	).toBeVisible();
	await expect(
		reasons.getByRole('row', { name: new RegExp(`^Factual error (— )?${seniorCandidate}`) })
	).toBeVisible();
	await expect(page.getByText('hard to decide').first()).toBeVisible();
	await expect(page.getByText('Depends on the dose').first()).toBeVisible();
	await shoot(page, 'senior');
	await signOut(page);

	// The researcher: rates on the study page, the pair browser filtered by issue.
	await signIn(page, 'researcher');
	await page.getByRole('link', { name: NAME }).click();
	await hydrated(page);
	const section = page.getByRole('region', { name: 'Issues and harms', exact: true });
	await expect(section).toBeVisible();
	const rates = section.getByRole('region', { name: 'Issues and harms per model' });
	// rh-candidate: 4 ratings of its answers, 2 tagged (junior 1), 2 severe.
	await expect(
		rates.getByRole('row', { name: /^rh-candidate Factual error 2 4 0\.5/ })
	).toBeVisible();
	await expect(
		rates.getByRole('row', { name: /^rh-candidate Harm: severe 2 4 0\.5/ })
	).toBeVisible();
	await section.scrollIntoViewIfNeeded();
	await shoot(page, 'study', 'section[aria-labelledby="reasons-h"]');

	await page.goto(`${new URL(page.url()).pathname}/pairs?tag=factual-error`);
	await hydrated(page);
	await expect(page.getByText(/^2 pairs/)).toBeVisible();
	await expect(page.getByLabel('Issue')).toHaveValue('factual-error');
	await expect(
		page.getByRole('table', { name: "Juniors' issues and harms on p1" }).getByRole('row', {
			name: /^Factual error rh-candidate —$/
		})
	).toBeVisible();
	await shoot(page, 'pairs', 'main');
	await page.goto(`${new URL(page.url()).pathname}?tag=unsafe-advice`);
	await expect(page.getByText('No pair matches these filters.')).toBeVisible();
});
