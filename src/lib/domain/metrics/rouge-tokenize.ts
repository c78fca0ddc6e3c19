/**
 * rouge-score's tokeniser: lower-case, every run of characters outside [a-z0-9] becomes one space,
 * split on whitespace, stem tokens longer than 3 characters when a stemmer is given, and keep only
 * non-empty [a-z0-9]+ tokens. Reference: google-research/rouge `tokenize.py` (`tokenize(text, stemmer)`),
 * the tokeniser behind `rouge_scorer.RougeScorer(..., use_stemmer=...)`.
 */
export function rougeTokenize(text: string, stem?: (token: string) => string): string[] {
	const tokens: string[] = [];
	for (const raw of text
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.split(' ')) {
		if (raw === '') continue;
		if (stem === undefined || raw.length <= 3) {
			tokens.push(raw); // already a non-empty [a-z0-9]+ run
			continue;
		}
		const token = stem(raw);
		if (/^[a-z0-9]+$/.test(token)) tokens.push(token);
	}
	return tokens;
}
