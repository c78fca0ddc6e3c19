import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { PAPER_N_MODES } from '$lib/domain/export/paper-win-tie-table.ts';
import { getDb } from '$lib/server/db/index.ts';
import {
	EXPORT_FORMATS,
	EXPORT_LAYOUTS,
	EXPORT_TABLES,
	exportStudy
} from '$lib/server/services/exports.ts';
import type { RequestHandler } from './$types';

const querySchema = z.object({
	table: z.enum(EXPORT_TABLES, { error: `table must be one of ${EXPORT_TABLES.join(', ')}` }),
	format: z
		.enum(EXPORT_FORMATS, { error: `format must be one of ${EXPORT_FORMATS.join(', ')}` })
		.default('csv'),
	names: z.enum(['0', '1'], { error: 'names must be 0 or 1' }).optional(),
	layout: z
		.enum(EXPORT_LAYOUTS, { error: `layout must be one of ${EXPORT_LAYOUTS.join(', ')}` })
		.optional(),
	n: z.enum(PAPER_N_MODES, { error: `n must be one of ${PAPER_N_MODES.join(', ')}` }).optional(),
	bold_min_n: z.coerce
		.number()
		.int({ error: 'bold_min_n must be a whole number ≥ 1' })
		.min(1, { error: 'bold_min_n must be a whole number ≥ 1' })
		.optional()
});
const idSchema = z.coerce.number().int().positive();

/** Downloads one table of a study, streamed (the researcher group's hook guard applies). */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const id = idSchema.safeParse(params.id);
	if (!id.success) error(404, 'No study with this id.');
	const query = querySchema.safeParse(Object.fromEntries(url.searchParams));
	if (!query.success) error(400, query.error.issues.map((issue) => issue.message).join('; '));

	const { table, format, names, layout, n, bold_min_n: boldMinN } = query.data;
	const result = await exportStudy(getDb(), id.data, table, format, {
		names: names === '1',
		layout,
		n,
		boldMinN,
		actorId: locals.user!.id
	});
	if (!result.ok) error(result.status, result.message);

	const { chunks, contentType, fileName } = result.value;
	const iterator = chunks[Symbol.asyncIterator]();
	const encoder = new TextEncoder();
	// Pull-based: the next chunk is read from the database only when the client has taken the last.
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			const next = await iterator.next();
			if (next.done) controller.close();
			else controller.enqueue(encoder.encode(next.value));
		},
		async cancel() {
			await iterator.return?.();
		}
	});
	return new Response(body, {
		headers: {
			'content-type': contentType,
			'content-disposition': `attachment; filename="${fileName}"`
		}
	});
};
