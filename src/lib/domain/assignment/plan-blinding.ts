import { comboEdges } from './choose-raters.ts';
import { generatePairs } from './generate-pairs.ts';
import { matchings } from './matchings.ts';
import { indexPairs } from './pair-index.ts';
import type { Design, StudyModel } from './types.ts';
import { countOf } from '../../format.ts';

/**
 * How often one junior sees one response of a prompt under `chooseRaters`, for a study's design,
 * models, juniors and raters per pair. Exact, not a bound: every prompt is split the same way up
 * to relabelling the models within their group, and every deal position occurs in every prompt,
 * so each figure is reached in every prompt by some junior.
 */
export type BlindingPlan = {
	design: Design;
	juniors: number;
	ratersPerPair: number;
	/** Matchings per prompt (sets of pairs in which no response appears twice). */
	sets: number;
	/** Juniors needed for every junior to see each response at most once per prompt. */
	juniorsNeeded: number;
	/** Most times a junior sees one response of a prompt, over all responses. */
	perAnswer: number;
	/** The same for candidates' and references' responses (design candidate-vs-reference only). */
	candidate: number | null;
	reference: number | null;
};

/** The plan for a study, or null when its design gives no pairs or the input is invalid. */
export function planBlinding(
	design: Design,
	models: readonly StudyModel[],
	juniors: number,
	ratersPerPair: number
): BlindingPlan | null {
	const pairs = generatePairs(design, models, ['prompt']);
	if (pairs.length === 0 || ratersPerPair < 1 || juniors < ratersPerPair) return null;
	const sets = matchings(comboEdges(indexPairs(pairs)), null);
	const units = sets.length * ratersPerPair;
	const t = Math.min(units, juniors);
	// Deal as chooseRaters does: unit u (matching ⌊u / rpp⌋) to deal position u mod t.
	const seen: Map<string, number>[] = Array.from({ length: t }, () => new Map());
	for (let u = 0; u < units; u++) {
		const counts = seen[u % t];
		for (const offset of sets[Math.floor(u / ratersPerPair)]) {
			const { model, opponent } = pairs[offset];
			for (const key of [model, opponent]) counts.set(key, (counts.get(key) ?? 0) + 1);
		}
	}
	const most = (group: StudyModel['group'] | null) =>
		Math.max(
			0,
			...seen.flatMap((counts) =>
				models.filter((m) => group === null || m.group === group).map((m) => counts.get(m.key) ?? 0)
			)
		);
	const byGroup = design === 'candidate-vs-reference';
	return {
		design,
		juniors,
		ratersPerPair,
		sets: sets.length,
		juniorsNeeded: units,
		perAnswer: most(null),
		candidate: byGroup ? most('candidate') : null,
		reference: byGroup ? most('reference') : null
	};
}

const upTo = (n: number) => (n === 1 ? 'once' : `up to ${n} times`);

/**
 * The researcher's warning when some junior sees a response more than once per prompt, else null.
 * States the figures of `plan` and the juniors that would remove the repetition.
 */
export function describeBlinding(plan: BlindingPlan | null): string | null {
	if (!plan || plan.perAnswer <= 1) return null;
	const { juniors, ratersPerPair, sets, juniorsNeeded } = plan;
	const seen =
		plan.candidate !== null && plan.reference !== null
			? `each reference answer ${upTo(plan.reference)} and each candidate answer ${upTo(plan.candidate)}`
			: `each answer ${upTo(plan.perAnswer)}`;
	return (
		`Blinding: with ${countOf(juniors, 'junior')} and ${countOf(ratersPerPair, 'rater')} per pair, ` +
		`a junior sees ${seen} per question, so recognising an answer seen before can hint at its model. ` +
		`With ${juniorsNeeded} juniors (${ratersPerPair} per pair × ${sets} sets of pairs without a repeated answer) ` +
		`every junior would see each answer at most once per question. ` +
		`Until then, each junior’s pairs of one question are spread far apart in their queue.`
	);
}
