/**
 * Renders model answers (Markdown) to HTML that is safe to insert into the page: raw HTML in the
 * source is escaped (markdown-it with html: false), links are limited to http(s) and mailto, and
 * external links open in a new tab without access to the opener or a referrer.
 */
import MarkdownIt from 'markdown-it';

const SAFE_LINK = /^(https?:|mailto:)/i;

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
	const token = tokens[idx];
	token.attrSet('target', '_blank');
	token.attrSet('rel', 'noopener noreferrer nofollow');
	return self.renderToken(tokens, idx, options);
};

// Images would load third-party content into a blinded page: show their alt text instead.
md.renderer.rules.image = (tokens, idx) => md.utils.escapeHtml(tokens[idx].content || '[image]');

/** Markdown to sanitised HTML. */
export function renderMarkdown(source: string): string {
	return md.render(source);
}
