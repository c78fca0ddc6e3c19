/**
 * A senior's half-filled adjudication form, kept on the server like a junior's draft
 * (ratings.ts), so an interruption does not lose it. A draft belongs to one step: the blind
 * step 1 ("independent") or step 2 ("final"), and is read back only on that step, so a late
 * step-1 draft can never stand for a step-2 choice. Only the study's dimensions are kept
 * (studyChoices); a draft longer than the form's body cap is ignored.
 */
import { z } from 'zod';
import type { Choice } from '../../domain/blinding/choice.ts';
import type { Scale } from '../../domain/blinding/choice.ts';
import { studyChoices } from '../../domain/blinding/study-choices.ts';
import { MAX_FORM_BYTES } from '../rating-form.ts';

export type SeniorStage = 'independent' | 'final';
export type SeniorDraft = { choices: Record<string, Choice>; comment: string };

const stored = z.object({
	stage: z.enum(['independent', 'final']),
	choices: z.record(z.string(), z.unknown()).default({}),
	comment: z.string().max(5000).default('')
});

/** The stored JSON of a draft for `stage`, with only the study's dimensions. */
export function draftJson(
	stage: SeniorStage,
	draft: { choices: Record<string, unknown>; comment: string },
	dimensions: readonly { key: string }[],
	scale: Scale = 3
): string {
	return JSON.stringify({
		stage,
		choices: studyChoices(draft.choices, dimensions, scale),
		comment: draft.comment
	});
}

/** The draft stored for `stage`, or null (none, another step's, too long or unreadable). */
export function readDraft(
	json: string | null,
	stage: SeniorStage,
	dimensions: readonly { key: string }[],
	scale: Scale = 3
): SeniorDraft | null {
	if (!json || json.length > MAX_FORM_BYTES) return null;
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		return null;
	}
	const parsed = stored.safeParse(value);
	if (!parsed.success || parsed.data.stage !== stage) return null;
	return {
		choices: studyChoices(parsed.data.choices, dimensions, scale),
		comment: parsed.data.comment
	};
}
