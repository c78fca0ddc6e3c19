import { renderedMarkdown as renderMarkdown } from '$lib/server/rendered-markdown.ts';
import type { AdjudicationView } from '$lib/server/services/adjudication.ts';

/** The pair with its question and responses rendered from Markdown to sanitised HTML. */
export function rendered(view: AdjudicationView): AdjudicationView {
	return {
		...view,
		question: renderMarkdown(view.question),
		responseA: renderMarkdown(view.responseA),
		responseB: renderMarkdown(view.responseB)
	};
}
