/**
 * The protocol options the BenchHealth paper leaves open (issue #15 §3; README "Study file"):
 * when a pair goes to the senior (`escalate`) and which of its dimensions the senior's decision
 * replaces (`adjudicate`). The paper only says the senior "re-evaluates the cases that are
 * difficult for junior annotators to decide" (§5.6).
 */
import { nounFor } from '../../format.ts';

/**
 * - `any-disagreement`: the juniors differ on any dimension, or one flagged the pair (default).
 * - `flagged-only`: a junior ticked "Hard to decide" (the paper's literal reading).
 * - `disagreement-on` n: they differ on n dimensions or more, or one flagged the pair.
 */
export type EscalationRule =
	{ rule: 'any-disagreement' } | { rule: 'flagged-only' } | { rule: 'disagreement-on'; n: number };

/**
 * - `disputed`: the senior's final label replaces the dimensions the juniors differ on (every
 *   dimension when a junior flagged the pair); agreed ones keep the consensus unless the senior
 *   explicitly re-opens them (default for new studies).
 * - `whole-pair`: the senior's final label replaces every dimension.
 */
export type AdjudicationScope = 'disputed' | 'whole-pair';

export type Protocol = { escalate: EscalationRule; adjudicate: AdjudicationScope };

export const DEFAULT_ESCALATION: EscalationRule = { rule: 'any-disagreement' };

/** The study file's `escalate` value for a rule. */
export type EscalateOption = 'any-disagreement' | 'flagged-only' | { 'disagreement-on': number };

export function escalationRule(option: EscalateOption): EscalationRule {
	return typeof option === 'string'
		? { rule: option }
		: { rule: 'disagreement-on', n: option['disagreement-on'] };
}

/** The rule as stored on a study row (`escalate`, `escalate_min_dimensions`). */
export function storedRule(
	escalate: 'any-disagreement' | 'flagged-only' | 'disagreement-on',
	minDimensions: number | null
): EscalationRule {
	return escalate === 'disagreement-on'
		? { rule: 'disagreement-on', n: minDimensions ?? 1 }
		: { rule: escalate };
}

/** e.g. `any-disagreement`, `flagged-only`, `disagreement-on:2` (signatures, exports). */
export function ruleCode(rule: EscalationRule): string {
	return rule.rule === 'disagreement-on' ? `disagreement-on:${rule.n}` : rule.rule;
}

/** The signature part, e.g. `protocol:escalate=any-disagreement,adjudicate=disputed`. */
export function protocolSignature(protocol: Protocol): string {
	return `protocol:escalate=${ruleCode(protocol.escalate)},adjudicate=${protocol.adjudicate}`;
}

/** One sentence per option, for the study page and the exports' captions. */
export function describeProtocol(protocol: Protocol): { escalate: string; adjudicate: string } {
	const { escalate } = protocol;
	return {
		escalate:
			escalate.rule === 'any-disagreement'
				? 'A pair goes to a senior when its juniors differ on any dimension or one of them flags it hard to decide.'
				: escalate.rule === 'flagged-only'
					? 'A pair goes to a senior only when a junior flags it hard to decide; dimensions the juniors differ on in other pairs get no final label.'
					: `A pair goes to a senior when its juniors differ on ${escalate.n} or more ${nounFor(escalate.n, 'dimension')} or one of them flags it hard to decide; dimensions they differ on in other pairs get no final label.`,
		adjudicate:
			protocol.adjudicate === 'disputed'
				? 'The senior’s final label replaces only the dimensions the juniors differ on (all of them when the pair was flagged); agreed dimensions keep the juniors’ label unless the senior re-opens them.'
				: 'The senior’s final label replaces every dimension of the pair.'
	};
}

/** Whether a complete pair goes to a senior, given the dimensions its juniors differ on. */
export function escalates(rule: EscalationRule, differing: number, flagged: boolean): boolean {
	if (flagged) return true;
	if (rule.rule === 'any-disagreement') return differing > 0;
	if (rule.rule === 'flagged-only') return false;
	return differing >= rule.n;
}

/**
 * The dimensions a senior's final decision replaces: every one under `whole-pair` or when the
 * pair was flagged; otherwise the disputed ones plus those the senior explicitly re-opened.
 * Returned in `dimensionKeys` order.
 */
export function replacedDimensions(
	scope: AdjudicationScope,
	reasons: { dimensions: readonly string[]; flaggedBy: readonly string[] },
	dimensionKeys: readonly string[],
	reopened: readonly string[] = []
): string[] {
	if (scope === 'whole-pair' || reasons.flaggedBy.length > 0) return [...dimensionKeys];
	const chosen = new Set([...reasons.dimensions, ...reopened]);
	return dimensionKeys.filter((key) => chosen.has(key));
}

/** Dimensions the senior may re-open (agreed ones under `disputed`, unless the pair was flagged). */
export function agreedDimensions(
	scope: AdjudicationScope,
	reasons: { dimensions: readonly string[]; flaggedBy: readonly string[] },
	dimensionKeys: readonly string[]
): string[] {
	if (scope === 'whole-pair' || reasons.flaggedBy.length > 0) return [];
	return dimensionKeys.filter((key) => !reasons.dimensions.includes(key));
}
