/**
 * Finds responses that may reveal which model wrote them ("As an AI developed by OpenAI",
 * "I'm Claude", a model key or name of the study), so a researcher can fix or accept them
 * before rating starts: a self-naming answer breaks the blinding.
 */
export type LeakModel = { key: string; name?: string | null };
export type LeakResponse = { prompt: string; model: string; text: string };
export type IdentityLeak = { prompt: string; model: string; match: string; excerpt: string };

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
	for (const response of responses) {
		const found = pattern.exec(response.text);
		if (!found) continue;
		const start = Math.max(0, found.index - 40);
		const end = Math.min(response.text.length, found.index + found[0].length + 40);
		leaks.push({
			prompt: response.prompt,
			model: response.model,
			match: found[0],
			excerpt: `${start > 0 ? '…' : ''}${response.text.slice(start, end).replace(/\s+/g, ' ')}${end < response.text.length ? '…' : ''}`
		});
	}
	return leaks;
}
