/**
 * Cross-checks of a study file: duplicates, unknown references, the design's needs, and missing
 * responses. They run on whatever parsed, so one pass reports every problem: a field that did not
 * parse is undefined (its checks are skipped), a list keeps each element at its index with only
 * the fields that parsed (so paths stay those of the file). Member usernames are checked against
 * the database by the import service.
 */
import { goldProblems } from './gold-problems.ts';
import type { Problem } from './problem.ts';
import { countOf, nounFor } from '../../format.ts';

type Group = 'candidate' | 'reference';

/** A study file as far as it parsed; a valid StudyFile is one. */
export type CheckableStudy = {
	design?: 'candidate-vs-reference' | 'all-pairs';
	raters_per_pair?: number;
	escalate?: string | { 'disagreement-on': number };
	dimensions?: readonly { key?: string }[];
	issue_tags?: readonly { key?: string }[];
	models?: readonly { key?: string; group?: Group }[];
	prompts?: readonly { key?: string }[];
	responses?: readonly { prompt?: string; model?: string }[];
	gold?: readonly {
		prompt: string;
		model: string;
		opponent: string;
		expected: Record<string, string>;
	}[];
	training?: { pairs: number };
	gold_checks?: { share: number };
	members: { junior?: readonly (string | undefined)[]; senior?: readonly (string | undefined)[] };
};

function duplicates<T>(
	items: readonly T[] | undefined,
	keyOf: (item: T) => string | undefined,
	path: string,
	what: string
): Problem[] {
	const seen = new Map<string, number>();
	const problems: Problem[] = [];
	items?.forEach((item, i) => {
		const key = keyOf(item);
		if (key === undefined) return;
		const first = seen.get(key);
		if (first === undefined) seen.set(key, i);
		else
			problems.push({
				path: `${path}[${i}]`,
				message: `duplicate ${what} (first at ${path}[${first}])`
			});
	});
	return problems;
}

const pairKey = (prompt: string, model: string) => `${prompt}\u0000${model}`;

export function checkStudyFile(study: CheckableStudy): Problem[] {
	const { junior, senior } = study.members;
	const problems: Problem[] = [
		...duplicates(study.dimensions, (d) => d.key, 'dimensions', `dimension key`),
		...duplicates(study.issue_tags, (t) => t.key, 'issue_tags', 'issue tag key'),
		...duplicates(study.models, (m) => m.key, 'models', 'model key'),
		...duplicates(study.prompts, (p) => p.key, 'prompts', 'prompt key'),
		...duplicates(
			study.responses,
			(r) =>
				r.prompt === undefined || r.model === undefined ? undefined : pairKey(r.prompt, r.model),
			'responses',
			'response for this prompt and model'
		),
		...duplicates(junior, (u) => u, 'members.junior', 'member'),
		...duplicates(senior, (u) => u, 'members.senior', 'member')
	];

	const juniors = new Set(junior);
	senior?.forEach((username, i) => {
		if (username !== undefined && juniors.has(username))
			problems.push({
				path: `members.senior[${i}]`,
				message: `"${username}" is also listed as a junior`
			});
	});

	// With a model whose group did not parse, a missing group may be that one: say nothing.
	const models = study.models;
	if (
		study.design === 'candidate-vs-reference' &&
		models &&
		models.every((m) => m.group !== undefined)
	) {
		for (const group of ['candidate', 'reference'] as const)
			if (!models.some((m) => m.group === group))
				problems.push({
					path: 'models',
					message: `design "candidate-vs-reference" needs at least one ${group} model`
				});
	}

	const escalate = study.escalate;
	const dimensionCount = study.dimensions?.length ?? 0;
	if (
		typeof escalate === 'object' &&
		study.dimensions &&
		escalate['disagreement-on'] > dimensionCount
	)
		problems.push({
			path: 'escalate.disagreement-on',
			message: `disagreement-on is ${escalate['disagreement-on']} but the study has only ${countOf(dimensionCount, 'dimension')}: no pair could reach it`
		});

	if (study.raters_per_pair !== undefined && junior && study.raters_per_pair > junior.length)
		problems.push({
			path: 'raters_per_pair',
			message: `raters_per_pair is ${study.raters_per_pair} but only ${countOf(junior.length, 'junior')} ${nounFor(junior.length, 'is', 'are')} listed in members.junior`
		});

	// References are checked only against lists whose every key was read: an element whose key
	// did not parse is reported where it is, and a reference to it must not be called unknown.
	const keysOf = (list: readonly { key?: string }[] | undefined) =>
		list?.every((item) => item.key !== undefined) ? new Set(list.map((item) => item.key)) : null;
	const modelKeys = keysOf(models);
	const promptKeys = keysOf(study.prompts);
	const answered = new Set<string>();
	study.responses?.forEach((response, i) => {
		if (promptKeys && response.prompt !== undefined && !promptKeys.has(response.prompt))
			problems.push({
				path: `responses[${i}].prompt`,
				message: `unknown prompt "${response.prompt}"`
			});
		if (modelKeys && response.model !== undefined && !modelKeys.has(response.model))
			problems.push({
				path: `responses[${i}].model`,
				message: `unknown model "${response.model}"`
			});
		if (response.prompt !== undefined && response.model !== undefined)
			answered.add(pairKey(response.prompt, response.model));
	});

	// Every model takes part in a pair of every prompt under both designs, so each prompt needs
	// a response from each model. One line per missing response, capped so the list stays readable.
	// Only when every response was read (else the unread one would be reported "missing").
	const missing: Problem[] = [];
	const responsesRead = study.responses?.every(
		(r) => r.prompt !== undefined && r.model !== undefined
	);
	if (responsesRead && models)
		study.prompts?.forEach((prompt, i) => {
			if (prompt.key === undefined) return;
			for (const model of models)
				if (model.key !== undefined && !answered.has(pairKey(prompt.key, model.key)))
					missing.push({
						path: `prompts[${i}]`,
						message: `missing response for prompt "${prompt.key}" from model "${model.key}"`
					});
		});
	const shown = missing.slice(0, 200);
	if (missing.length > shown.length)
		shown.push({
			path: 'responses',
			message: `… and ${missing.length - shown.length} more missing responses`
		});
	return [...problems, ...shown, ...goldProblems(study)];
}
