import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { hydrated, signIn } from './helpers.ts';

/** BenchHealth Figure 2 on the study page: an accessible chart with SVG and PNG downloads. */
test.describe('clinical-usefulness chart (Figure 2)', () => {
	// A study page with charts, downloads, and axe at two sizes: on a loaded 2-core machine,
	// with vitest running alongside (npm test), the screenshots test took 37 s.
	test.describe.configure({ timeout: 90_000 });
	test.beforeEach(async ({ page }) => {
		await signIn(page, 'researcher');
		await page
			.getByRole('link', { name: 'Demo: patient questions, open vs. commercial models' })
			.click();
		await expect(page).toHaveURL(/\/studies\/1$/);
		await hydrated(page);
	});

	test('renders with its accessible name, its data table and working downloads', async ({
		page
	}) => {
		const metrics = page.locator('section[aria-labelledby="metrics-h"]');
		const figure = metrics.getByRole('figure', {
			name: 'Clinical usefulness per model (as BenchHealth Figure 2)'
		});
		await expect(figure).toBeVisible();
		// Four panels, one per figure, each drawn by Plot and hidden from screen readers.
		await expect(figure.locator('svg[aria-hidden="true"]')).toHaveCount(4);
		await expect(figure.locator('svg').first()).toContainText('Faithfulness');
		await expect(figure.locator('svg').last()).toContainText('lower is better');

		await figure.getByText('Data table: Clinical usefulness per model').click();
		const data = figure.getByRole('table', { name: /^Data: Clinical usefulness/ });
		await expect(data).toBeVisible();
		// The chart's table repeats the usefulness table's numbers.
		const usefulness = metrics.getByRole('table', { name: 'Clinical usefulness' });
		const firstModel = (await data.locator('tbody th').first().textContent())!.trim();
		const robustness = (await data.locator('tbody tr').first().locator('td').nth(3).textContent())!;
		await expect(
			usefulness.getByRole('row', { name: new RegExp(`^${firstModel}\\b`) }).first()
		).toContainText(robustness.trim());

		const [svg] = await Promise.all([
			page.waitForEvent('download'),
			figure.getByRole('button', { name: 'Download SVG' }).click()
		]);
		expect(svg.suggestedFilename()).toBe('usefulness.svg');
		const svgText = await readFile((await svg.path())!, 'utf8');
		expect(svgText.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
		expect(svgText).toContain('Clinical usefulness per model');
		expect(svgText.match(/<svg/g)).toHaveLength(5);

		const [png] = await Promise.all([
			page.waitForEvent('download'),
			figure.getByRole('button', { name: 'Download PNG' }).click()
		]);
		expect(png.suggestedFilename()).toBe('usefulness.png');
		const bytes = await readFile((await png.path())!);
		expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
		// Twice the SVG's size: width × 2 in the IHDR chunk.
		const width = Number(/^<svg[^>]* width="(\d+)"/.exec(svgText)![1]);
		expect(bytes.readUInt32BE(16)).toBe(width * 2);

		expect(await seriousViolations(page)).toEqual([]);
	});

	test('screenshots at desktop and phone sizes, axe clean', async ({ page }) => {
		for (const [width, height] of [
			[1440, 900],
			[390, 844]
		]) {
			await page.setViewportSize({ width, height });
			const metrics = page.locator('section[aria-labelledby="metrics-h"]');
			await metrics.scrollIntoViewIfNeeded();
			await expect(metrics.getByRole('figure').locator('svg')).toHaveCount(4);
			await metrics.screenshot({
				path: `${process.env.E2E_DIR ?? '.e2e'}/metrics-${width}x${height}.png`
			});
			expect(await seriousViolations(page)).toEqual([]);
		}
	});
});
