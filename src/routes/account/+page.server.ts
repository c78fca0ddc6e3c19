import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/index.ts';
import * as users from '$lib/server/services/users.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	username: locals.user!.username,
	role: locals.user!.role
});

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const parsed = users.changePasswordSchema.safeParse(
			Object.fromEntries(await request.formData())
		);
		if (!parsed.success) return fail(400, { message: parsed.error.issues[0].message });
		const result = await users.changeOwnPassword(
			getDb(),
			locals.user!,
			parsed.data,
			locals.session!.id
		);
		if (!result.ok) return fail(result.status, { message: result.message });
		return { success: 'Your password has been changed. Other devices have been signed out.' };
	}
};
