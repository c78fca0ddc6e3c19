/**
 * Cross-checks of a study file's gold pairs, training and hidden checks (issue #16 §3): each gold
 * pair is a pair of the design (known prompt, model and opponent in canonical order) given once,
 * its expected outcomes name the study's dimensions, and training and checks have gold to use.
 */
import type { Problem } from './problem.ts';

type Checkable = {
	design?: 'candidate-vs-reference' | 'all-pairs';
	dimensions?: readonly { key?: string }[];
	models?: readonly { key?: string; group?: 'candidate' | 'reference' }[];
	prompts?: readonly { key?: string }[];
	gold?: readonly {
		prompt: string;
		model: string;
		opponent: string;
		expected: Record<string, string>;
	}[];
	training?: { pairs: number };
	gold_checks?: { share: number };
};

/** Why (model, opponent) is not a pair of the design in canonical order; null when it is. */
function notADesignPair(study: Checkable, model: string, opponent: string): string | null {
	const models = study.models ?? [];
	const at = (key: string) => models.findIndex((m) => m.key === key);
	const [i, j] = [at(model), at(opponent)];
	if (i < 0) return `unknown model "${model}"`;
	if (j < 0) return `unknown model "${opponent}"`;
	if (study.design === 'all-pairs')
		return i < j
			? null
			: `"${model}" comes after "${opponent}" in models: a pair names the earlier one as model`;
	return models[i].group === 'candidate' && models[j].group === 'reference'
		? null
		: `under "candidate-vs-reference" a pair's model is a candidate and its opponent a reference`;
}

export function goldProblems(study: Checkable): Problem[] {
	const problems: Problem[] = [];
	const gold = study.gold ?? [];
	const prompts = study.prompts?.every((p) => p.key !== undefined)
		? new Set(study.prompts.map((p) => p.key))
		: null;
	const dimensions = study.dimensions?.every((d) => d.key !== undefined)
		? new Set(study.dimensions.map((d) => d.key))
		: null;
	const modelsRead = study.models?.every((m) => m.key !== undefined && m.group !== undefined);
	const seen = new Map<string, number>();
	gold.forEach((g, i) => {
		const path = `gold[${i}]`;
		if (prompts && !prompts.has(g.prompt))
			problems.push({ path: `${path}.prompt`, message: `unknown prompt "${g.prompt}"` });
		const wrong = modelsRead ? notADesignPair(study, g.model, g.opponent) : null;
		if (wrong) problems.push({ path, message: `not a pair of the study: ${wrong}` });
		if (dimensions)
			for (const key of Object.keys(g.expected))
				if (!dimensions.has(key))
					problems.push({ path: `${path}.expected.${key}`, message: `unknown dimension "${key}"` });
		const key = `${g.prompt}\u0000${g.model}\u0000${g.opponent}`;
		const first = seen.get(key);
		if (first !== undefined)
			problems.push({ path, message: `duplicate gold pair (first at gold[${first}])` });
		else seen.set(key, i);
	});
	if (study.training && study.training.pairs > gold.length)
		problems.push({
			path: 'training.pairs',
			message: `training.pairs is ${study.training.pairs} but the study lists ${gold.length} gold pair(s)`
		});
	if (study.gold_checks && gold.length === 0)
		problems.push({ path: 'gold_checks', message: 'gold_checks needs gold pairs (gold)' });
	else if (study.gold_checks && study.training && study.training.pairs >= gold.length)
		problems.push({
			path: 'gold_checks',
			message: `a junior never sees a gold pair twice: with training.pairs ${study.training.pairs} of ${gold.length} gold pair(s) none is left for hidden checks`
		});
	return problems;
}
