import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { hydrated, importStudy, signIn } from './helpers.ts';

/**
 * BenchHealth Figure 1 on the study page (issue #15 §2): scenario means per model and few-shot
 * setting, drawn when the predictions carry settings, with the study's display names.
 */
const NAME = 'Figure 1: few-shot settings';
const TITLE = 'Mean matching score per scenario and prompting setting (as BenchHealth Figure 1)';

// Two QA datasets (reasoning) and one NER dataset (understanding) per model and setting. Means:
// Alpha 0-shot: MedQA 1/2, PubMedQA 2/2 → 75, NER F1 100; 3-shot: 100 and F1 2/3 → 66.7;
// Beta 0-shot: 0/2 and 1/2 → 25, NER 0; 3-shot: 1/2 and 1/2 → 50, NER 100.
function predictions(): string {
	const lines: object[] = [];
	const qa = (model: string, setting: string, dataset: string, right: boolean[]) =>
		right.forEach((ok, i) =>
			lines.push({
				dataset,
				task: 'qa',
				model,
				setting,
				id: `${dataset}-${i}`,
				prediction: ok ? 'A' : 'B',
				reference: 'A'
			})
		);
	const ner = (model: string, setting: string, prediction: string[]) =>
		lines.push({
			dataset: 'ncbi',
			task: 'ner',
			model,
			setting,
			id: 'n1',
			prediction,
			reference: ['x']
		});
	qa('m-alpha', '0-shot', 'medqa', [true, false]);
	qa('m-alpha', '0-shot', 'pubmedqa', [true, true]);
	ner('m-alpha', '0-shot', ['x']);
	qa('m-alpha', '3-shot', 'medqa', [true, true]);
	qa('m-alpha', '3-shot', 'pubmedqa', [true, true]);
	ner('m-alpha', '3-shot', ['x', 'y']);
	qa('m-beta', '0-shot', 'medqa', [false, false]);
	qa('m-beta', '0-shot', 'pubmedqa', [true, false]);
	ner('m-beta', '0-shot', []);
	qa('m-beta', '3-shot', 'medqa', [true, false]);
	qa('m-beta', '3-shot', 'pubmedqa', [false, true]);
	ner('m-beta', '3-shot', ['x']);
	return lines.map((l) => JSON.stringify(l)).join('\n');
}

async function openStudyWithSettings(page: Page) {
	await signIn(page, 'researcher');
	await expect(page).toHaveURL('/studies');
	if (!(await page.getByRole('link', { name: NAME }).count())) {
		await importStudy(page, {
			name: NAME,
			seed: 3,
			models: [
				{ key: 'm-alpha', name: 'Alpha Med 7B', group: 'candidate' },
				{ key: 'm-beta', name: 'Beta General 13B', group: 'reference' }
			],
			members: { junior: ['junior1', 'junior2'], senior: ['senior'] },
			prompts: [
				{ key: 'p1', text: 'Is a fever of 38.5 °C for two days a reason to see a doctor?' }
			],
			responses: [
				{ prompt: 'p1', model: 'm-alpha', text: 'Usually not, unless red flags appear.' },
				{ prompt: 'p1', model: 'm-beta', text: 'See a doctor if it lasts beyond three days.' }
			]
		});
		await page.goto('/studies');
	}
	await page.getByRole('link', { name: NAME }).click();
	await hydrated(page);
	const metrics = page.locator('section[aria-labelledby="metrics-h"]');
	if (!(await metrics.getByRole('figure', { name: TITLE }).count())) {
		await metrics.getByLabel(/^Predictions file/).setInputFiles({
			name: 'few-shot.jsonl',
			mimeType: 'application/jsonl',
			buffer: Buffer.from(predictions())
		});
		await metrics.getByRole('button', { name: 'Upload predictions' }).click();
		await expect(metrics.getByRole('figure', { name: TITLE })).toBeVisible();
	}
	return metrics;
}

test.describe('scenario chart (Figure 1)', () => {
	// A study page with charts, downloads, and axe at two sizes: on a loaded 2-core machine,
	// with vitest running alongside (npm test), the screenshots test took 37 s.
	test.describe.configure({ timeout: 90_000 });
	test('renders the scenario means per model and setting, with display names', async ({ page }) => {
		const metrics = await openStudyWithSettings(page);
		const figure = metrics.getByRole('figure', { name: TITLE });
		// One panel per scenario with data: reasoning and understanding, no generation.
		await expect(figure.locator('svg[aria-hidden="true"]')).toHaveCount(2);
		await expect(figure.locator('svg').first()).toContainText('Language Reasoning');
		await expect(figure.locator('svg').last()).toContainText('Language Understanding');
		await expect(figure).not.toContainText('Language Generation');
		// Values printed at the bars, model display names above them, settings on the axis.
		const reasoning = figure.locator('svg').first();
		for (const text of [
			'75.0',
			'100.0',
			'25.0',
			'50.0',
			'Alpha Med 7B',
			'Beta General 13B',
			'3-shot'
		])
			await expect(reasoning).toContainText(text);
		await expect(figure.locator('svg').last()).toContainText('66.7');
		await expect(figure).not.toContainText('m-alpha');

		await figure.getByText(`Data table: ${TITLE}`).click();
		const data = figure.getByRole('table', { name: `Data: ${TITLE}` });
		const rows = await data
			.locator('tbody tr')
			.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
		expect(rows).toEqual([
			['Alpha Med 7B', '0-shot', '75.0', '100.0'],
			['Alpha Med 7B', '3-shot', '100.0', '66.7'],
			['Beta General 13B', '0-shot', '25.0', '0.0'],
			['Beta General 13B', '3-shot', '50.0', '100.0']
		]);
		// The summary gives screen readers the same numbers.
		const described = await figure.getAttribute('aria-describedby');
		await expect(page.locator(`[id="${described}"]`)).toContainText(
			'Language Reasoning: Alpha Med 7B 0-shot 75.0, Alpha Med 7B 3-shot 100.0'
		);

		const [svg] = await Promise.all([
			page.waitForEvent('download'),
			figure.getByRole('button', { name: 'Download SVG' }).click()
		]);
		expect(svg.suggestedFilename()).toBe('scenarios.svg');
		const svgText = await readFile((await svg.path())!, 'utf8');
		expect(svgText).toContain('per scenario and prompting setting');
		expect(svgText.match(/<svg/g)).toHaveLength(3);
		const [png] = await Promise.all([
			page.waitForEvent('download'),
			figure.getByRole('button', { name: 'Download PNG' }).click()
		]);
		expect(png.suggestedFilename()).toBe('scenarios.png');
		const bytes = await readFile((await png.path())!);
		expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);

		// The metrics tables name the models by display name too (issue #17 item 14).
		await expect(metrics.getByRole('table', { name: 'Automatic metrics' })).toContainText(
			'Alpha Med 7B'
		);
		await expect(metrics.getByRole('table', { name: 'Automatic metrics' })).not.toContainText(
			'm-alpha'
		);
		expect(await seriousViolations(page)).toEqual([]);
	});

	test('screenshots at desktop and phone sizes, axe clean', async ({ page }) => {
		const metrics = await openStudyWithSettings(page);
		for (const [width, height] of [
			[1440, 900],
			[390, 844]
		]) {
			await page.setViewportSize({ width, height });
			const figure = metrics.getByRole('figure', { name: TITLE });
			await figure.scrollIntoViewIfNeeded();
			await expect(figure.locator('svg')).toHaveCount(2);
			// No sideways page scrolling on a phone.
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
				width
			);
			await figure.screenshot({
				path: `${process.env.E2E_DIR ?? '.e2e'}/scenarios-${width}x${height}.png`
			});
			expect(await seriousViolations(page)).toEqual([]);
		}
	});
});

/** Issue #17 item 14: researcher pages name models and dimensions, and raters by pseudonym. */
test('the study page and the pair browser show display names, not keys, and one rater scheme', async ({
	page
}) => {
	const study = JSON.parse(await readFile('seed/demo-study.json', 'utf8')) as {
		models: { key: string; name: string }[];
	};
	await signIn(page, 'researcher');
	await expect(page).toHaveURL('/studies');
	await page.goto('/studies/1');
	await hydrated(page);
	// The statistics are computed in a worker; the page shows them once they are ready.
	await expect(page.getByRole('table', { name: /Results table \(win\+tie rate/ })).toBeVisible({
		timeout: 20_000
	});
	// Every section but Setup, which lists the study file's keys on purpose.
	const text = await page
		.locator('main section:not([aria-labelledby="setup-h"])')
		.evaluateAll((sections) => sections.map((s) => (s as HTMLElement).innerText).join('\n'));
	for (const model of study.models) {
		expect(text).not.toContain(model.key);
		expect(text).toContain(model.name);
	}
	expect(text).not.toMatch(/\bRater \d/);
	expect(text).toMatch(/\bJ1\b/);
	await page.goto('/studies/1/pairs');
	await hydrated(page);
	const pairs = await page.locator('main').innerText();
	for (const model of study.models) expect(pairs).not.toMatch(new RegExp(`\\b${model.key}\\b`));
	expect(pairs).not.toMatch(/\bRater \d/);
});
