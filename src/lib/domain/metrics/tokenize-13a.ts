import { pythonSplit } from './python-split.ts';

/**
 * sacreBLEU's default `13a` tokenisation (mteval-v13a.pl): drop `<skipped>` and `-\n`, newlines to
 * spaces, unescape &quot; &amp; &lt; &gt;, pad punctuation and symbols with spaces, split periods
 * and commas except inside numbers, split a dash after a digit, then split on whitespace.
 * Reference: mjpost/sacrebleu `tokenizers/tokenizer_13a.py` and `tokenizer_re.py` (sacreBLEU 2.x).
 */
export function tokenize13a(line: string): string[] {
	let text = line
		.replaceAll('<skipped>', '')
		.replaceAll('-\n', '')
		.replaceAll('\n', ' ')
		.replaceAll('&quot;', '"')
		.replaceAll('&amp;', '&')
		.replaceAll('&lt;', '<')
		.replaceAll('&gt;', '>');
	text = ` ${text} `
		.replace(/([{-~[-` -&(-+:-@/])/g, ' $1 ')
		.replace(/([^0-9])([.,])/g, '$1 $2 ')
		.replace(/([.,])([^0-9])/g, ' $1 $2')
		.replace(/([0-9])(-)/g, '$1 $2 ');
	return pythonSplit(text);
}
