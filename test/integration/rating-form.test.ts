/**
 * The rating form's body (issue #11 items 4, 5, 21): a size cap checked before parsing, for
 * declared and chunked bodies; only the study's dimensions kept in drafts and submissions;
 * `choice-__proto__` / `choice-constructor` never recording anything; long visible times clamped.
 */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppDb } from '../../src/lib/server/db/index.ts';
import { assignments, dimensions, judgments } from '../../src/lib/server/db/schema.ts';
import { MAX_FORM_BYTES, MAX_SECONDS, readRatingForm } from '../../src/lib/server/rating-form.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import { actions } from '../../src/routes/(junior)/annotate/[id]/+page.server.ts';
import { seeded, type Seeded } from '../helpers/seeded.ts';
import { first } from '../../src/lib/server/db/index.ts';

let current: AppDb;
vi.mock('$lib/server/db/index.ts', async (original) => ({
	...(await original<object>()),
	getDb: () => current
}));

const DIMS = ['faithfulness', 'comprehensiveness', 'generalizability', 'robustness'];
let s: Seeded;
beforeEach(async () => {
	s = await seeded();
	current = s.db;
});

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
	new Request('http://localhost/annotate/x?/draft', {
		method: 'POST',
		body,
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
		duplex: 'half'
	} as RequestInit);

const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();
const allChoices = (choice = 'A'): [string, string][] => DIMS.map((d) => [`choice-${d}`, choice]);

/** A body stream that counts the bytes pulled from it; endless unless `total` is given. */
function countingStream(total = Infinity) {
	const chunk = new TextEncoder().encode(`choice-x${'y'.repeat(1000)}=A&`);
	const stats = { pulled: 0 };
	const stream = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (stats.pulled >= total) return controller.close();
			stats.pulled += chunk.byteLength;
			controller.enqueue(chunk);
		}
	});
	return { stream, stats };
}

type Action = (typeof actions)['draft'];
async function callAction(name: 'draft' | 'submit', userId: number, id: string, request: Request) {
	const event = { request, locals: { user: { id: userId } }, params: { id } };
	return (actions[name] as Action)(event as unknown as Parameters<Action>[0]);
}

describe('readRatingForm', () => {
	it('refuses a declared length over 64 KB with 413 without reading the body', async () => {
		const { stream, stats } = countingStream();
		const result = await readRatingForm(
			post(stream, { 'content-length': String(25 * 1024 * 1024) })
		);
		expect(result).toEqual({
			ok: false,
			status: 413,
			message: 'The form is too large; shorten the comment and try again.'
		});
		// A stream may be asked for its first chunk when the request is built; no more.
		expect(stats.pulled).toBeLessThan(4 * 1024);
	});

	it('refuses a chunked body without a length once it passes 64 KB (an endless one too)', async () => {
		const { stream, stats } = countingStream();
		const result = await readRatingForm(post(stream));
		expect(result).toMatchObject({ ok: false, status: 413 });
		expect(stats.pulled).toBeLessThan(MAX_FORM_BYTES + 8 * 1024);
	});

	it('reads an ordinary form, multipart as sent by the draft autosave, too', async () => {
		const multipart = new FormData();
		for (const [k, v] of allChoices('tie')) multipart.append(k, v);
		multipart.append('comment', 'fine');
		const request = new Request('http://localhost/annotate/x?/draft', {
			method: 'POST',
			body: multipart
		});
		const result = await readRatingForm(request);
		expect(result.ok && { ...result.data, choices: { ...result.data.choices } }).toEqual({
			choices: Object.fromEntries(DIMS.map((d) => [d, 'tie'])),
			hard: false,
			comment: 'fine',
			seconds: undefined
		});
	});

	it('reads the same form from a url-encoded and a multipart body (every kind of field)', async () => {
		const fields: [string, string][] = [
			...allChoices('B'),
			['hard', 'on'],
			// Characters both encodings escape: +, &, =, %, quotes, non-ASCII, CR LF.
			['comment', 'Dose: 5 mg + 10 % & "more" = é 日本\r\nline two'],
			['seconds', '12.5'],
			['reopen-faithfulness', 'on'],
			['tag-factual-error', 'A'],
			['tag-factual-error', 'B'],
			['harm-A', 'mild'],
			['harm-B', 'none'],
			['span-factual-error-A', 'a quoted phrase'],
			['note-hard-faithfulness', 'on'],
			['note-comment-faithfulness', 'why & how']
		];
		const multipart = new FormData();
		for (const [k, v] of fields) multipart.append(k, v);
		const fromMultipart = await readRatingForm(
			new Request('http://localhost/annotate/x?/submit', { method: 'POST', body: multipart })
		);
		const fromUrlEncoded = await readRatingForm(post(form(fields)));
		if (!fromUrlEncoded.ok) throw new Error(fromUrlEncoded.message);
		expect(fromUrlEncoded.data).toMatchObject({
			hard: true,
			comment: 'Dose: 5 mg + 10 % & "more" = é 日本\r\nline two',
			seconds: 12.5,
			reopen: ['faithfulness'],
			reasons: {
				tags: { 'factual-error': ['A', 'B'] },
				harm: { A: 'mild', B: 'none' },
				notes: { faithfulness: { hard: true, comment: 'why & how' } },
				spans: { 'factual-error': { A: 'a quoted phrase' } }
			}
		});
		expect({ ...fromUrlEncoded.data.choices }).toEqual(
			Object.fromEntries(DIMS.map((d) => [d, 'B']))
		);
		expect(fromMultipart).toEqual(fromUrlEncoded);
	});

	it('reads a url-encoded body whatever the case and parameters of its media type', async () => {
		const body = form([...allChoices(), ['comment', 'ok']]);
		for (const type of [
			'Application/X-WWW-Form-Urlencoded',
			'application/x-www-form-urlencoded; charset=UTF-8',
			' application/x-www-form-urlencoded ;charset=utf-8'
		])
			expect(await readRatingForm(post(body, { 'content-type': type }))).toMatchObject({
				ok: true,
				data: { comment: 'ok' }
			});
	});

	it('decodes bad escapes and bytes in a url-encoded body as the Fetch formData() does', async () => {
		// A lone %, an escape that is not hex, and bytes that are not UTF-8 (%E9, %FF).
		const body = `${form(allChoices())}&comment=100%25%20sure%ZZ%E9t%FF%&seconds=7`;
		const headers = { 'content-type': 'application/x-www-form-urlencoded' };
		const expected = (await new Response(body, { headers }).formData()).get('comment');
		expect(expected).toBe('100% sure%ZZ\uFFFDt\uFFFD%');
		expect(await readRatingForm(post(body))).toMatchObject({
			ok: true,
			data: { comment: expected, seconds: 7 }
		});
	});

	it('refuses bodies it cannot read as a form with 400 and the same message', async () => {
		const refused = {
			ok: false,
			status: 400,
			message: 'The form was not understood; reload the page and try again.'
		};
		const body = form(allChoices());
		// Not a form type, no type at all, a multipart body without its boundary or broken.
		expect(await readRatingForm(post(body, { 'content-type': 'text/plain' }))).toEqual(refused);
		expect(await readRatingForm(post(body, { 'content-type': '' }))).toEqual(refused);
		expect(await readRatingForm(post(body, { 'content-type': 'multipart/form-data' }))).toEqual(
			refused
		);
		expect(
			await readRatingForm(
				post('--b\r\nContent-Disposition: form-data; name="choice-faithfulness"\r\n\r\nA', {
					'content-type': 'multipart/form-data; boundary=b'
				})
			)
		).toEqual(refused);
		// Well-formed, but a field's value is not allowed (a choice, a tag, a harm).
		for (const [name, value] of [
			['choice-faithfulness', 'C'],
			['tag-factual-error', 'both'],
			['harm-A', 'fatal']
		])
			expect(await readRatingForm(post(form([...allChoices(), [name, value]])))).toEqual(refused);
	});

	it('refuses a multipart body over 64 KB with 413, as a url-encoded one', async () => {
		const multipart = new FormData();
		for (const [k, v] of allChoices()) multipart.append(k, v);
		multipart.append('comment', 'x'.repeat(MAX_FORM_BYTES));
		const request = new Request('http://localhost/annotate/x?/submit', {
			method: 'POST',
			body: multipart
		});
		expect(await readRatingForm(request)).toMatchObject({ ok: false, status: 413 });
	});

	it('clamps a visible time over 24 h to 86,400 s instead of refusing the form', async () => {
		const result = await readRatingForm(post(form([...allChoices(), ['seconds', '90061.5']])));
		expect(result).toMatchObject({ ok: true, data: { seconds: MAX_SECONDS } });
		expect(MAX_SECONDS).toBe(86_400);
		const negative = await readRatingForm(post(form([...allChoices(), ['seconds', '-3']])));
		expect(negative).toMatchObject({ ok: true, data: { seconds: 0 } });
	});

	it('still refuses a comment over 5,000 characters (400)', async () => {
		const result = await readRatingForm(
			post(form([...allChoices(), ['comment', 'x'.repeat(5001)]]))
		);
		expect(result).toMatchObject({ ok: false, status: 400 });
	});

	it('keeps choice-__proto__ and choice-constructor as plain keys of a null-prototype record', async () => {
		const result = await readRatingForm(
			post(form([['choice-__proto__', 'A'], ['choice-constructor', 'B'], ...allChoices()]))
		);
		if (!result.ok) throw new Error(result.message);
		const { choices } = result.data;
		expect(Object.getPrototypeOf(choices)).toBeNull();
		expect(Object.keys(choices).sort()).toEqual(['__proto__', 'constructor', ...DIMS].sort());
		expect(({} as Record<string, unknown>).A).toBeUndefined();
	});
});

describe('the draft and submit actions', () => {
	it('a 25 MB draft is refused with 413 and stores nothing', async () => {
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		const huge = form([
			...allChoices(),
			...Array.from({ length: 25_000 }, (_, i): [string, string] => [
				`choice-x${i}${'y'.repeat(1000)}`,
				'A'
			])
		]);
		expect(huge.length).toBeGreaterThan(25_000_000);
		const started = performance.now();
		const result = await callAction('draft', s.ids.junior1, view.id, post(huge));
		expect(result).toMatchObject({ status: 413 });
		expect(performance.now() - started).toBeLessThan(1000);
		const row = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, view.id)).limit(1)
		)!;
		expect(row.draft).toBeNull();
	});

	it("drafts keep only the study's dimensions: unknown choice-* keys are dropped", async () => {
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		const fields: [string, string][] = [
			['choice-faithfulness', 'B'],
			['choice-__proto__', 'A'],
			['choice-constructor', 'A'],
			['choice-toString', 'tie'],
			...Array.from({ length: 500 }, (_, i): [string, string] => [`choice-extra${i}`, 'A']),
			['comment', 'half']
		];
		expect(await callAction('draft', s.ids.junior1, view.id, post(form(fields)))).toEqual({
			draft: 'saved'
		});
		const row = first(
			await s.db.select().from(assignments).where(eq(assignments.publicId, view.id)).limit(1)
		)!;
		expect(JSON.parse(row.draft!)).toEqual({
			choices: { faithfulness: 'B' },
			hard: false,
			comment: 'half'
		});
		expect(await ratings.next(s.db, s.ids.junior1)).toMatchObject({
			id: view.id,
			choices: { faithfulness: 'B' },
			comment: 'half'
		});
	});

	it('a form with choice-__proto__ and choice-constructor records nothing extra', async () => {
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		// Only the odd keys: nothing is recorded, and every dimension is reported missing.
		const odd: [string, string][] = [
			['choice-__proto__', 'A'],
			['choice-constructor', 'A'],
			['choice-hasOwnProperty', 'B']
		];
		const refused = await callAction('submit', s.ids.junior1, view.id, post(form(odd)));
		expect(refused).toMatchObject({
			status: 400,
			data: {
				message:
					'Choose for every dimension before submitting. Missing: Faithfulness, Comprehensiveness, Generalizability, Robustness.'
			}
		});
		expect(await s.db.select().from(judgments)).toEqual([]);
		// With every dimension too: exactly one judgment per dimension.
		await expect(
			callAction('submit', s.ids.junior1, view.id, post(form([...odd, ...allChoices()])))
		).rejects.toMatchObject({ status: 303, location: '/annotate' });
		expect(await s.db.select().from(judgments)).toHaveLength(DIMS.length);
		expect(Object.prototype).not.toHaveProperty('A');
	});

	it('a dimension keyed like an Object.prototype member is not answered by the prototype', async () => {
		// Keys are the study file's; `constructor` is a valid one. Set here directly.
		await s.db.transaction(async (tx) =>
			tx
				.update(dimensions)
				.set({ key: 'constructor' })
				.where(and(eq(dimensions.studyId, s.studyId), eq(dimensions.key, 'robustness')))
		);
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		const threeOnly = allChoices().filter(([k]) => k !== 'choice-robustness');
		expect(await callAction('submit', s.ids.junior1, view.id, post(form(threeOnly)))).toMatchObject(
			{
				status: 400,
				data: { message: 'Choose for every dimension before submitting. Missing: Robustness.' }
			}
		);
		expect(await s.db.select().from(judgments)).toEqual([]);
		await expect(
			callAction(
				'submit',
				s.ids.junior1,
				view.id,
				post(form([...threeOnly, ['choice-constructor', 'tie']]))
			)
		).rejects.toMatchObject({ status: 303 });
		expect((await s.db.select().from(judgments)).map((j) => j.outcome)).toContain('tie');
	});

	it('the services drop unknown keys given directly too (null-prototype or not)', async () => {
		const view = (await ratings.next(s.db, s.ids.junior1))!;
		const choices = JSON.parse(
			'{"__proto__":"A","constructor":"B","faithfulness":"A","comprehensiveness":"A","generalizability":"A","robustness":"A"}'
		);
		expect(
			await ratings.submit(s.db, s.ids.junior1, view.id, { choices, hard: false, comment: '' })
		).toEqual({ ok: true, changed: true });
		expect(await s.db.select().from(judgments)).toHaveLength(DIMS.length);
	});
});
