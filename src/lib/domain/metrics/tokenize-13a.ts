import { PYTHON_WHITESPACE_EXCEPT_SPACE, pythonSplit } from './python-split.ts';

/**
 * sacreBLEU's default `13a` tokenisation (mteval-v13a.pl): drop `<skipped>` and `-\n`, newlines to
 * spaces, unescape &quot; &amp; &lt; &gt;, pad punctuation and symbols with spaces, split periods
 * and commas except inside numbers, split a dash after a digit, then split on whitespace.
 * Reference: mjpost/sacrebleu `tokenizers/tokenizer_13a.py` and `tokenizer_re.py` (sacreBLEU 2.x).
 */
export function tokenize13a(line: string): string[] {
	let text = line.includes('<skipped>') ? line.replaceAll('<skipped>', '') : line;
	if (text.includes('\n')) text = text.replaceAll('-\n', '').replaceAll('\n', ' ');
	if (text.includes('&')) {
		text = text
			.replaceAll('&quot;', '"')
			.replaceAll('&amp;', '&')
			.replaceAll('&lt;', '<')
			.replaceAll('&gt;', '>');
	}
	// sacreBLEU's first class also contains the space itself (` -&`); padding a space with spaces
	// cannot change the tokens, and leaving it out makes this pass ~10× faster.
	text = ` ${text} `
		.replace(/([{-~[-`!-&(-+:-@/])/g, ' $1 ')
		.replace(/([^0-9])([.,])/g, '$1 $2 ')
		.replace(/([.,])([^0-9])/g, ' $1 $2')
		.replace(/([0-9])(-)/g, '$1 $2 ');
	if (PYTHON_WHITESPACE_EXCEPT_SPACE.test(text)) return pythonSplit(text);
	return text.split(' ').filter((token) => token !== '');
}
