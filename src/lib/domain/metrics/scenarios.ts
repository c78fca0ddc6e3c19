import type { Task } from './types.ts';

/** BenchHealth's three evaluation scenarios, in the order of its Table 1 and Table 5. */
export const SCENARIOS = ['reasoning', 'generation', 'understanding'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Column-group headings as the paper's Table 5 prints them. */
export const SCENARIO_LABELS: Record<Scenario, string> = {
	reasoning: 'Language Reasoning',
	generation: 'Language Generation',
	understanding: 'Language Understanding'
};

/**
 * The scenario of each task, as BenchHealth's Table 1 groups them: reasoning = question answering
 * and treatment recommendation; generation = report summarization and discharge instruction
 * generation; understanding = NER, relation extraction and document classification.
 */
export const SCENARIO_OF_TASK: Record<Task, Scenario> = {
	qa: 'reasoning',
	treatment: 'reasoning',
	summarization: 'generation',
	generation: 'generation',
	ner: 'understanding',
	relation: 'understanding',
	classification: 'understanding'
};
