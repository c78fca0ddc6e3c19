import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { createAccount, E2E_DB, hydrated, importStudy, signIn, signOut } from './helpers.ts';

const PASSWORD = 'senior flow password';
const DIMENSIONS = ['Faithfulness', 'Comprehensiveness', 'Generalizability', 'Robustness'];
const MODEL_WORDS = ['cardio-small', 'frontier-big'];

const JUNIOR_NOTE = 'JUNIOR-NOTE-7731';
const TITLE = 'Chest pain round';

/** Rates the only pair: "A better" on every dimension except `last` for Robustness. */
async function rate(
	page: Page,
	username: string,
	robustness: 'A better' | 'Tie' | 'B better',
	comment = ''
) {
	await signIn(page, username, PASSWORD);
	await expect(page).toHaveURL('/annotate');
	await hydrated(page);
	const answerA = (await page.getByRole('region', { name: 'Response A' }).textContent()) ?? '';
	// Choose by content, so both juniors mean the same response whatever their placement.
	const firstIsGood = answerA.includes('GOOD');
	const good = firstIsGood ? 'A better' : 'B better';
	for (const dimension of DIMENSIONS.slice(0, 3))
		await page.getByRole('group', { name: dimension }).getByRole('radio', { name: good }).check();
	const flip = {
		'A better': firstIsGood ? 'A better' : 'B better',
		'B better': firstIsGood ? 'B better' : 'A better',
		Tie: 'Tie'
	} as const;
	await page
		.getByRole('group', { name: 'Robustness' })
		.getByRole('radio', { name: flip[robustness] })
		.check();
	if (comment) await page.getByLabel('Comment').fill(comment);
	await page.getByRole('button', { name: 'Submit' }).click();
	await expect(page.getByText('All done')).toBeVisible();
	await signOut(page);
}

test("juniors disagree on one dimension; the senior adjudicates blind, then informed, and the label is the senior's", async ({
	page
}) => {
	await signIn(page, 'researcher');
	await expect(page).toHaveURL('/studies');
	await createAccount(page, 'adj-j1', 'junior', PASSWORD);
	await createAccount(page, 'adj-j2', 'junior', PASSWORD);
	await createAccount(page, 'adj-senior', 'senior', PASSWORD);
	await importStudy(page, {
		name: 'Adjudication flow',
		seed: 11,
		// This flow pins the senior's label on every dimension: today's behaviour, now the
		// study option "whole-pair" (disputed-only: protocol-options.spec.ts).
		adjudicate: 'whole-pair',
		models: [
			{ key: 'cardio-small', group: 'candidate' },
			{ key: 'frontier-big', group: 'reference' }
		],
		members: { junior: ['adj-j1', 'adj-j2'], senior: ['adj-senior'] },
		prompts: [{ key: 'p1', text: 'My chest hurts when I climb stairs. What should I do?' }],
		responses: [
			{
				prompt: 'p1',
				model: 'cardio-small',
				text: 'GOOD answer: see a doctor soon; call 999 if the pain comes at rest.'
			},
			{
				prompt: 'p1',
				model: 'frontier-big',
				text: 'Weaker answer: probably muscular, rest for a week.'
			}
		]
	});
	await signOut(page);
	// The import engineer stores title_for_raters from the study file; here it is set directly.
	const writer = new Database(E2E_DB);
	writer
		.prepare(`update studies set title_for_raters = ? where name = 'Adjudication flow'`)
		.run(TITLE);
	writer.close();

	await rate(page, 'adj-j1', 'A better', JUNIOR_NOTE); // "A better": the GOOD answer is better
	await rate(page, 'adj-j2', 'Tie');

	const bodies: string[] = [];
	page.on('response', async (response) =>
		bodies.push((await response.text().catch(() => '')) + JSON.stringify(response.headers()))
	);
	await signIn(page, 'adj-senior', PASSWORD);
	await expect(page).toHaveURL('/adjudicate');
	await hydrated(page);
	await expect(page.getByText('1 pending · 0 decided')).toBeVisible();
	await expect(page.getByRole('region', { name: 'Question' })).toContainText('My chest hurts');
	await expect(page.getByText('Step 1 of 2')).toBeVisible();
	await expect(page.getByText('Rater 1')).toHaveCount(0);

	// Before step 1 nothing the senior receives tells how the juniors judged the pair: not the
	// queue page, not its data, not the pair's page data (its form names every dimension).
	const before = {
		queue: await (await page.request.get('/adjudicate/queue')).text(),
		queueData: await (await page.request.get('/adjudicate/queue/__data.json')).text(),
		pairData: await (await page.request.get('/adjudicate/__data.json')).text(),
		pair: await page.content()
	};
	expect(before.queue).toContain('My chest hurts');
	for (const [name, body] of Object.entries(before)) {
		for (const word of [JUNIOR_NOTE, 'Juniors differ', 'Marked hard', 'flagged', 'Rater'])
			expect(body, `${name} says ${word}`).not.toContain(word);
		expect(body, `${name} shows the study's title for raters`).toContain(TITLE);
		expect(body, `${name} names the study`).not.toContain('Adjudication flow');
	}
	for (const body of [before.queue, before.queueData])
		expect(body, 'the queue names a disputed dimension').not.toContain('Robustness');

	for (const dimension of DIMENSIONS)
		await page.getByRole('group', { name: dimension }).getByRole('radio', { name: 'Tie' }).check();
	await page.getByRole('button', { name: 'Submit' }).click();

	await expect(page.getByText('Step 2 of 2')).toBeVisible();
	const answerA = (await page.getByRole('region', { name: 'Response A' }).textContent()) ?? '';
	const goodSide = answerA.includes('GOOD') ? 'A better' : 'B better';
	const robustnessVotes = page
		.getByRole('group', { name: 'Robustness' })
		.getByRole('list', { name: "Juniors' votes" });
	await expect(robustnessVotes).toContainText('Juniors differ');
	// The votes come in a seeded order per pair (#11 item 13): either junior may be "Rater 1".
	const votes = [
		...((await robustnessVotes.textContent()) ?? '').matchAll(
			/Rater (\d): (A better|B better|Tie)/g
		)
	];
	expect(votes.map((m) => m[1])).toEqual(['1', '2']);
	expect(votes.map((m) => m[2]).sort()).toEqual([goodSide, 'Tie'].sort());
	await expect(
		page.getByRole('group', { name: 'Faithfulness' }).getByRole('list', { name: "Juniors' votes" })
	).not.toContainText('Juniors differ');
	// The senior's own independent choices stay selected.
	await expect(
		page.getByRole('group', { name: 'Robustness' }).getByRole('radio', { name: 'Tie' })
	).toBeChecked();

	for (const dimension of DIMENSIONS)
		await page
			.getByRole('group', { name: dimension })
			.getByRole('radio', { name: goodSide })
			.check();
	await page.getByRole('button', { name: 'Finalize' }).click();
	await expect(page.getByText('All done')).toBeVisible();

	for (const body of bodies)
		for (const word of [...MODEL_WORDS, 'adj-j1', 'adj-j2'])
			expect(body, `a response names ${word}`).not.toContain(word);

	const db = new Database(E2E_DB, { readonly: true });
	const labels = db
		.prepare(
			`select f.outcome, f.source from final_labels f join pairs p on p.id = f.pair_id join studies s on s.id = p.study_id
			 where s.name = 'Adjudication flow'`
		)
		.all();
	db.close();
	expect(labels).toEqual(Array(4).fill({ outcome: 'win', source: 'senior' }));
});
