/**
 * The fields of the rating form (src/lib/components/RatingForm.svelte), parsed with zod:
 * `choice-<dimension>` = A | tie | B (and AA | BB, "much better", on a 5-point study), `hard` (checkbox), `comment`, `seconds` (visible time), and
 * on the senior's step 2 `reopen-<dimension>` (checkbox: re-open a dimension the juniors agree on).
 * Reasons and harms (issue #16 §2), on studies that ask for them: `tag-<key>` = A and/or B
 * (checkboxes), `harm-A` / `harm-B` = none | mild | severe, `note-hard-<dimension>` (checkbox)
 * and `note-comment-<dimension>`, `span-<tag>-<A|B>` (evidence quoted from that answer); the
 * services keep what the study defines.
 *
 * The body is read here with a cap, before anything parses it: the form holds a few short
 * fields, so anything larger is refused with 413 (a 25 MB draft once held the server for 7 s).
 * Which `choice-*` keys count is decided by the services: they keep the study's dimensions and
 * drop every other key (studyChoices).
 */
import { z } from 'zod';
import { GRADED_CHOICES, type Choice } from '../domain/blinding/choice.ts';
import { choiceRecord } from '../domain/blinding/study-choices.ts';
import {
	HARMS,
	MAX_QUOTE_CHARS,
	type Position,
	type RaterReasons
} from '../domain/reasons/reasons.ts';

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
	/** Tags, harms and per-dimension notes; absent when the form has none of their fields. */
	reasons?: RaterReasons;
};

/** Longest per-dimension comment. */
export const MAX_NOTE_CHARS = 2000;

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

const utf8 = new TextDecoder();

/** The fields of a form body, whichever way it was encoded. */
type FormFields = Pick<FormData, 'get'> & Iterable<[string, FormDataEntryValue]>;

/**
 * The body's fields: `application/x-www-form-urlencoded` (what SvelteKit's `use:enhance` and a
 * browser without JavaScript send for this form) through URLSearchParams, as the Fetch
 * standard's `formData()` parses it (UTF-8, malformed bytes replaced) but without building a
 * Response around the bytes (issue #18: about half the cost of reading the form);
 * `multipart/form-data` (the draft autosave) through `formData()`; anything else is refused.
 */
async function formFields(body: Uint8Array<ArrayBuffer>, contentType: string): Promise<FormFields> {
	const essence = contentType.split(';', 1)[0].trim().toLowerCase();
	if (essence === 'application/x-www-form-urlencoded')
		return new URLSearchParams(utf8.decode(body));
	return await new Response(body, { headers: { 'content-type': contentType } }).formData();
}

export async function readRatingForm(request: Request): Promise<RatingFormResult> {
	const body = await readCapped(request, MAX_FORM_BYTES);
	if (body === null) return TOO_LARGE;
	let form: FormFields;
	try {
		form = await formFields(body, request.headers.get('content-type') ?? '');
	} catch {
		return NOT_UNDERSTOOD;
	}
	const choices = new Map<string, FormDataEntryValue>();
	const reopen: string[] = [];
	const reasons = readReasons(form);
	if (reasons === null) return NOT_UNDERSTOOD;
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
			...(reopen.length > 0 && { reopen }),
			...(reasons && { reasons })
		}
	};
}

/**
 * The reason fields, in null-prototype records (a `tag-__proto__` is an ordinary key); undefined
 * when there are none, null when one is malformed.
 */
function readReasons(form: FormFields): RaterReasons | undefined | null {
	const reasons: RaterReasons = {
		tags: Object.create(null),
		harm: {},
		notes: Object.create(null)
	};
	let any = false;
	const note = (key: string) => (reasons.notes[key] ??= { hard: false, comment: '' });
	for (const [name, value] of form) {
		if (typeof value !== 'string') continue;
		if (name.startsWith('tag-')) {
			if (value !== 'A' && value !== 'B') return null;
			const positions = (reasons.tags[name.slice(4)] ??= []);
			if (!positions.includes(value)) positions.push(value as Position);
		} else if (name === 'harm-A' || name === 'harm-B') {
			if (!(HARMS as readonly string[]).includes(value)) return null;
			reasons.harm[name.slice(5) as Position] = value as RaterReasons['harm']['A'];
		} else if (name.startsWith('span-')) {
			// span-<tag>-<A|B>: evidence selected in that answer (tag keys may hold hyphens).
			const match = /^span-(.+)-(A|B)$/.exec(name);
			if (!match) return null;
			if (value.trim() === '') continue;
			((reasons.spans ??= Object.create(null) as NonNullable<RaterReasons['spans']>)[match[1]] ??=
				{})[match[2] as Position] = value.slice(0, MAX_QUOTE_CHARS);
		} else if (name.startsWith('note-hard-')) {
			if (value === 'on') note(name.slice(10)).hard = true;
		} else if (name.startsWith('note-comment-')) {
			if (value.length > MAX_NOTE_CHARS) return null;
			note(name.slice(13)).comment = value;
		} else continue;
		any = true;
	}
	return any ? reasons : undefined;
}
