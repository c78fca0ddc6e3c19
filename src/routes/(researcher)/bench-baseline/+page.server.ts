/**
 * Benchmark baseline (issue 3 "Performance"): the cheapest useful form action — zod plus one
 * row inserted with drizzle — against which test/bench/rating-load.bench.ts compares the rating
 * submission. Answers 404 unless the server was started with MEDPAIR_BENCH=1, so it does not
 * exist in normal use; researchers only (the route group's guard).
 */
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/index.ts';
import { auditLog } from '$lib/server/db/schema.ts';
import type { Actions, PageServerLoad } from './$types';

// Read at request time, so one build serves both the benchmark and normal runs.
function enabled(): boolean {
	return process.env.MEDPAIR_BENCH === '1';
}

export const load: PageServerLoad = () => {
	if (!enabled()) error(404, 'Not found');
	return {};
};

const form = z.object({ note: z.string().max(200).default('') });

export const actions: Actions = {
	default: async ({ request, locals }) => {
		if (!enabled()) error(404, 'Not found');
		const parsed = form.safeParse(Object.fromEntries(await request.formData()));
		// Writes go in a transaction, as every write of the app does (db/index.ts).
		await getDb().transaction(async (tx) => {
			await tx.insert(auditLog).values({
				userId: locals.user!.id,
				action: 'bench.baseline',
				detail: JSON.stringify({ note: parsed.success ? parsed.data.note : '' })
			});
		});
		return { ok: true };
	}
};
