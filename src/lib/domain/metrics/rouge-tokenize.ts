/**
 * rouge-score's tokeniser: lower-case, every run of characters outside [a-z0-9] becomes one space,
 * split on whitespace, stem tokens longer than 3 characters when a stemmer is given, and keep only
 * non-empty [a-z0-9]+ tokens. Reference: google-research/rouge `tokenize.py` (`tokenize(text, stemmer)`),
 * the tokeniser behind `rouge_scorer.RougeScorer(..., use_stemmer=...)`.
 */
export function rougeTokenize(text: string, stem?: (token: string) => string): string[] {
	// Only the first and last pieces can be empty: every inner run became exactly one space.
	const pieces = text
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.split(' ');
	if (pieces.at(-1) === '') pieces.pop();
	if (pieces[0] === '') pieces.shift();
	if (stem === undefined) return pieces; // each piece is a non-empty [a-z0-9]+ run
	const tokens: string[] = [];
	for (const raw of pieces) {
		const token = raw.length > 3 ? stem(raw) : raw;
		if (token === raw || /^[a-z0-9]+$/.test(token)) tokens.push(token);
	}
	return tokens;
}
