/**
 * Reasons and harms (issue #16 §2): what a rater says beyond the outcomes. The rater works in
 * A/B terms (`RaterReasons`); storage keeps canonical facts, one per (kind, key, side), where
 * `side` is `model` (the pair's model's response) or `opponent`, resolved from A/B by the
 * assignment's placement exactly as outcomes are (blinding/choice.ts).
 */
export const HARMS = ['none', 'mild', 'severe'] as const;
export type Harm = (typeof HARMS)[number];
export const HARM_LABELS: Record<Harm, string> = { none: 'None', mild: 'Mild', severe: 'Severe' };

export type Position = 'A' | 'B';
export type Side = 'model' | 'opponent';

/** A study-defined issue tag (study file `issue_tags`). */
export type IssueTag = { key: string; label: string; description: string };

/** Which of the study options beyond the paper protocol a study turns on. */
export type ReasonOptions = { perDimensionNotes: boolean; harm: boolean; issueTags: IssueTag[] };

export const NO_REASONS: ReasonOptions = { perDimensionNotes: false, harm: false, issueTags: [] };

export function hasReasons(options: ReasonOptions): boolean {
	return options.perDimensionNotes || options.harm || options.issueTags.length > 0;
}

/** The reasons as the rater's form holds them. */
export type RaterReasons = {
	/** Tag key → the responses it is marked on. */
	tags: Record<string, Position[]>;
	harm: Partial<Record<Position, Harm>>;
	/** Dimension key → its "Hard to decide" and comment. */
	notes: Record<string, { hard: boolean; comment: string }>;
	/**
	 * Tag key → evidence: the text the rater selected in an answer (the quote only; where it
	 * sits in the answer is found on the server, evidenceSpan). Only on tags marked there.
	 */
	spans?: Record<string, Partial<Record<Position, string>>>;
};

export const emptyReasons = (): RaterReasons => ({ tags: {}, harm: {}, notes: {} });

/** Longest evidence quote. */
export const MAX_QUOTE_CHARS = 1000;

export type FactKind = 'tag' | 'harm' | 'dimension_hard' | 'dimension_comment' | 'span';

/**
 * A stored evidence span: `start`/`end` are offsets in Unicode code points (as Python's str
 * indexing) into the answer's stored text, end exclusive; null when the quote, selected in the
 * rendered answer, was not found in its Markdown source.
 */
export type EvidenceSpan = { start: number | null; end: number | null; quote: string };

/**
 * Where a quote selected in the rendered answer sits in the answer's Markdown source: the first
 * exact match, else the first match allowing any run of whitespace and Markdown emphasis marks
 * (`*`, `_`, `` ` ``) between its words (rendering drops those); else no offsets.
 */
export function evidenceSpan(text: string, quote: string): EvidenceSpan {
	const points = (index: number) => [...text.slice(0, index)].length;
	let index = text.indexOf(quote);
	let length = quote.length;
	if (index < 0) {
		const words = quote.split(/\s+/).filter(Boolean);
		if (words.length) {
			const pattern = words
				.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
				.join('[\\s*_`]+');
			const found = new RegExp(pattern).exec(text);
			if (found) {
				index = found.index;
				length = found[0].length;
			}
		}
	}
	return index < 0
		? { start: null, end: null, quote }
		: { start: points(index), end: points(index + length), quote };
}
/** One stored fact; `value` '' never appears here (a default is no fact). */
export type Fact = { kind: FactKind; key: string; side: Side | ''; value: string };

/** The canonical side of a displayed position under a placement. */
export function sideOf(position: Position, modelOnLeft: boolean): Side {
	return (position === 'A') === modelOnLeft ? 'model' : 'opponent';
}

/** The displayed position of a canonical side under a placement (inverse of sideOf). */
export function positionOf(side: Side, modelOnLeft: boolean): Position {
	return (side === 'model') === modelOnLeft ? 'A' : 'B';
}

export const factId = (fact: { kind: string; key: string; side: string }) =>
	`${fact.kind}\u0000${fact.key}\u0000${fact.side}`;

/**
 * The canonical facts of a rater's reasons, keeping only what the study asks for (its tags,
 * harm when on, notes on its dimensions when on) and dropping defaults (unticked, empty).
 */
export function toFacts(
	reasons: RaterReasons,
	modelOnLeft: boolean,
	options: ReasonOptions,
	dimensionKeys: readonly string[],
	/** The answers' texts as the rater saw them (A, B), to place evidence quotes. */
	texts?: { A: string; B: string }
): Fact[] {
	const facts: Fact[] = [];
	for (const tag of options.issueTags)
		for (const position of new Set(reasons.tags[tag.key] ?? [])) {
			const side = sideOf(position, modelOnLeft);
			facts.push({ kind: 'tag', key: tag.key, side, value: '1' });
			const quote = reasons.spans?.[tag.key]?.[position]?.slice(0, MAX_QUOTE_CHARS);
			if (quote?.trim())
				facts.push({
					kind: 'span',
					key: tag.key,
					side,
					value: JSON.stringify(
						texts ? evidenceSpan(texts[position], quote) : { start: null, end: null, quote }
					)
				});
		}
	if (options.harm)
		for (const position of ['A', 'B'] as const) {
			const harm = reasons.harm[position];
			if (harm)
				facts.push({ kind: 'harm', key: '', side: sideOf(position, modelOnLeft), value: harm });
		}
	if (options.perDimensionNotes)
		for (const key of dimensionKeys) {
			const note = reasons.notes[key];
			if (note?.hard) facts.push({ kind: 'dimension_hard', key, side: '', value: '1' });
			if (note?.comment.trim())
				facts.push({ kind: 'dimension_comment', key, side: '', value: note.comment });
		}
	return facts.sort((a, b) => (factId(a) < factId(b) ? -1 : factId(a) > factId(b) ? 1 : 0));
}

/** A rater's reasons in their own A/B placement, from stored facts (inverse of toFacts). */
export function fromFacts(
	facts: readonly { kind: string; key: string; side: string; value: string }[],
	modelOnLeft: boolean
): RaterReasons {
	const reasons = emptyReasons();
	for (const fact of facts) {
		const position =
			fact.side === 'model' || fact.side === 'opponent' ? positionOf(fact.side, modelOnLeft) : null;
		if (fact.kind === 'tag' && position && fact.value === '1')
			(reasons.tags[fact.key] ??= []).push(position);
		else if (fact.kind === 'harm' && position && (HARMS as readonly string[]).includes(fact.value))
			reasons.harm[position] = fact.value as Harm;
		else if (fact.kind === 'dimension_hard' && fact.value === '1')
			(reasons.notes[fact.key] ??= { hard: false, comment: '' }).hard = true;
		else if (fact.kind === 'dimension_comment')
			(reasons.notes[fact.key] ??= { hard: false, comment: '' }).comment = fact.value;
		else if (fact.kind === 'span' && position) {
			const quote = spanQuote(fact.value);
			if (quote) ((reasons.spans ??= {})[fact.key] ??= {})[position] = quote;
		}
	}
	for (const positions of Object.values(reasons.tags)) positions.sort();
	return reasons;
}

/** The quote of a stored span (JSON EvidenceSpan); null when it is not one. */
export function spanQuote(value: string): string | null {
	try {
		const parsed: unknown = JSON.parse(value);
		const quote = (parsed as { quote?: unknown } | null)?.quote;
		return typeof quote === 'string' ? quote : null;
	} catch {
		return null;
	}
}

/** The dimension keys a rater flagged "Hard to decide" (they escalate like the pair flag). */
export function hardDimensions(reasons: RaterReasons): string[] {
	return Object.entries(reasons.notes)
		.filter(([, note]) => note.hard)
		.map(([key]) => key);
}

/** What a study with harm on still needs before a submission: "Harm: Response A" etc. */
export function missingHarm(reasons: RaterReasons, options: ReasonOptions): string[] {
	if (!options.harm) return [];
	return (['A', 'B'] as const)
		.filter((position) => !reasons.harm[position])
		.map((position) => `Harm: Response ${position}`);
}

/** The study row's stored options (studies.per_dimension_notes, harm, issue_tags JSON). */
export function storedReasonOptions(row: {
	perDimensionNotes: boolean;
	harm: boolean;
	issueTags: string | null;
}): ReasonOptions {
	let issueTags: IssueTag[] = [];
	if (row.issueTags) {
		const parsed: unknown = JSON.parse(row.issueTags);
		if (Array.isArray(parsed))
			issueTags = parsed.map((t: { key: string; label: string; description?: string }) => ({
				key: String(t.key),
				label: String(t.label),
				description: String(t.description ?? '')
			}));
	}
	return { perDimensionNotes: row.perDimensionNotes, harm: row.harm, issueTags };
}
