/**
 * Finds texts shown to raters that may reveal which model wrote an answer ("As an AI developed
 * by OpenAI", "I'm Claude", a model key or name of the study), so a researcher can fix or accept
 * them before rating starts: a self-naming answer breaks the blinding, and so does a title,
 * question, dimension label or rubric that names the models ("open vs. commercial models" is
 * not caught by names, which is why raters see `title_for_raters`, see rater-title.ts).
 */
export type LeakModel = { key: string; name?: string | null };
export type LeakResponse = { prompt: string; model: string; text: string };
/** Where a rater sees the text; `prompt` / `model` are '' where they do not apply. */
export type LeakPlace =
	| 'title for raters'
	| 'instructions'
	| 'dimension label'
	| 'dimension rubric'
	| 'issue tag'
	| 'question'
	| 'response';
export type RaterText = { where: LeakPlace; prompt?: string; model?: string; text: string };
export type IdentityLeak = {
	where: LeakPlace;
	prompt: string;
	model: string;
	match: string;
	excerpt: string;
};

const MAKERS = [
	'OpenAI',
	'ChatGPT',
	'GPT-3',
	'GPT-4',
	'GPT-5',
	'Anthropic',
	'Claude',
	'Google',
	'Gemini',
	'Bard',
	'DeepMind',
	'Meta AI',
	'LLaMA',
	'Llama',
	'Mistral',
	'Mixtral',
	'Microsoft',
	'Copilot',
	'Qwen',
	'Alibaba',
	'DeepSeek',
	'Meditron',
	'MedAlpaca',
	'PMC-LLaMA',
	'BioMistral',
	'Med-PaLM',
	'PaLM'
];
const SELF_REFERENCES = [
	'as an ai',
	'as a language model',
	'as an ai language model',
	'as a large language model',
	'i am an ai',
	"i'm an ai",
	'developed by',
	'trained by',
	'created by',
	'my training data',
	'my knowledge cutoff'
];

function escapeRegex(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Lists each response with the first phrase that may identify its model. */
export function findIdentityLeaks(
	responses: readonly LeakResponse[],
	models: readonly LeakModel[]
): IdentityLeak[] {
	return findLeaksInTexts(
		responses.map((r) => ({ where: 'response' as const, ...r })),
		models
	);
}

/**
 * Everything a rater receives about a study: its title for raters, instructions, dimensions,
 * questions, answers.
 */
export function raterTexts(study: {
	titleForRaters?: string | null;
	instructions?: string | null;
	dimensions: readonly { key: string; label: string; rubric: string }[];
	/** The study's issue tags (issue #16 §2): raters read their labels and descriptions. */
	issueTags?: readonly { label: string; description: string }[];
	prompts: readonly { key: string; text: string }[];
	responses: readonly LeakResponse[];
}): RaterText[] {
	return [
		...(study.titleForRaters
			? [{ where: 'title for raters' as const, text: study.titleForRaters }]
			: []),
		...(study.instructions ? [{ where: 'instructions' as const, text: study.instructions }] : []),
		...study.dimensions.flatMap((d) => [
			{ where: 'dimension label' as const, text: d.label },
			{ where: 'dimension rubric' as const, text: d.rubric }
		]),
		...(study.issueTags ?? []).flatMap((t) => [
			{ where: 'issue tag' as const, text: t.label },
			{ where: 'issue tag' as const, text: t.description }
		]),
		...study.prompts.map((p) => ({ where: 'question' as const, prompt: p.key, text: p.text })),
		...study.responses.map((r) => ({ where: 'response' as const, ...r }))
	];
}

/** Lists each text with the first phrase that may identify a model. */
export function findLeaksInTexts(
	texts: readonly RaterText[],
	models: readonly LeakModel[]
): IdentityLeak[] {
	const names = new Set<string>([...MAKERS]);
	for (const model of models) {
		if (model.key.length >= 3) names.add(model.key);
		if (model.name && model.name.length >= 3) names.add(model.name);
	}
	const terms = [...names].sort((a, b) => b.length - a.length).map(escapeRegex);
	const pattern = new RegExp(
		`(?<![\\p{L}\\p{N}])(?:${[...terms, ...SELF_REFERENCES.map(escapeRegex)].join('|')})(?![\\p{L}\\p{N}])`,
		'iu'
	);
	const leaks: IdentityLeak[] = [];
	for (const { where, prompt = '', model = '', text } of texts) {
		const found = pattern.exec(text);
		if (!found) continue;
		const start = Math.max(0, found.index - 40);
		const end = Math.min(text.length, found.index + found[0].length + 40);
		leaks.push({
			where,
			prompt,
			model,
			match: found[0],
			excerpt: `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ')}${end < text.length ? '…' : ''}`
		});
	}
	return leaks;
}
