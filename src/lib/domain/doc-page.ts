/**
 * Renders one of the repository's own documents (docs/*.md) as a page of the app: headings get
 * GitHub's anchor ids, so `/methods#9-clinical-usefulness-figures` lands where the same link
 * lands on GitHub; in-page and http(s) links are kept, links to other repository files become
 * plain text (the app does not serve them). Raw HTML in the source is escaped.
 */
import MarkdownIt, { type Token } from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

const KEPT_LINK = /^(#|https?:)/i;

md.core.ruler.push('github_heading_ids', (state) => {
	const seen = new Map<string, number>();
	state.tokens.forEach((token, i) => {
		if (token.type !== 'heading_open') return;
		const base = githubSlug(plainText(state.tokens[i + 1]));
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		token.attrSet('id', count === 0 ? base : `${base}-${count}`);
	});
});

// Wide tables scroll sideways inside a wrapper that keyboard users can focus and scroll.
md.renderer.rules.table_open = () => '<div class="table-scroll" tabindex="0">\n<table>\n';
md.renderer.rules.table_close = () => '</table>\n</div>\n';

// A link to another repository file (`cli.md#…`) keeps its text and loses the link.
md.core.ruler.push('unwrap_file_links', (state) => {
	for (const block of state.tokens) {
		if (!block.children) continue;
		const open: boolean[] = [];
		block.children = block.children.filter((t) => {
			if (t.type === 'link_open') {
				const keep = KEPT_LINK.test(String(t.attrGet('href') ?? ''));
				open.push(keep);
				return keep;
			}
			if (t.type === 'link_close') return open.pop() ?? true;
			return true;
		});
	}
});

/** GitHub's heading anchor: lower case, punctuation and symbols removed, spaces to hyphens. */
export function githubSlug(text: string): string {
	return text
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

function plainText(inline: Token | undefined): string {
	return (inline?.children ?? [])
		.filter((t) => t.type === 'text' || t.type === 'code_inline')
		.map((t) => t.content)
		.join('');
}

/** Markdown of a repository document to HTML, with its first heading as the title. */
export function renderDocPage(source: string): { title: string; html: string } {
	const tokens = md.parse(source, {});
	const first = tokens.findIndex((t) => t.type === 'heading_open');
	const title = first >= 0 ? plainText(tokens[first + 1]) : '';
	return { title, html: md.renderer.render(tokens, md.options, {}) };
}
