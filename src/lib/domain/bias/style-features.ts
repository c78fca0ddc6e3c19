/** Length and Markdown structure of one answer: the covariates of style control. */
export type StyleFeatures = { length: number; headers: number; lists: number; bold: number };

export const STYLE_FEATURES = ['length', 'headers', 'lists', 'bold'] as const;
export type StyleFeature = (typeof STYLE_FEATURES)[number];

const CODE_BLOCK = /```[^`]*```/g;
const HEADER = /^#{1,6}\s/gm;
const UNORDERED = /^\s*[-*+]\s/gm;
const ORDERED = /^\s*\d+\.\s/gm;
const BOLD_STARS = /\*\*[^*\n]+\*\*/g;
const BOLD_UNDERSCORES = /__[^_\n]+__/g;

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

/**
 * The style features of FastChat's style-controlled Arena ranking (lm-sys/FastChat,
 * fastchat/serve/monitor/add_markdown_info.py `count_markdown_elements`, and the LMSYS blog
 * "Does style matter?", 2024-08-28): Markdown headers (`#`…`######` at a line start), list items
 * (`-`, `*`, `+` or `1.` at a line start) and bold spans (`**…**`, `__…__`), counted after fenced
 * code blocks are removed. FastChat measures length in tiktoken tokens; medpair counts Unicode
 * characters (code points) of the whole answer, which needs no tokenizer and works for any
 * language (the covariate is a normalised ratio, so the unit matters little).
 */
export function styleFeatures(text: string): StyleFeatures {
	const prose = text.replace(CODE_BLOCK, '');
	return {
		length: [...text].length,
		headers: count(prose, HEADER),
		lists: count(prose, UNORDERED) + count(prose, ORDERED),
		bold: count(prose, BOLD_STARS) + count(prose, BOLD_UNDERSCORES)
	};
}
