/**
 * Every researcher page at a desktop and a phone size (issue 17, items 15 and 16): axe-core finds
 * no serious or critical violation, the page never scrolls sideways (wide tables scroll inside
 * their own focusable, labelled container), and "Sign out" stays reachable. Screenshots go to
 * test-results/screenshots/researcher-<page>-<size>.png for review.
 */
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { hydrated, signIn } from './helpers.ts';

const SIZES = [
	{ name: 'desktop', width: 1440, height: 900 },
	{ name: 'phone', width: 390, height: 844 }
];

const PAGES = [
	{ name: 'studies', url: '/studies' },
	{ name: 'study', url: '/studies/1' },
	{ name: 'pairs', url: '/studies/1/pairs' },
	{ name: 'pairs-filtered', url: '/studies/1/pairs?disagreement=1&dimension=faithfulness' },
	{ name: 'users', url: '/users' },
	{ name: 'account', url: '/account' }
];

/** Elements wider than the viewport that are not inside a scrolling container (what overflows). */
async function overflowing(page: Page) {
	return page.evaluate(() => {
		const width = document.documentElement.clientWidth;
		const out: string[] = [];
		for (const el of document.querySelectorAll<HTMLElement>('body *')) {
			if (!el.checkVisibility()) continue; // e.g. inside a closed <details>
			const box = el.getBoundingClientRect();
			if (box.width === 0 || box.right <= width + 1) continue;
			let scroller: HTMLElement | null = el.parentElement;
			while (scroller && scroller !== document.body) {
				const style = getComputedStyle(scroller);
				if (/(auto|scroll|hidden)/.test(style.overflowX)) break;
				scroller = scroller.parentElement;
			}
			if (!scroller || scroller === document.body)
				out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(box.right)}`);
		}
		return out.slice(0, 10);
	});
}

for (const size of SIZES) {
	test.describe(`researcher pages at ${size.width}×${size.height}`, () => {
		test.use({ viewport: { width: size.width, height: size.height } });
		// axe over a long page takes a while on a loaded 2-core machine.
		test.setTimeout(90_000);
		test.beforeEach(async ({ page }) => {
			await signIn(page, 'researcher');
			await expect(page).toHaveURL('/studies');
		});

		for (const p of PAGES) {
			test(`${p.name}: no serious axe violation, no sideways scrolling, Sign out reachable`, async ({
				page
			}) => {
				await page.goto(p.url);
				await hydrated(page);
				// The charts draw after hydration.
				if (p.name === 'study') await page.locator('figure svg').first().waitFor();
				await page.screenshot({
					path: `test-results/screenshots/researcher-${p.name}-${size.name}.png`,
					fullPage: true
				});
				expect(await seriousViolations(page)).toEqual([]);
				expect(await overflowing(page)).toEqual([]);
				const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
				expect(scrollWidth).toBeLessThanOrEqual(size.width);
				// Every scrolling table container can be reached from the keyboard and has a name.
				const scrollers = page.locator('.wrap, .table-scroll');
				for (const scroller of await scrollers.all()) {
					const wide = await scroller.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
					if (!wide) continue;
					await expect(scroller).toHaveAttribute('tabindex', '0');
					await expect(scroller).toHaveAttribute('aria-label', /.+/);
				}
				const signOut = page.getByRole('button', { name: 'Sign out' });
				await signOut.scrollIntoViewIfNeeded();
				await expect(signOut).toBeInViewport();
			});
		}
	});
}
