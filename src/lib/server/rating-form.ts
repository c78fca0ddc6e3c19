/**
 * The fields of the rating form (src/lib/components/RatingForm.svelte), parsed with zod:
 * `choice-<dimension>` = A | tie | B (and AA | BB, "much better", on a 5-point study), `hard` (checkbox), `comment`, `seconds` (visible time), and
 * on the senior's step 2 `reopen-<dimension>` (checkbox: re-open a dimension the juniors agree on).
 *
 * The body is read here with a cap, before anything parses it: the form holds a few short
 * fields, so anything larger is refused with 413 (a 25 MB draft once held the server for 7 s).
 * Which `choice-*` keys count is decided by the services: they keep the study's dimensions and
 * drop every other key (studyChoices).
 */
import { z } from 'zod';
import { GRADED_CHOICES, type Choice } from '../domain/blinding/choice.ts';
import { choiceRecord } from '../domain/blinding/study-choices.ts';

/** Largest rating-form body: a 5,000-character comment in UTF-8 and the choices fit many times. */
export const MAX_FORM_BYTES = 64 * 1024;
/** Longest visible time recorded for one pair; longer times are clamped, not refused. */
export const MAX_SECONDS = 86_400;

const ratingForm = z.object({
	choices: z.map(z.string(), z.enum(GRADED_CHOICES)),
	hard: z.boolean(),
	comment: z.string().max(5000),
	seconds: z.number().optional()
});

export type RatingForm = {
	/** Null-prototype: a `choice-__proto__` field is an ordinary (ignored) key, never a prototype. */
	choices: Record<string, Choice>;
	hard: boolean;
	comment: string;
	seconds?: number;
	/**
	 * Dimension keys whose `reopen-<key>` box is ticked (the services keep the allowed ones);
	 * absent when none is, so junior forms and drafts look as before.
	 */
	reopen?: string[];
};

export type RatingFormResult =
	{ ok: true; data: RatingForm } | { ok: false; status: 400 | 413; message: string };

const TOO_LARGE = {
	ok: false,
	status: 413,
	message: 'The form is too large; shorten the comment and try again.'
} as const;
const NOT_UNDERSTOOD = {
	ok: false,
	status: 400,
	message: 'The form was not understood; reload the page and try again.'
} as const;

/** The body's bytes, or null once it passes `limit` (chunked bodies have no length to check). */
async function readCapped(
	request: Request,
	limit: number
): Promise<Uint8Array<ArrayBuffer> | null> {
	const declared = request.headers.get('content-length');
	if (declared !== null && Number(declared) > limit) return null;
	if (!request.body) return new Uint8Array();
	const reader = request.body.getReader();
	const parts: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel();
			return null;
		}
		parts.push(value);
	}
	const body = new Uint8Array(size);
	let offset = 0;
	for (const part of parts) {
		body.set(part, offset);
		offset += part.byteLength;
	}
	return body;
}

/** A visible time in seconds, clamped to [0, MAX_SECONDS]; absent or not a number: undefined. */
function visibleSeconds(value: FormDataEntryValue | null): number | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (!Number.isFinite(seconds)) return undefined;
	return Math.min(Math.max(seconds, 0), MAX_SECONDS);
}

export async function readRatingForm(request: Request): Promise<RatingFormResult> {
	const body = await readCapped(request, MAX_FORM_BYTES);
	if (body === null) return TOO_LARGE;
	let form: FormData;
	try {
		form = await new Response(body, {
			headers: { 'content-type': request.headers.get('content-type') ?? '' }
		}).formData();
	} catch {
		return NOT_UNDERSTOOD;
	}
	const choices = new Map<string, FormDataEntryValue>();
	const reopen: string[] = [];
	for (const [name, value] of form)
		if (name.startsWith('choice-')) choices.set(name.slice(7), value);
		else if (name.startsWith('reopen-') && value === 'on') reopen.push(name.slice(7));
	const parsed = ratingForm.safeParse({
		choices,
		hard: form.get('hard') === 'on',
		comment: form.get('comment') ?? '',
		seconds: visibleSeconds(form.get('seconds'))
	});
	if (!parsed.success) return NOT_UNDERSTOOD;
	return {
		ok: true,
		data: {
			...parsed.data,
			choices: choiceRecord(parsed.data.choices),
			...(reopen.length > 0 && { reopen })
		}
	};
}
