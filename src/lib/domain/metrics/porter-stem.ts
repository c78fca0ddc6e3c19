/**
 * Porter stemmer exactly as NLTK's `PorterStemmer()` in its default `NLTK_EXTENSIONS` mode
 * (nltk/stem/porter.py, NLTK 3.8), which is what Google's `rouge-score` uses for `use_stemmer`.
 * Reference: M. F. Porter (1980), "An algorithm for suffix stripping", Program 14(3):130–137,
 * with Martin Porter's and NLTK's extensions. The structure below mirrors NLTK's method by
 * method so that the two can be read side by side; test/fixtures/metrics/porter-stems.json
 * checks it on thousands of words stemmed by NLTK itself.
 *
 * Exact for any input whose characters lie in the Basic Multilingual Plane (Python indexes code
 * points, JavaScript UTF-16 units); rouge-score only ever passes [a-z0-9] tokens.
 */

type Condition = ((stem: string) => boolean) | null;
type Rule = readonly [suffix: string, replacement: string, condition: Condition];

// NLTK_EXTENSIONS: irregular forms looked up before any rule runs.
const IRREGULAR: ReadonlyMap<string, string> = new Map(
	Object.entries({
		sky: ['sky', 'skies'],
		die: ['dying'],
		lie: ['lying'],
		tie: ['tying'],
		news: ['news'],
		inning: ['innings', 'inning'],
		outing: ['outings', 'outing'],
		canning: ['cannings', 'canning'],
		howe: ['howe'],
		proceed: ['proceed'],
		exceed: ['exceed'],
		succeed: ['succeed']
	}).flatMap(([stem, forms]) => forms.map((form) => [form, stem] as [string, string]))
);

function isVowelLetter(ch: string): boolean {
	return ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u';
}

/** Porter's consonant: not a, e, i, o, u, and not a y preceded by a consonant (iterative form of NLTK's recursion). */
function isConsonant(word: string, i: number): boolean {
	const ch = word[i];
	if (isVowelLetter(ch)) return false;
	if (ch !== 'y') return true;
	// A run of y's alternates consonant / vowel from the first y of the run.
	let first = i;
	while (first > 0 && word[first - 1] === 'y') first--;
	const firstIsConsonant = first === 0 ? true : !isConsonant(word, first - 1);
	return (i - first) % 2 === 0 ? firstIsConsonant : !firstIsConsonant;
}

/** m in [C](VC){m}[V]: the number of vowel→consonant transitions. */
function measure(stem: string): number {
	let m = 0;
	let previousVowel = false;
	for (let i = 0; i < stem.length; i++) {
		const consonant = isConsonant(stem, i);
		if (consonant && previousVowel) m++;
		previousVowel = !consonant;
	}
	return m;
}

function hasPositiveMeasure(stem: string): boolean {
	return measure(stem) > 0;
}

function measureGreaterThanOne(stem: string): boolean {
	return measure(stem) > 1;
}

function containsVowel(stem: string): boolean {
	for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
	return false;
}

/** Condition *d: ends with a double consonant. */
function endsDoubleConsonant(word: string): boolean {
	const n = word.length;
	return n >= 2 && word[n - 1] === word[n - 2] && isConsonant(word, n - 1);
}

/** Condition *o: ends consonant-vowel-consonant, last not w, x or y; NLTK also accepts a two-letter vowel-consonant word. */
function endsCvc(word: string): boolean {
	const n = word.length;
	return (
		(n >= 3 &&
			isConsonant(word, n - 3) &&
			!isConsonant(word, n - 2) &&
			isConsonant(word, n - 1) &&
			word[n - 1] !== 'w' &&
			word[n - 1] !== 'x' &&
			word[n - 1] !== 'y') ||
		(n === 2 && !isConsonant(word, 0) && isConsonant(word, 1))
	);
}

function replaceSuffix(word: string, suffix: string, replacement: string): string {
	return suffix === '' ? word + replacement : word.slice(0, -suffix.length) + replacement;
}

/** The first rule whose suffix matches decides: applied if its condition holds, otherwise the word is kept. */
function applyRuleList(word: string, rules: readonly Rule[]): string {
	for (const [suffix, replacement, condition] of rules) {
		if (suffix === '*d' && endsDoubleConsonant(word)) {
			const stem = word.slice(0, -2);
			return condition === null || condition(stem) ? stem + replacement : word;
		}
		if (word.endsWith(suffix)) {
			const stem = replaceSuffix(word, suffix, '');
			return condition === null || condition(stem) ? stem + replacement : word;
		}
	}
	return word;
}

const STEP1A: readonly Rule[] = [
	['sses', 'ss', null],
	['ies', 'i', null],
	['ss', 'ss', null],
	['s', '', null]
];

function step1a(word: string): string {
	if (word.endsWith('ies') && word.length === 4) return replaceSuffix(word, 'ies', 'ie');
	return applyRuleList(word, STEP1A);
}

function step1b(word: string): string {
	if (word.endsWith('ied')) {
		return replaceSuffix(word, 'ied', word.length === 4 ? 'ie' : 'i');
	}
	if (word.endsWith('eed')) {
		const stem = replaceSuffix(word, 'eed', '');
		return measure(stem) > 0 ? stem + 'ee' : word;
	}
	let intermediate: string | undefined;
	for (const suffix of ['ed', 'ing']) {
		if (word.endsWith(suffix)) {
			const candidate = replaceSuffix(word, suffix, '');
			if (containsVowel(candidate)) {
				intermediate = candidate;
				break;
			}
		}
	}
	if (intermediate === undefined) return word;
	const last = intermediate[intermediate.length - 1];
	return applyRuleList(intermediate, [
		['at', 'ate', null],
		['bl', 'ble', null],
		['iz', 'ize', null],
		['*d', last, () => last !== 'l' && last !== 's' && last !== 'z'],
		['', 'e', (stem) => measure(stem) === 1 && endsCvc(stem)]
	]);
}

function step1c(word: string): string {
	// NLTK: (*c and not c) Y -> I, i.e. y after a consonant that is not the whole stem.
	return applyRuleList(word, [
		['y', 'i', (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1)]
	]);
}

const STEP2_BASE: readonly Rule[] = [
	['ational', 'ate', hasPositiveMeasure],
	['tional', 'tion', hasPositiveMeasure],
	['enci', 'ence', hasPositiveMeasure],
	['anci', 'ance', hasPositiveMeasure],
	['izer', 'ize', hasPositiveMeasure],
	['bli', 'ble', hasPositiveMeasure],
	['alli', 'al', hasPositiveMeasure],
	['entli', 'ent', hasPositiveMeasure],
	['eli', 'e', hasPositiveMeasure],
	['ousli', 'ous', hasPositiveMeasure],
	['ization', 'ize', hasPositiveMeasure],
	['ation', 'ate', hasPositiveMeasure],
	['ator', 'ate', hasPositiveMeasure],
	['alism', 'al', hasPositiveMeasure],
	['iveness', 'ive', hasPositiveMeasure],
	['fulness', 'ful', hasPositiveMeasure],
	['ousness', 'ous', hasPositiveMeasure],
	['aliti', 'al', hasPositiveMeasure],
	['iviti', 'ive', hasPositiveMeasure],
	['biliti', 'ble', hasPositiveMeasure],
	['fulli', 'ful', hasPositiveMeasure]
];

function step2(word: string): string {
	// NLTK applies ALLI -> AL first and, if it fires, runs step 2 again on the result.
	if (word.endsWith('alli') && hasPositiveMeasure(replaceSuffix(word, 'alli', ''))) {
		return step2(replaceSuffix(word, 'alli', 'al'));
	}
	// The 'l' of 'logi' stays with the stem for the measure, so 'geo', 'theo' work like 'archaeo'.
	return applyRuleList(word, [
		...STEP2_BASE,
		['logi', 'log', () => hasPositiveMeasure(word.slice(0, -3))]
	]);
}

const STEP3: readonly Rule[] = [
	['icate', 'ic', hasPositiveMeasure],
	['ative', '', hasPositiveMeasure],
	['alize', 'al', hasPositiveMeasure],
	['iciti', 'ic', hasPositiveMeasure],
	['ical', 'ic', hasPositiveMeasure],
	['ful', '', hasPositiveMeasure],
	['ness', '', hasPositiveMeasure]
];

const STEP4: readonly Rule[] = [
	['al', '', measureGreaterThanOne],
	['ance', '', measureGreaterThanOne],
	['ence', '', measureGreaterThanOne],
	['er', '', measureGreaterThanOne],
	['ic', '', measureGreaterThanOne],
	['able', '', measureGreaterThanOne],
	['ible', '', measureGreaterThanOne],
	['ant', '', measureGreaterThanOne],
	['ement', '', measureGreaterThanOne],
	['ment', '', measureGreaterThanOne],
	['ent', '', measureGreaterThanOne],
	[
		'ion',
		'',
		(stem) => measure(stem) > 1 && (stem[stem.length - 1] === 's' || stem[stem.length - 1] === 't')
	],
	['ou', '', measureGreaterThanOne],
	['ism', '', measureGreaterThanOne],
	['ate', '', measureGreaterThanOne],
	['iti', '', measureGreaterThanOne],
	['ous', '', measureGreaterThanOne],
	['ive', '', measureGreaterThanOne],
	['ize', '', measureGreaterThanOne]
];

function step5a(word: string): string {
	// Both E rules are tried (NLTK's comment: the paper's examples require it).
	if (word.endsWith('e')) {
		const stem = replaceSuffix(word, 'e', '');
		const m = measure(stem);
		if (m > 1) return stem;
		if (m === 1 && !endsCvc(stem)) return stem;
	}
	return word;
}

function step5b(word: string): string {
	return applyRuleList(word, [['ll', 'l', () => measure(word.slice(0, -1)) > 1]]);
}

/** The Porter stem of `word` (lower-cased), as NLTK's `PorterStemmer().stem(word)`. */
export function porterStem(word: string): string {
	const lower = word.toLowerCase();
	// NLTK looks the original (not lower-cased) word up in the irregular forms.
	const irregular = IRREGULAR.get(word);
	if (irregular !== undefined) return irregular;
	if (word.length <= 2) return lower;
	let stem = step1a(lower);
	stem = step1b(stem);
	stem = step1c(stem);
	stem = step2(stem);
	stem = applyRuleList(stem, STEP3);
	stem = applyRuleList(stem, STEP4);
	stem = step5a(stem);
	return step5b(stem);
}
