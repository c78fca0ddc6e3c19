import { renderedMarkdown as renderMarkdown } from '$lib/server/rendered-markdown.ts';
import type { PairView } from '$lib/server/services/ratings.ts';

/** The pair with its question, responses and instructions rendered from Markdown to sanitised HTML. */
export function rendered(pair: PairView): PairView {
	return {
		...pair,
		question: renderMarkdown(pair.question),
		responseA: renderMarkdown(pair.responseA),
		responseB: renderMarkdown(pair.responseB),
		instructions: pair.instructions === null ? null : renderMarkdown(pair.instructions)
	};
}
