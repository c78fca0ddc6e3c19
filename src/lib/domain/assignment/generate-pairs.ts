import type { Design, Pair, StudyModel } from './types.ts';

/**
 * The canonical pairs of a design, ordered by prompt, then model, then opponent (study order).
 * `candidate-vs-reference`: every candidate against every reference (BenchHealth's protocol);
 * `all-pairs`: every two models, `model` being the earlier one in study order.
 * Validation (duplicate keys, empty groups) belongs to the study-file schema, not here.
 */
export function generatePairs(
	design: Design,
	models: readonly StudyModel[],
	promptKeys: readonly string[]
): Pair[] {
	const matchups = design === 'all-pairs' ? allPairs(models) : candidateVsReference(models);
	const pairs: Pair[] = [];
	for (const prompt of promptKeys) {
		for (const [model, opponent] of matchups) pairs.push({ prompt, model, opponent });
	}
	return pairs;
}

/** Every candidate × every reference, as [candidate, reference] in study order. */
function candidateVsReference(models: readonly StudyModel[]): [string, string][] {
	const candidates = models.filter((m) => m.group === 'candidate');
	const references = models.filter((m) => m.group === 'reference');
	return candidates.flatMap((c) => references.map((r): [string, string] => [c.key, r.key]));
}

/** Every unordered pair of models, as [earlier, later] in study order. */
function allPairs(models: readonly StudyModel[]): [string, string][] {
	return models.flatMap((m, i) => models.slice(i + 1).map((o): [string, string] => [m.key, o.key]));
}
