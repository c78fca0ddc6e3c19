import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/index.ts';
import * as users from '$lib/server/services/users.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ users: await users.list(getDb()) });

const target = z.object({ userId: z.coerce.number().int().positive() });

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const data = Object.fromEntries(await request.formData());
		const values = { username: String(data.username ?? ''), role: String(data.role ?? '') };
		const parsed = users.newUserSchema.safeParse(data);
		if (!parsed.success)
			return fail(400, { action: 'create', ...values, message: parsed.error.issues[0].message });
		try {
			await users.create(getDb(), parsed.data, locals.user!.id);
		} catch (error) {
			if (error instanceof users.UserExistsError)
				return fail(400, { action: 'create', ...values, message: error.message });
			throw error;
		}
		return {
			action: 'create',
			success: `Created ${parsed.data.role} account “${parsed.data.username}”.`
		};
	},
	disable: async ({ request, locals }) => {
		const parsed = target.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { action: 'disable', message: 'Unknown account.' });
		if (parsed.data.userId === locals.user!.id)
			return fail(400, { action: 'disable', message: 'You cannot disable your own account.' });
		const user = await users.get(getDb(), parsed.data.userId);
		if (!user) return fail(404, { action: 'disable', message: 'Unknown account.' });
		await users.setDisabled(getDb(), user.id, true, locals.user!.id);
		return { action: 'disable', success: `Disabled “${user.username}” and signed them out.` };
	},
	enable: async ({ request, locals }) => {
		const parsed = target.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { action: 'enable', message: 'Unknown account.' });
		const user = await users.get(getDb(), parsed.data.userId);
		if (!user) return fail(404, { action: 'enable', message: 'Unknown account.' });
		await users.setDisabled(getDb(), user.id, false, locals.user!.id);
		return { action: 'enable', success: `Enabled “${user.username}”.` };
	},
	reset: async ({ request, locals }) => {
		const data = Object.fromEntries(await request.formData());
		const parsed = target.extend({ password: users.passwordSchema }).safeParse(data);
		if (!parsed.success)
			return fail(400, {
				action: 'reset',
				userId: Number(data.userId),
				message: parsed.error.issues[0].message
			});
		const user = await users.get(getDb(), parsed.data.userId);
		if (!user) return fail(404, { action: 'reset', message: 'Unknown account.' });
		await users.resetPassword(getDb(), user.id, parsed.data.password, locals.user!.id);
		return {
			action: 'reset',
			success: `Set a new password for “${user.username}” and signed them out everywhere.`
		};
	}
};
