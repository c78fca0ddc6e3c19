/**
 * Rendered answers, cached: study texts never change after import, and every page a rater opens
 * renders a question and two answers. Bounded (oldest out first) so memory stays flat.
 */
import { renderMarkdown } from '../domain/markdown.ts';

const MAX_ENTRIES = 5000;
const cache = new Map<string, string>();

export function renderedMarkdown(source: string): string {
	let html = cache.get(source);
	if (html === undefined) {
		html = renderMarkdown(source);
		if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
		cache.set(source, html);
	}
	return html;
}
