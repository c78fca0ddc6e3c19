import type { StudyFileInput } from '../../src/lib/domain/study-file/schema.ts';

/** A small valid study file: 3 prompts, 2 candidates, 1 reference, 2 juniors, 1 senior. */
export function smallStudy(overrides: Partial<StudyFileInput> = {}): StudyFileInput {
	const models = [
		{ key: 'cand-a', group: 'candidate' as const, kind: 'medical', params: '7B' },
		{ key: 'cand-b', group: 'candidate' as const, kind: 'general' },
		{ key: 'ref', group: 'reference' as const }
	];
	const prompts = ['q1', 'q2', 'q3'].map((key) => ({ key, text: `Question ${key}?` }));
	return {
		name: 'Small study',
		design: 'candidate-vs-reference',
		raters_per_pair: 2,
		seed: 7,
		models,
		members: { junior: ['junior1', 'junior2'], senior: ['senior'] },
		prompts,
		// Texts never name their model, as in a well-prepared study (the blinding tests rely on it).
		responses: prompts.flatMap((p) =>
			models.map((m, i) => ({ prompt: p.key, model: m.key, text: `Answer ${i + 1} to ${p.key}` }))
		),
		...overrides
	};
}
