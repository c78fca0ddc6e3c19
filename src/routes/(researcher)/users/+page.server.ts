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
		const data = Object.fromEntries(await request.formData());
		const parsed = target.safeParse(data);
		if (!parsed.success) return fail(400, { action: 'disable', message: 'Unknown account.' });
		const userId = parsed.data.userId;
		if (userId === locals.user!.id)
			return fail(400, {
				action: 'disable',
				userId,
				message: 'You cannot disable your own account.'
			});
		const user = await users.get(getDb(), userId);
		if (!user) return fail(404, { action: 'disable', userId, message: 'Unknown account.' });
		// Disabling signs the person out at once: the row's dialog sends `confirmed`.
		if (data.confirmed !== 'yes')
			return fail(400, {
				action: 'disable',
				userId,
				asked: true,
				message: 'Confirm disabling the account in the dialog.'
			});
		await users.setDisabled(getDb(), user.id, true, locals.user!.id);
		const pairs =
			user.role === 'junior'
				? ' Pairs they have not started stay theirs until you move them on their study’s page (Progress).'
				: '';
		return {
			action: 'disable',
			userId,
			success: `Disabled “${user.username}” and signed them out.${pairs}`
		};
	},
	enable: async ({ request, locals }) => {
		const parsed = target.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { action: 'enable', message: 'Unknown account.' });
		const user = await users.get(getDb(), parsed.data.userId);
		if (!user)
			return fail(404, {
				action: 'enable',
				userId: parsed.data.userId,
				message: 'Unknown account.'
			});
		await users.setDisabled(getDb(), user.id, false, locals.user!.id);
		return { action: 'enable', userId: user.id, success: `Enabled “${user.username}”.` };
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
		if (!user)
			return fail(404, {
				action: 'reset',
				userId: parsed.data.userId,
				message: 'Unknown account.'
			});
		await users.resetPassword(getDb(), user.id, parsed.data.password, locals.user!.id);
		return {
			action: 'reset',
			userId: user.id,
			success: `Set a new password for “${user.username}” and signed them out everywhere.`
		};
	}
};
