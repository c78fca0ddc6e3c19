/**
 * Cross-checks of a schema-valid study file: duplicates, unknown references, the design's needs,
 * and missing responses. Member usernames are checked against the database by the import service.
 */
import type { Problem } from './problem.ts';
import type { StudyFile } from './schema.ts';

function duplicates<T>(
	items: T[],
	keyOf: (item: T) => string,
	path: string,
	what: string
): Problem[] {
	const seen = new Map<string, number>();
	const problems: Problem[] = [];
	items.forEach((item, i) => {
		const key = keyOf(item);
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

export function checkStudyFile(study: StudyFile): Problem[] {
	const problems: Problem[] = [
		...duplicates(study.dimensions, (d) => d.key, 'dimensions', `dimension key`),
		...duplicates(study.models, (m) => m.key, 'models', 'model key'),
		...duplicates(study.prompts, (p) => p.key, 'prompts', 'prompt key'),
		...duplicates(
			study.responses,
			(r) => `${r.prompt}\u0000${r.model}`,
			'responses',
			'response for this prompt and model'
		),
		...duplicates(study.members.junior, (u) => u, 'members.junior', 'member'),
		...duplicates(study.members.senior, (u) => u, 'members.senior', 'member')
	];

	const juniors = new Set(study.members.junior);
	study.members.senior.forEach((username, i) => {
		if (juniors.has(username))
			problems.push({
				path: `members.senior[${i}]`,
				message: `"${username}" is also listed as a junior`
			});
	});

	if (study.design === 'candidate-vs-reference') {
		for (const group of ['candidate', 'reference'] as const)
			if (!study.models.some((m) => m.group === group))
				problems.push({
					path: 'models',
					message: `design "candidate-vs-reference" needs at least one ${group} model`
				});
	}

	if (study.raters_per_pair > study.members.junior.length)
		problems.push({
			path: 'raters_per_pair',
			message: `raters_per_pair is ${study.raters_per_pair} but only ${study.members.junior.length} junior(s) are listed in members.junior`
		});

	const models = new Set(study.models.map((m) => m.key));
	const prompts = new Set(study.prompts.map((p) => p.key));
	const answered = new Set<string>();
	study.responses.forEach((response, i) => {
		if (!prompts.has(response.prompt))
			problems.push({
				path: `responses[${i}].prompt`,
				message: `unknown prompt "${response.prompt}"`
			});
		if (!models.has(response.model))
			problems.push({
				path: `responses[${i}].model`,
				message: `unknown model "${response.model}"`
			});
		answered.add(`${response.prompt}\u0000${response.model}`);
	});

	// Every model takes part in a pair of every prompt under both designs, so each prompt needs
	// a response from each model. One line per missing response, capped so the list stays readable.
	const missing: Problem[] = [];
	study.prompts.forEach((prompt, i) => {
		for (const model of study.models)
			if (!answered.has(`${prompt.key}\u0000${model.key}`))
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
	return [...problems, ...shown];
}
