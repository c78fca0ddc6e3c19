import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { githubSlug, renderDocPage } from '../../../src/lib/domain/doc-page.ts';

const methods = readFileSync('docs/methods.md', 'utf8');

describe('renderDocPage (docs/*.md served by the app)', () => {
	it('gives headings GitHub’s anchor ids', () => {
		// GitHub's own anchors for these headings, as docs/methods.md's contents list uses them.
		expect(githubSlug('5. Win / tie / loss')).toBe('5-win--tie--loss');
		expect(githubSlug('6. Bradley–Terry ranking')).toBe('6-bradleyterry-ranking');
		expect(githubSlug("3.7 Krippendorff's α (nominal, ordinal, interval, ratio)")).toBe(
			'37-krippendorffs-α-nominal-ordinal-interval-ratio'
		);
		const { html } = renderDocPage('# A\n\n## Same\n\n## Same\n\n## `code` part\n');
		expect(html).toContain('<h2 id="same">');
		expect(html).toContain('<h2 id="same-1">');
		expect(html).toContain('<h2 id="code-part">');
	});

	it('every in-page link of docs/methods.md has its target', () => {
		const { title, html } = renderDocPage(methods);
		expect(title).toBe('Methods: how medpair computes its statistics and metrics');
		const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
		const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => decodeURIComponent(m[1]));
		expect(targets.length).toBeGreaterThan(10);
		for (const target of targets) expect(ids, target).toContain(target);
	});

	it('keeps http(s) links, unwraps links to other files, escapes raw HTML', () => {
		const { html } = renderDocPage(
			'See [cli](cli.md#x), [web](https://example.org) and [here](#a). <script>x</script>'
		);
		expect(html).toContain('See cli, <a href="https://example.org">web</a>');
		expect(html).toContain('<a href="#a">here</a>');
		expect(html).not.toContain('<script>');
	});
});

describe('links from the app to docs/methods.md', () => {
	it('every MethodsLink section and /methods# link in src/ names a heading of docs/methods.md', () => {
		const ids = new Set(
			[...renderDocPage(methods).html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1])
		);
		const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) =>
			/\.(svelte|ts)$/.test(f)
		);
		const anchors = files.flatMap((f) => {
			const text = readFileSync(join('src', f), 'utf8');
			return [
				...[...text.matchAll(/<MethodsLink[^>]*section="([^"]+)"/g)].map((m) => m[1]),
				...[...text.matchAll(/\/methods#([\w-]+)/g)].map((m) => m[1])
			];
		});
		expect(anchors.length).toBeGreaterThanOrEqual(9);
		for (const anchor of anchors) expect(ids, anchor).toContain(anchor);
	});
});
