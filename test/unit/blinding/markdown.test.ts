import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/lib/domain/markdown.ts';

describe('renderMarkdown', () => {
	it('renders the Markdown that answers use', () => {
		expect(renderMarkdown('**Seek care** if:\n\n1. fever\n2. rash')).toBe(
			'<p><strong>Seek care</strong> if:</p>\n<ol>\n<li>fever</li>\n<li>rash</li>\n</ol>\n'
		);
	});

	it('escapes raw HTML, so scripts and event handlers are inert text', () => {
		const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror="alert(2)">');
		expect(html).not.toMatch(/<script|<img/i);
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
	});

	it('drops javascript: and data: links, keeping their text', () => {
		for (const href of [
			'javascript:alert(1)',
			'JaVaScRiPt:alert(1)',
			'data:text/html;base64,PHNjcmlwdD4=',
			'vbscript:x'
		]) {
			const html = renderMarkdown(`[click](${href})`);
			expect(html, href).not.toContain('<a');
		}
	});

	it('opens external links in a new tab without opener or referrer', () => {
		expect(renderMarkdown('[NHS](https://www.nhs.uk/conditions/)')).toBe(
			'<p><a href="https://www.nhs.uk/conditions/" target="_blank" rel="noopener noreferrer nofollow">NHS</a></p>\n'
		);
	});

	it('shows images as their alt text instead of loading them', () => {
		expect(renderMarkdown('![chart](https://example.org/x.png)')).toBe('<p>chart</p>\n');
	});
});

describe('renderedMarkdown (cached)', () => {
	it('gives the same HTML as renderMarkdown, from the cache the second time', async () => {
		const { renderedMarkdown } = await import('../../../src/lib/server/rendered-markdown.ts');
		const source = '**Seek care** <script>x</script>';
		const first = renderedMarkdown(source);
		expect(first).toBe(renderMarkdown(source));
		expect(renderedMarkdown(source)).toBe(first);
	});
});
