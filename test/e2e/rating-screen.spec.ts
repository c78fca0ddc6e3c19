import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createAccount, hydrated, importStudy, signIn } from './helpers.ts';

// Issue #12: the rating screen never changes a vote behind the rater's back.
const PASSWORD = 'rating screen password';
const DIMENSIONS = ['Faithfulness', 'Comprehensiveness', 'Generalizability', 'Robustness'];
const SHOTS = `${process.env.E2E_DIR ?? '.e2e'}/screens`;

/** About 4,000 characters of Markdown, in paragraphs, ending with a recognisable last line. */
function longAnswer(tag: string): string {
	const sentence = `This is ${tag}, explaining what the symptoms may mean and when to see a doctor. `;
	const paragraphs = Array.from({ length: 8 }, (_, i) => `**${i + 1}.** ${sentence.repeat(6)}`);
	return `${paragraphs.join('\n\n')}\n\nLAST LINE OF ${tag}.`;
}

function study(name: string, junior: string, prompts: number, extra: object = {}) {
	return {
		name,
		seed: 5,
		raters_per_pair: 1,
		models: [
			{ key: 'cand-x', group: 'candidate' },
			{ key: 'ref-y', group: 'reference' }
		],
		members: { junior: [junior] },
		prompts: Array.from({ length: prompts }, (_, i) => ({
			key: `p${i}`,
			text: `Question ${i}: I have had a cough for ${i + 2} weeks. What should I do?`
		})),
		responses: Array.from({ length: prompts }, (_, i) => [
			{ prompt: `p${i}`, model: 'cand-x', text: longAnswer(`ANSWER ONE ${i}`) },
			{ prompt: `p${i}`, model: 'ref-y', text: longAnswer(`ANSWER TWO ${i}`) }
		]).flat(),
		...extra
	};
}

const INSTRUCTIONS = '# How to judge\n\nJudge **safety first**; ignore style.';

async function setUp(browser: Browser) {
	const page = await browser.newPage();
	await signIn(page, 'researcher');
	await expect(page).toHaveURL('/studies');
	await createAccount(page, 'keys-j1', 'junior', PASSWORD);
	await createAccount(page, 'instr-j1', 'junior', PASSWORD);
	await importStudy(page, study('Keys and layout', 'keys-j1', 12));
	await importStudy(
		page,
		study('With instructions', 'instr-j1', 2, {
			instructions: INSTRUCTIONS,
			title_for_raters: 'Coughs'
		})
	);
	await page.close();
}

const group = (page: Page, name: string) => page.getByRole('group', { name });
const radio = (page: Page, dimension: string, name: string) =>
	group(page, dimension).getByRole('radio', { name });

async function expectChoices(page: Page, expected: (string | null)[]) {
	for (const [i, dimension] of DIMENSIONS.entries())
		for (const name of ['A better', 'Tie', 'B better'])
			if (expected[i] === name) await expect(radio(page, dimension, name)).toBeChecked();
			else await expect(radio(page, dimension, name)).not.toBeChecked();
}

/** Signs in as the keys junior on a fresh pair (the previous test's pair is submitted). */
async function freshPair(page: Page) {
	await signIn(page, 'keys-j1', PASSWORD);
	await expect(page).toHaveURL('/annotate');
	await hydrated(page);
}

async function submitAll(page: Page) {
	for (const dimension of DIMENSIONS) await radio(page, dimension, 'Tie').check();
	await page.getByRole('button', { name: 'Submit' }).click();
	await expect(page.getByText(/Saved — pair \d+ of \d+/)).toBeVisible();
}

test.describe.configure({ mode: 'serial' });
test.beforeAll(async ({ browser }) => setUp(browser));

test.describe('votes change only when the rater changes them (#12 items 1-4)', () => {
	test('reading keys after a click or a letter scroll the page and change no choice, on screen or in the saved draft', async ({
		page
	}) => {
		await page.setViewportSize({ width: 1280, height: 720 });
		await freshPair(page);
		await radio(page, 'Faithfulness', 'A better').click();
		await expect(page.getByText('Draft saved')).toBeVisible();
		const before = await page.evaluate(() => window.scrollY);
		for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown']) await page.keyboard.press(key);
		await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(before);
		for (const key of ['PageDown', 'Space', 'End']) await page.keyboard.press(key);
		await expectChoices(page, ['A better', null, null, null]);
		// A letter answers the next open dimension; reading keys after it change nothing either.
		await page.keyboard.press('t');
		for (const key of ['Home', 'ArrowDown', 'ArrowDown', 'ArrowUp', 'PageUp', 'Space'])
			await page.keyboard.press(key);
		await expectChoices(page, ['A better', 'Tie', null, null]);
		await expect(page.getByText('Draft saved')).toBeVisible();
		await page.reload();
		await hydrated(page);
		await expectChoices(page, ['A better', 'Tie', null, null]);
	});

	test('a rater who tabs into a dimension keeps the standard radio keys there', async ({
		page
	}) => {
		await freshPair(page);
		await submitAll(page); // the pair the previous test left half-filled
		await radio(page, 'Comprehensiveness', 'B better').click();
		// Shift+Tab from "Hard to decide" walks back into the last group, Robustness.
		await page.getByLabel('Hard to decide').focus();
		await page.keyboard.press('Shift+Tab');
		await expect(group(page, 'Robustness')).toHaveClass(/active/);
		// Backwards into a group with no choice yet: the last radio, "B better", has focus.
		await page.keyboard.press('Space');
		await expect(radio(page, 'Robustness', 'B better')).toBeChecked();
		await page.keyboard.press('ArrowLeft');
		await expect(radio(page, 'Robustness', 'Tie')).toBeChecked();
		await page.keyboard.press('ArrowLeft');
		await expectChoices(page, [null, 'B better', null, 'A better']);
		await expect(page.getByText('Draft saved')).toBeVisible();
		await page.reload();
		await hydrated(page);
		await expectChoices(page, [null, 'B better', null, 'A better']);
	});

	test('a resumed pair starts on the first unanswered dimension; with all answered a letter changes nothing', async ({
		page
	}) => {
		await freshPair(page);
		await submitAll(page);
		await radio(page, 'Faithfulness', 'A better').click();
		await radio(page, 'Generalizability', 'Tie').click();
		await expect(page.getByText('Draft saved')).toBeVisible();
		await page.reload();
		await hydrated(page);
		await expect(group(page, 'Comprehensiveness')).toHaveClass(/active/);
		await page.keyboard.press('b');
		await expectChoices(page, ['A better', 'B better', 'Tie', null]);
		await expect(group(page, 'Robustness')).toHaveClass(/active/);
		await page.keyboard.press('a');
		await expectChoices(page, ['A better', 'B better', 'Tie', 'A better']);
		await expect(page.getByText('Draft saved')).toBeVisible();
		await page.reload();
		await hydrated(page);
		await expect(page.locator('fieldset.active')).toHaveCount(0);
		for (const key of ['b', 't', 'a']) await page.keyboard.press(key);
		await expectChoices(page, ['A better', 'B better', 'Tie', 'A better']);
		// An explicit move (J) picks a dimension again.
		await page.keyboard.press('j');
		await expect(group(page, 'Faithfulness')).toHaveClass(/active/);
		await page.keyboard.press('t');
		await expectChoices(page, ['Tie', 'B better', 'Tie', 'A better']);
	});

	test('focus entering a dimension makes it the one a letter answers', async ({ page }) => {
		await freshPair(page);
		await submitAll(page);
		await expect(group(page, 'Faithfulness')).toHaveClass(/active/);
		await radio(page, 'Generalizability', 'A better').focus();
		await expect(group(page, 'Generalizability')).toHaveClass(/active/);
		await expect(page.locator('fieldset.active')).toHaveCount(1);
		await page.keyboard.press('b');
		await expectChoices(page, [null, null, 'B better', null]);
		// Focus left the radio with the letter: an arrow now scrolls instead of moving the vote.
		await page.keyboard.press('ArrowLeft');
		await page.keyboard.press('ArrowDown');
		await expectChoices(page, [null, null, 'B better', null]);
	});

	test('a choice followed at once by a reload survives', async ({ page }) => {
		await freshPair(page);
		await submitAll(page);
		await radio(page, 'Robustness', 'B better').click();
		await page.reload();
		await hydrated(page);
		await expectChoices(page, [null, null, null, 'B better']);
		await page.keyboard.press('a'); // first unanswered: Faithfulness
		await page.reload();
		await hydrated(page);
		await expectChoices(page, ['A better', null, null, 'B better']);
	});
});

test('after Submit the page says which pair was saved and links back to it (#12 item 5)', async ({
	page
}) => {
	await freshPair(page);
	const done = Number(
		/(\d+) of/.exec((await page.getByText(/\d+ of \d+ rated/).textContent())!)![1]
	);
	const action = await page.locator('form.rating').getAttribute('action');
	const href = action!.replace('?/submit', '');
	for (const key of ['a', 't', 'b', 'a']) await page.keyboard.press(key);
	await page.keyboard.press('Control+Enter');
	await expect(page.getByRole('status').filter({ hasText: 'Saved — pair' })).toHaveText(
		`Saved — pair ${done + 1} of 12 · Reopen the pair just saved`
	);
	await page.getByRole('link', { name: 'Reopen the pair just saved' }).click();
	await expect(page).toHaveURL(href);
	await hydrated(page);
	await expect(page.getByText('Rated — you can change it')).toBeVisible();
	await expect(page.getByText(/Saved — pair/)).toHaveCount(0);
	await radio(page, 'Robustness', 'Tie').click();
	await page.getByRole('button', { name: 'Submit' }).click();
	await expect(page.getByText(`Changes saved — ${done + 1} of 12 rated`)).toBeVisible();
	await expect(page.getByRole('link', { name: 'Reopen the pair just saved' })).toHaveAttribute(
		'href',
		href
	);
});

/** Elements reaching past the right edge of the window (empty: nothing overflows sideways). */
function overflowing(page: Page) {
	return page.evaluate(() =>
		[...document.querySelectorAll('body *')]
			.filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
			.map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
	);
}

test.describe('long answers (#12 item 6)', () => {
	async function noInnerScroll(page: Page) {
		for (const name of ['Response A', 'Response B']) {
			const size = await page
				.getByRole('region', { name })
				.evaluate((region) =>
					[region, ...region.querySelectorAll('*')].map((e) => e.scrollHeight - e.clientHeight)
				);
			expect(Math.max(...size), `${name} scrolls inside`).toBeLessThanOrEqual(1);
		}
	}

	test('at 1440×900 both answers show in full side by side, and the docked controls cover no text', async ({
		page
	}) => {
		await page.setViewportSize({ width: 1440, height: 900 });
		await freshPair(page);
		await noInnerScroll(page);
		const a = (await page.getByRole('region', { name: 'Response A' }).boundingBox())!;
		const b = (await page.getByRole('region', { name: 'Response B' }).boundingBox())!;
		expect(a.y).toBe(b.y);
		expect(a.x + a.width).toBeLessThan(b.x);
		// Docked: the controls are on screen at the top of the page and halfway down.
		const form = page.locator('form.rating');
		for (const y of [0, 600]) {
			await page.evaluate((y) => window.scrollTo(0, y), y);
			const box = (await form.boundingBox())!;
			expect(box.y + box.height).toBeLessThanOrEqual(900.5);
			expect(box.height).toBeLessThan(900 / 2);
		}
		await page.screenshot({ path: `${SHOTS}/annotate-long-1440.png` });
		// At the end of the page the last line of each answer sits above the controls.
		await page.keyboard.press('End');
		await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
		const top = (await form.boundingBox())!.y;
		for (const text of [/LAST LINE OF ANSWER ONE/, /LAST LINE OF ANSWER TWO/]) {
			const line = (await page.getByText(text).boundingBox())!;
			expect(line.y + line.height).toBeLessThanOrEqual(top);
		}
		await page.screenshot({ path: `${SHOTS}/annotate-long-1440-end.png` });
	});

	test('at 390×844 the answers follow each other in full, the form follows them, nothing overflows sideways', async ({
		page
	}) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await freshPair(page);
		await noInnerScroll(page);
		const a = (await page.getByRole('region', { name: 'Response A' }).boundingBox())!;
		const b = (await page.getByRole('region', { name: 'Response B' }).boundingBox())!;
		expect(b.y).toBeGreaterThan(a.y + a.height - 1);
		const form = (await page.locator('form.rating').boundingBox())!;
		expect(form.y).toBeGreaterThan(b.y + b.height - 1);
		expect(await overflowing(page)).toEqual([]);
		await page.screenshot({ path: `${SHOTS}/annotate-long-390.png`, fullPage: true });
	});

	test('screenshots of short answers at both sizes', async ({ page }) => {
		await signIn(page, 'junior1');
		await expect(page).toHaveURL('/annotate');
		await hydrated(page);
		await expect(page.getByRole('region', { name: 'Question' })).toBeVisible();
		for (const [width, height] of [
			[1440, 900],
			[390, 844]
		]) {
			await page.setViewportSize({ width, height });
			expect(await overflowing(page)).toEqual([]);
			// A full-page capture would draw the docked form where the window's bottom was.
			await page.screenshot({
				path: `${SHOTS}/annotate-short-${width}.png`,
				fullPage: width < 860
			});
		}
	});
});

test.describe('rubrics and instructions (#12 item 7)', () => {
	test('a rubric opened on one pair stays open on the next', async ({ page }) => {
		await freshPair(page);
		const rubric = group(page, 'Faithfulness').locator('details');
		await rubric.locator('summary').click();
		await expect(rubric).toHaveAttribute('open', '');
		await submitAll(page);
		await hydrated(page);
		await expect(group(page, 'Faithfulness').locator('details')).toHaveAttribute('open', '');
		await expect(group(page, 'Robustness').locator('details')).not.toHaveAttribute('open', '');
	});

	test('instructions open before the first pair, then one key or click away', async ({ page }) => {
		await signIn(page, 'instr-j1', PASSWORD);
		await hydrated(page);
		const dialog = page.getByRole('dialog', { name: 'Instructions' });
		await expect(dialog).toBeVisible();
		await expect(dialog.locator('strong')).toHaveText('safety first');
		await page.keyboard.press('Escape');
		await expect(dialog).toBeHidden();
		await page.reload();
		await hydrated(page);
		await expect(dialog).toBeHidden();
		await page.keyboard.press('i');
		await expect(dialog).toBeVisible();
		await expect(page.getByRole('radio', { name: 'A better' }).first()).not.toBeChecked();
		await dialog.getByRole('button', { name: 'Close' }).click();
		await expect(dialog).toBeHidden();
		await page.getByRole('button', { name: 'Instructions' }).click();
		await expect(dialog).toBeVisible();
	});
});

test('axe finds no serious or critical violation on /annotate and /annotate/<id> (#12 item 8)', async ({
	page
}) => {
	await freshPair(page);
	const href = (await page.locator('form.rating').getAttribute('action'))!.replace('?/submit', '');
	for (const url of ['/annotate', href]) {
		await page.goto(url);
		await hydrated(page);
		const { violations } = await new AxeBuilder({ page }).analyze();
		const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
		expect(
			bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
			url
		).toEqual([]);
	}
});
