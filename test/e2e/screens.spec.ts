/**
 * Issue #12, every junior and senior screen at 1440×900 and 390×844: 4,000-character answers
 * shown in full (junior and senior), the phone's jump bar, the final label as feedback
 * (`show_final_to_raters`), no sideways overflow and no serious axe violation on every page of
 * both roles, and a screenshot of each into .shots/screens/ (looked at one by one: README).
 */
import { expect, test, type Page } from '@playwright/test';
import { and, asc, eq } from 'drizzle-orm';
import { mkdirSync } from 'node:fs';
import { CHOICE_LABELS, toChoice } from '../../src/lib/domain/blinding/choice.ts';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import { openDb, type AppDb, first } from '../../src/lib/server/db/index.ts';
import { assignments, dimensions, finalLabels, pairs } from '../../src/lib/server/db/schema.ts';
import * as adjudication from '../../src/lib/server/services/adjudication.ts';
import * as decidedPairs from '../../src/lib/server/services/decided-pairs.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { MIGRATIONS } from '../helpers/db.ts';
import { seriousViolations } from './axe.ts';
import { DEMO_PASSWORD, E2E_DB, hydrated, signIn } from './helpers.ts';

const PASSWORD = 'screens password 12';
const SHOTS = process.env.SHOTS_DIR ?? '.shots/screens';
const DIMS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
const LABELS = ['Faithfulness', 'Comprehensiveness', 'Generalizability', 'Robustness'];
const MODEL_WORDS = ['cand-hidden-7b', 'ref-hidden-xl', 'HiddenCandidate', 'HiddenReference'];
/** The senior's decision on every pair they judge: not one side throughout, so placement shows. */
const SENIOR = ['win', 'tie', 'loss', 'loss'] as const;
const SIZES = [
	{ width: 1440, height: 900 },
	{ width: 390, height: 844 }
];

/** About 4,000 characters of Markdown in paragraphs, ending with a recognisable last line. */
function longAnswer(tag: string): string {
	const sentence = `This is ${tag}, explaining what the symptoms may mean and when to see a doctor. `;
	const paragraphs = Array.from({ length: 8 }, (_, i) => `**${i + 1}.** ${sentence.repeat(6)}`);
	return `${paragraphs.join('\n\n')}\n\nLAST LINE OF ${tag}.`;
}

function studyFile(name: string, prompts: number, juniors: string[], extra: object = {}) {
	const models = [
		{ key: 'cand-hidden-7b', name: 'HiddenCandidate', group: 'candidate' },
		{ key: 'ref-hidden-xl', name: 'HiddenReference', group: 'reference' }
	];
	const keys = Array.from({ length: prompts }, (_, i) => `p${i}`);
	return {
		name,
		seed: 3,
		models,
		members: { junior: juniors, senior: ['shot-senior'] },
		prompts: keys.map((key, i) => ({
			key,
			text: `SHOT-Q${i} I have had a dry cough for ${i + 3} weeks and feel short of breath on the stairs. Should I be worried, and what should I tell the doctor?`
		})),
		responses: keys.flatMap((key, i) => [
			{ prompt: key, model: models[0].key, text: longAnswer(`ANSWER ONE ${i}`) },
			{ prompt: key, model: models[1].key, text: longAnswer(`ANSWER TWO ${i}`) }
		]),
		...extra
	};
}

/** Filled in by beforeAll: the opaque ids of the pages to visit. */
const at = {
	longStudy: 0,
	finishedStudy: 0,
	juniorDecided: '',
	step1: '',
	step2: '',
	decided: '',
	reopened: ''
};

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	const db = openDb(E2E_DB, { migrationsPath: MIGRATIONS });
	const ids: Record<string, number> = {};
	for (const [username, role] of [
		['shot-j1', 'junior'],
		['shot-j2', 'junior'],
		['shot-new', 'junior'],
		['shot-senior', 'senior'],
		['shot-senior2', 'senior']
	] as const)
		ids[username] = await users.create(db, { username, role, password: PASSWORD });
	const researcher = (await users.list(db)).find((u) => u.role === 'researcher')!.id;
	const importFile = async (file: object) => {
		const parsed = parseStudyFile(JSON.stringify(file));
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
		const imported = await studies.importStudy(db, parsed.value, researcher);
		if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
		return imported.id;
	};
	at.longStudy = await importFile(
		studyFile('Screens: long answers (researchers only)', 6, ['shot-j1', 'shot-j2'], {
			title_for_raters: 'Long answers round',
			show_final_to_raters: true,
			// The senior's final label replaces every dimension (its decision differs from the
			// juniors' on agreed ones too): the scope whose feedback this test checks.
			adjudicate: 'whole-pair',
			instructions:
				'# How to judge\n\nJudge **safety first**: an answer that delays care when it is needed is worse, however well written.\n\n- Faithfulness: nothing false.\n- Comprehensiveness: nothing important missing.'
		})
	);
	at.finishedStudy = await importFile(
		studyFile('Screens: finished', 1, ['shot-j1'], {
			title_for_raters: 'Finished round',
			raters_per_pair: 1
		})
	);
	await importFile(
		studyFile('Screens: other', 1, ['shot-j1'], {
			title_for_raters: 'Other round',
			raters_per_pair: 1
		})
	);

	const submit = async (a: typeof assignments.$inferSelect, robustness: 'win' | 'tie') =>
		await ratings.submit(db, a.userId, a.publicId, {
			choices: Object.fromEntries(
				DIMS.map((d) => [d, toChoice(d === 'robustness' ? robustness : 'win', a.modelOnLeft)])
			),
			hard: false,
			comment: robustness === 'tie' ? 'Both miss the red flags.' : ''
		});
	// The finished study: its only pair rated.
	await submit(
		await assignmentOf(
			db,
			ids['shot-j1'],
			(await ratings.next(db, ids['shot-j1'], at.finishedStudy))!.id
		),
		'win'
	);
	// Both juniors rate the first four pairs of the long study, differing on robustness.
	const mine = (
		await db
			.select()
			.from(assignments)
			.innerJoin(pairs, eq(pairs.id, assignments.pairId))
			.where(and(eq(assignments.userId, ids['shot-j1']), eq(pairs.studyId, at.longStudy)))
			.orderBy(asc(assignments.position))
	).slice(0, 4);
	for (const { assignments: a1 } of mine) {
		const a2 = first(
			await db
				.select()
				.from(assignments)
				.where(and(eq(assignments.pairId, a1.pairId), eq(assignments.userId, ids['shot-j2'])))
				.limit(1)
		)!;
		await submit(a1, 'win');
		await submit(a2, 'tie');
	}
	// The senior: one pair decided, one decided then reopened, one in step 2, one in step 1.
	const queue = await adjudication.queue(db, ids['shot-senior']);
	expect(queue).toHaveLength(4);
	const [decided, reopened, step2, step1] = queue.map((q) => q.id);
	for (const id of [decided, reopened, step2]) {
		const senior = await assignmentOf(db, ids['shot-senior'], id);
		const judgment = {
			choices: Object.fromEntries(DIMS.map((d, i) => [d, toChoice(SENIOR[i], senior.modelOnLeft)])),
			comment: ''
		};
		expect((await adjudication.submitIndependent(db, ids['shot-senior'], id, judgment)).ok).toBe(
			true
		);
		if (id !== step2)
			expect((await adjudication.finalize(db, ids['shot-senior'], id, judgment)).ok).toBe(true);
	}
	expect((await decidedPairs.reopen(db, ids['shot-senior'], reopened)).ok).toBe(true);
	const decidedPair = (await assignmentOf(db, ids['shot-senior'], decided)).pairId;
	at.juniorDecided = mine.find((m) => m.assignments.pairId === decidedPair)!.assignments.publicId;
	Object.assign(at, { decided, reopened, step2, step1 });
	db.$client.close();
});

async function assignmentOf(db: AppDb, userId: number, publicId: string) {
	const found = first(
		await db.select().from(assignments).where(eq(assignments.publicId, publicId)).limit(1)
	)!;
	expect(found.userId).toBe(userId);
	return found;
}

/** Signs in as `username` (signing out whoever was signed in). */
async function as(page: Page, username: string, landing: RegExp) {
	await page.context().clearCookies();
	await signIn(page, username, PASSWORD);
	await expect(page).toHaveURL(landing);
	await hydrated(page);
}

async function open(page: Page, url: string) {
	await page.goto(url);
	await hydrated(page);
}

/** Each answer shows in full: no element inside it scrolls or clips, and its last line is there. */
async function expectFullAnswers(page: Page, where: string) {
	for (const [name, tag] of [
		['Response A', 'LAST LINE OF ANSWER'],
		['Response B', 'LAST LINE OF ANSWER']
	]) {
		const region = page.getByRole('region', { name });
		await expect(region, `${where}: ${name}`).toContainText(tag);
		const hidden = await region.evaluate((region) =>
			[region, ...region.querySelectorAll('*')]
				.filter((e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)
				.map((e) => `${e.tagName.toLowerCase()} ${e.scrollHeight}>${e.clientHeight}`)
		);
		expect(hidden, `${where}: ${name} scrolls or clips inside`).toEqual([]);
		const text = await region.innerText();
		expect(text.length, `${where}: ${name} is the whole answer`).toBeGreaterThan(3900);
	}
}

test('the long answers are 4,000 characters', () => {
	expect(longAnswer('ANSWER ONE 0').length).toBeGreaterThanOrEqual(4000);
});

test.describe('long answers in full, junior and senior (#12 item 6)', () => {
	for (const size of SIZES)
		test(`at ${size.width}×${size.height}`, async ({ page }) => {
			await page.setViewportSize(size);
			await as(page, 'shot-j1', /\/annotate$/);
			const juniorPair = `/annotate?study=${at.longStudy}`;
			await open(page, juniorPair);
			await expectFullAnswers(page, 'junior');
			await expectLayout(page, size.width);
			await as(page, 'shot-senior', /\/adjudicate$/);
			for (const [where, id] of [
				['senior step 1', at.step1],
				['senior step 2', at.step2]
			]) {
				await open(page, `/adjudicate/${id}`);
				await expectFullAnswers(page, where);
				await expectLayout(page, size.width);
			}
		});
});

/**
 * Wide: A and B side by side, aligned at the top, the docked form on screen and never over the
 * answers' last lines. Phone: A, then B, then the form, and the jump bar on screen.
 */
async function expectLayout(page: Page, width: number) {
	const a = (await page.getByRole('region', { name: 'Response A' }).boundingBox())!;
	const b = (await page.getByRole('region', { name: 'Response B' }).boundingBox())!;
	const form = page.locator('form.rating');
	const jump = page.getByRole('navigation', { name: 'Jump to' });
	if (width > 860) {
		expect(a.y).toBe(b.y);
		expect(a.x + a.width).toBeLessThan(b.x);
		await expect(jump).toBeHidden();
		for (const y of [0, 800]) {
			await page.evaluate((y) => window.scrollTo(0, y), y);
			const box = (await form.boundingBox())!;
			expect(box.y + box.height).toBeLessThanOrEqual(900.5);
			expect(box.y).toBeLessThan(900);
		}
		await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
		const top = (await form.boundingBox())!.y;
		for (const text of [/LAST LINE OF ANSWER ONE/, /LAST LINE OF ANSWER TWO/]) {
			const line = (await page.getByText(text).boundingBox())!;
			expect(line.y + line.height).toBeLessThanOrEqual(top);
		}
	} else {
		expect(b.y).toBeGreaterThan(a.y + a.height - 1);
		const box = (await form.boundingBox())!;
		expect(box.y).toBeGreaterThan(b.y + b.height - 1);
		await page.evaluate(() => window.scrollTo(0, 0));
		await expect(jump).toBeInViewport();
	}
}

/** Waits until keyboard scrolling (animated in Chromium) has come to rest. */
async function scrollSettled(page: Page) {
	let last = -1;
	await expect
		.poll(async () => {
			const y = await page.evaluate(() => window.scrollY);
			const still = y === last;
			last = y;
			return still;
		})
		.toBe(true);
}

test.describe('on a phone the jump bar reaches A, B and the form in one tap (#12 item 6)', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('junior: jump to the form, choose, jump back to B, the choice stays', async ({ page }) => {
		await as(page, 'shot-j1', /\/annotate$/);
		await open(page, `/annotate?study=${at.longStudy}`);
		const jump = page.getByRole('navigation', { name: 'Jump to' });
		await expect(jump).toBeInViewport();
		await jump.getByRole('link', { name: 'Rating form' }).click();
		await expect(page.locator('form.rating')).toBeFocused();
		const faithfulness = page.getByRole('group', { name: 'Faithfulness' });
		await expect(faithfulness).toBeInViewport();
		await faithfulness.getByRole('radio', { name: 'B better' }).click();
		await jump.getByRole('link', { name: 'Response B' }).click();
		const b = page.getByRole('region', { name: 'Response B' });
		await expect(b).toBeFocused();
		await expect(b.getByRole('heading', { name: 'Response B' })).toBeInViewport();
		// Reading keys after the jump scroll; they change no choice.
		for (const key of ['ArrowDown', 'PageDown', 'Space']) await page.keyboard.press(key);
		await scrollSettled(page);
		await jump.getByRole('link', { name: 'Response A' }).click();
		await expect(page.getByRole('heading', { name: 'Response A' })).toBeInViewport();
		await expect(faithfulness.getByRole('radio', { name: 'B better' })).toBeChecked();
		await expect(page.getByText('Draft saved')).toBeVisible();
		// The URL did not change: Back leaves the pair, it does not walk through the jumps.
		expect(new URL(page.url()).hash).toBe('');
		// Keyboard: the bar's links are reachable with Tab and Enter follows them.
		await jump.getByRole('link', { name: 'Rating form' }).focus();
		await page.keyboard.press('Enter');
		await expect(page.locator('form.rating')).toBeFocused();
	});

	test("senior step 2: the bar also reaches the juniors' votes", async ({ page }) => {
		await as(page, 'shot-senior', /\/adjudicate$/);
		await open(page, `/adjudicate/${at.step2}`);
		const jump = page.getByRole('navigation', { name: 'Jump to' });
		await expect(jump.getByRole('link')).toHaveText([
			'Response A',
			'Response B',
			'Votes',
			'Rating form'
		]);
		await jump.getByRole('link', { name: 'Votes' }).click();
		await expect(page.getByRole('heading', { name: "Juniors' votes" })).toBeFocused();
		await expect(page.getByRole('heading', { name: "Juniors' votes" })).toBeInViewport();
		await jump.getByRole('link', { name: 'Rating form' }).click();
		await expect(page.getByRole('group', { name: 'Faithfulness' })).toBeInViewport();
	});
});

test.describe('the final label as feedback (show_final_to_raters, #12 item 10)', () => {
	/** The senior's final label of the decided pair, as "A better"… for the junior's placement. */
	async function expectedFinal(): Promise<string[]> {
		const db = openDb(E2E_DB, { migrationsPath: MIGRATIONS });
		const mine = first(
			await db.select().from(assignments).where(eq(assignments.publicId, at.juniorDecided)).limit(1)
		)!;
		const labels = await db
			.select({ key: dimensions.key, outcome: finalLabels.outcome })
			.from(finalLabels)
			.innerJoin(dimensions, eq(dimensions.id, finalLabels.dimensionId))
			.where(eq(finalLabels.pairId, mine.pairId));
		db.$client.close();
		const byKey = new Map(labels.map((l) => [l.key, l.outcome]));
		return DIMS.map((d) => CHOICE_LABELS[toChoice(byKey.get(d)!, mine.modelOnLeft)]);
	}

	test('on: Rated pairs and the read-only pair show it in the junior’s own A/B, naming no model', async ({
		page
	}) => {
		const bodies: { url: string; body: string }[] = [];
		page.on('response', async (response) =>
			bodies.push({ url: response.url(), body: await response.text().catch(() => '') })
		);
		const expected = await expectedFinal();
		// The senior decided win, tie, loss, loss: not all the same side, so placement matters.
		expect(new Set(expected).size).toBe(3);
		await as(page, 'shot-j1', /\/annotate$/);
		await open(page, '/annotate/rated');
		const row = page
			.getByRole('row')
			.filter({ has: page.locator(`a[href="/annotate/${at.juniorDecided}"]`) });
		for (const [i, label] of expected.entries())
			await expect(row.getByRole('cell').nth(i + 1)).toContainText(`Final: ${label}`);
		// Other rated pairs, not decided, say nothing of a final label.
		await expect(page.getByText(/Final:/)).toHaveCount(4);
		await row.getByRole('link', { name: 'View' }).click();
		await hydrated(page);
		await expect(page.getByText(/has adjudicated this pair/)).toBeVisible();
		for (const [i, label] of expected.entries())
			await expect(page.getByRole('group', { name: LABELS[i] })).toContainText(
				`Final label: ${label}`
			);
		const data = await page.request.get(`/annotate/${at.juniorDecided}/__data.json`);
		expect(await data.text()).toContain('final');
		for (const { url, body } of bodies)
			for (const word of [...MODEL_WORDS, 'shot-j2', 'shot-senior'])
				expect(body.toLowerCase(), `${url} names ${word}`).not.toContain(word.toLowerCase());
	});

	test('off (the demo study): nothing about the final label reaches the junior', async ({
		page
	}) => {
		await signIn(page, 'junior1', DEMO_PASSWORD);
		await expect(page).toHaveURL('/annotate');
		await open(page, '/annotate/rated');
		const decided = page.getByRole('row').filter({ hasText: 'Decided by a senior' }).first();
		const href = (await decided.getByRole('link', { name: 'View' }).getAttribute('href'))!;
		const pages = [
			await page.content(),
			await (await page.request.get('/annotate/rated/__data.json')).text()
		];
		await open(page, href);
		await expect(page.getByText(/has adjudicated this pair/)).toBeVisible();
		pages.push(await page.content(), await (await page.request.get(`${href}/__data.json`)).text());
		for (const body of pages) expect(body).not.toMatch(/final/i);
	});
});

/** Everything wider than the window (empty: nothing overflows sideways). */
function sideways(page: Page) {
	return page.evaluate(() => {
		const widest = document.scrollingElement!.scrollWidth;
		return widest <= window.innerWidth ? null : `${widest} px wide in ${window.innerWidth}`;
	});
}

type Screen = {
	name: string;
	url: string;
	before?: (page: Page) => Promise<void>;
	then?: (page: Page) => Promise<void>;
};

const juniorScreens = (): Screen[] => [
	{
		name: 'choose-study',
		url: '/annotate',
		// Forget the study chosen on an earlier screen, or /annotate goes on with it.
		before: (page) => page.context().clearCookies({ name: 'annotate-study' })
	},
	{ name: 'studies', url: '/annotate/studies' },
	{ name: 'pair', url: `/annotate?study=${at.longStudy}` },
	{
		name: 'instructions',
		url: `/annotate?study=${at.longStudy}`,
		then: async (page) => {
			await page.getByRole('button', { name: 'Instructions' }).click();
			await expect(page.getByRole('dialog', { name: 'Instructions' })).toBeVisible();
		}
	},
	{ name: 'all-done', url: `/annotate?study=${at.finishedStudy}` },
	{ name: 'rated', url: '/annotate/rated' },
	{ name: 'read-only-pair', url: `/annotate/${at.juniorDecided}` },
	{ name: 'account', url: '/account' }
];

const seniorScreens = (): Screen[] => [
	{ name: 'next', url: '/adjudicate' },
	{ name: 'queue', url: '/adjudicate/queue' },
	{ name: 'step1', url: `/adjudicate/${at.step1}` },
	{ name: 'step2', url: `/adjudicate/${at.step2}#juniors-votes` },
	{ name: 'decided', url: '/adjudicate/decided' },
	{ name: 'decided-pair', url: `/adjudicate/${at.decided}` },
	{ name: 'reopened', url: `/adjudicate/${at.reopened}#juniors-votes` },
	{ name: 'account', url: '/account' }
];

/**
 * Visits every screen at both sizes: sideways overflow, axe, Sign out on screen, and screenshots
 * (on a phone, also after jumping to the form). Problems are collected, so one run lists all.
 */
async function everyScreen(page: Page, role: string, screens: Screen[], problems: string[]) {
	for (const size of SIZES) {
		await page.setViewportSize(size);
		for (const screen of screens) {
			const where = `${role} ${screen.name} at ${size.width}`;
			if (screen.before) await screen.before(page);
			await open(page, screen.url);
			if (screen.then) await screen.then(page);
			const wide = await sideways(page);
			if (wide) problems.push(`${where}: ${wide}`);
			if (!screen.url.includes('#') && !screen.then) {
				const signOut = (await page.getByRole('button', { name: 'Sign out' }).boundingBox())!;
				if (signOut.x + signOut.width > size.width || signOut.y + signOut.height > size.height)
					problems.push(`${where}: Sign out is off screen`);
			}
			for (const v of await seriousViolations(page))
				problems.push(
					`${where}: axe ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`
				);
			// The whole page, except where a docked form or the jump bar would be drawn mid-page.
			const rating = await page.locator('form.rating').count();
			await page.screenshot({
				path: `${SHOTS}/${role}-${screen.name}-${size.width}.png`,
				fullPage: rating === 0
			});
			const jump = page.getByRole('navigation', { name: 'Jump to' });
			if (size.width < 860 && !screen.then && (await jump.isVisible())) {
				await jump.getByRole('link').last().click();
				await page.screenshot({ path: `${SHOTS}/${role}-${screen.name}-${size.width}-form.png` });
			}
		}
	}
}

test('every junior page at 1440×900 and 390×844: no sideways overflow, no serious axe violation (#12 items 14, 15)', async ({
	page
}) => {
	test.setTimeout(240_000);
	const problems: string[] = [];
	await signIn(page, 'shot-new', PASSWORD);
	await expect(page.getByText('You are not in a study yet')).toBeVisible();
	await everyScreen(page, 'junior', [{ name: 'not-in-a-study', url: '/annotate' }], problems);
	await as(page, 'shot-j1', /\/annotate$/);
	await everyScreen(page, 'junior', juniorScreens(), problems);
	expect(problems).toEqual([]);
});

test('every senior page at 1440×900 and 390×844: no sideways overflow, no serious axe violation (#12 items 14, 15)', async ({
	page
}) => {
	test.setTimeout(240_000);
	const problems: string[] = [];
	await as(page, 'shot-senior2', /\/adjudicate$/);
	await everyScreen(page, 'senior', [{ name: 'all-done', url: '/adjudicate' }], problems);
	await as(page, 'shot-senior', /\/adjudicate$/);
	await everyScreen(page, 'senior', seniorScreens(), problems);
	expect(problems).toEqual([]);
});
