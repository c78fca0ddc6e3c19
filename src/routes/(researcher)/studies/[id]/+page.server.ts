import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/index.ts';
import * as assignments from '$lib/server/services/assignments.ts';
import * as studies from '$lib/server/services/studies.ts';
import type { Actions, PageServerLoad } from './$types';

const idSchema = z.coerce.number().int().positive();

function studyId(params: { id: string }): number {
	const id = idSchema.safeParse(params.id);
	if (!id.success || !studies.get(getDb(), id.data)) error(404, 'No study with this id.');
	return id.data;
}

export const load: PageServerLoad = ({ params }) => {
	const id = studyId(params);
	const db = getDb();
	return {
		...studies.overview(db, id)!,
		progress: assignments.progress(db, id),
		hasRatings: assignments.judgmentCount(db, id) > 0,
		leaks: studies.identityLeaks(db, id)
	};
};

export const actions: Actions = {
	assign: ({ params, locals }) => {
		const result = assignments.assign(getDb(), studyId(params), locals.user!.id);
		if (!result.ok) return fail(409, { action: 'assign', message: result.message });
		return { action: 'assign', success: `Assigned ${result.assignments} pairs to raters.` };
	},
	addJunior: async ({ params, request, locals }) => {
		const username = z
			.string()
			.trim()
			.min(1)
			.max(64)
			.safeParse((await request.formData()).get('username'));
		if (!username.success)
			return fail(400, { action: 'addJunior', message: 'Enter the username of a junior account.' });
		const result = assignments.addJunior(getDb(), studyId(params), username.data, locals.user!.id);
		if (!result.ok) return fail(400, { action: 'addJunior', message: result.message });
		return {
			action: 'addJunior',
			success: `Added ${username.data}; moved ${result.assignments} not-yet-started pairs to them.`
		};
	},
	close: ({ params, locals }) => {
		studies.setStatus(getDb(), studyId(params), 'closed', locals.user!.id);
		return { action: 'close', success: 'The study is closed: no more ratings are accepted.' };
	},
	reopen: ({ params, locals }) => {
		studies.setStatus(getDb(), studyId(params), 'open', locals.user!.id);
		return { action: 'reopen', success: 'The study is open again.' };
	}
};
