/**
 * The option letter (A–J) a free-text multiple-choice answer commits to, or null when it names
 * none (`--qa-extract letter`, docs/methods.md §8.2). Three rules, first hit wins:
 * 1. an explicit statement: "answer" / "option" / "choice", optionally "is", then the letter,
 *    bracketed or not ("The answer is (B).", "Answer: b", "correct option is C");
 * 2. a leading label: the text starts with the letter and ")", "]", ".", ":" or nothing else
 *    ("B) Aspirin", "(c)", "D.");
 * 3. the first capital letter standing alone ("I think C, because A is…" → C), where "I" is
 *    read as the pronoun and "A" before a lower-case word or a number as the article.
 * A lower-case letter counts only in rules 1–2 and only before punctuation or the end, so
 * "the answer is a bit unclear" names no letter. Markdown emphasis (`*`, `_`) is ignored.
 * The rules follow the answer patterns of OpenAI simple-evals (`Answer\s*:\s*([A-D])`) and
 * lm-evaluation-harness's multiple-choice filters, widened to the phrasings models write.
 */
const EXPLICIT =
	/\b(?:answer|option|choice)\b\W{0,3}?(?:(?:is|would be|=)\s*)?(?:(?:option|choice)\s*)?[([]?([a-j])(?![a-z0-9'])(.?)/giu;
const LEADING = /^\s*[([]?([a-j])\s*(?:[)\].:]|$)/iu;
const STANDALONE = /(?<![A-Za-z0-9'])([A-HJ])(?![A-Za-z0-9'])/gu;

function isLetterEnd(next: string): boolean {
	return next === '' || /[).,;:\]!?]/u.test(next);
}

export function extractOptionLetter(text: string): string | null {
	const plain = text.replace(/[*_]/gu, '');
	for (const match of plain.matchAll(EXPLICIT)) {
		const [, letter, next] = match;
		if (letter === letter.toUpperCase() || isLetterEnd(next)) return letter.toUpperCase();
	}
	const leading = LEADING.exec(plain);
	if (leading) return leading[1].toUpperCase();
	for (const match of plain.matchAll(STANDALONE)) {
		const after = plain.slice(match.index + 1);
		if (match[1] === 'A' && /^\s+[a-z0-9]/u.test(after)) continue;
		return match[1];
	}
	return null;
}
