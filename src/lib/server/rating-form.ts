/**
 * The fields of the rating form (src/lib/components/RatingForm.svelte), parsed with zod:
 * `choice-<dimension>` = A | tie | B, `hard` (checkbox), `comment`, `seconds` (visible time).
 */
import { z } from 'zod';
import { CHOICES } from '../domain/blinding/choice.ts';

const ratingForm = z.object({
	choices: z.record(z.string(), z.enum(CHOICES)),
	hard: z.boolean(),
	comment: z.string().max(5000),
	seconds: z.number().min(0).max(86_400).optional()
});

export type RatingForm = z.infer<typeof ratingForm>;

export async function readRatingForm(request: Request) {
	const form = await request.formData();
	const choices: Record<string, string> = {};
	for (const [name, value] of form)
		if (name.startsWith('choice-')) choices[name.slice(7)] = String(value);
	const seconds = form.get('seconds');
	return ratingForm.safeParse({
		choices,
		hard: form.get('hard') === 'on',
		comment: String(form.get('comment') ?? ''),
		seconds: seconds && seconds !== '' ? Number(seconds) : undefined
	});
}
