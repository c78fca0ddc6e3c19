import { asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../auth/password.ts';
import * as session from '../auth/session.ts';
import * as throttle from '../auth/throttle.ts';
import type { Db } from '../db/index.ts';
import { ROLES, users, type Role } from '../db/schema.ts';
import * as audit from './audit.ts';
import { first } from '../db/index.ts';

export const usernameSchema = z
	.string()
	.trim()
	.min(2, { error: 'Username must be at least 2 characters' })
	.max(64, { error: 'Username must be at most 64 characters' })
	.regex(/^[a-zA-Z0-9._-]+$/, { error: 'Username may use letters, digits, ".", "_" and "-"' });

export const passwordSchema = z
	.string()
	.min(MIN_PASSWORD_LENGTH, {
		error: `Password must be at least ${MIN_PASSWORD_LENGTH} characters`
	})
	.max(256, { error: 'Password must be at most 256 characters' });

export const newUserSchema = z.object({
	username: usernameSchema,
	role: z.enum(ROLES, { error: 'Role must be junior, senior or researcher' }),
	password: passwordSchema
});

export type NewUser = z.infer<typeof newUserSchema>;

let generation = 0;
/**
 * Counts committed changes in this process to who exists or is enabled, so a per-process cache
 * of "can a demo account sign in" (the banner on every page) knows when to read again.
 */
export function accountsGeneration(): number {
	return generation;
}
export function accountsChanged(): void {
	generation++;
}

export class UserExistsError extends Error {}

export async function create(
	db: Db,
	input: NewUser,
	actorId: number | null = null
): Promise<number> {
	const passwordHash = await hashPassword(input.password);
	const id = await db.transaction(async (tx) => {
		const existing = first(
			await tx
				.select({ id: users.id })
				.from(users)
				.where(eq(users.username, input.username))
				.limit(1)
		);
		if (existing) throw new UserExistsError(`The username "${input.username}" is taken`);
		const [{ id }] = await tx
			.insert(users)
			.values({ username: input.username, role: input.role, passwordHash })
			.returning({ id: users.id });
		await audit.record(tx, {
			userId: actorId,
			action: 'user.create',
			detail: { userId: id, username: input.username, role: input.role }
		});
		return id;
	});
	accountsChanged();
	return id;
}

export async function findByUsername(db: Db, username: string) {
	return first(await db.select().from(users).where(eq(users.username, username.trim())).limit(1));
}

export async function list(db: Db) {
	return await db
		.select({
			id: users.id,
			username: users.username,
			role: users.role,
			disabledAt: users.disabledAt,
			createdAt: users.createdAt
		})
		.from(users)
		.orderBy(asc(users.role), asc(users.username));
}

export async function count(db: Db): Promise<number> {
	return (
		first(
			await db
				.select({ n: sql<number>`count(*)` })
				.from(users)
				.limit(1)
		)?.n ?? 0
	);
}

/** Usernames (of those given) that exist, with their role and whether they are disabled. */
export async function lookup(db: Db, usernames: string[]) {
	if (usernames.length === 0) return [];
	return await db
		.select({
			id: users.id,
			username: users.username,
			role: users.role,
			disabledAt: users.disabledAt
		})
		.from(users)
		.where(inArray(users.username, usernames));
}

/** Disabling signs the user out everywhere; enabling lifts any sign-in lockout. */
export async function setDisabled(
	db: Db,
	userId: number,
	disabled: boolean,
	actorId: number
): Promise<void> {
	await db.transaction(async (tx) => {
		const user = first(
			await tx
				.update(users)
				.set({ disabledAt: disabled ? Date.now() : null })
				.where(eq(users.id, userId))
				.returning({ username: users.username })
		);
		if (disabled) await session.invalidateAllForUser(tx, userId);
		else if (user) await throttle.clearFailures(tx, user.username);
		await audit.record(tx, {
			userId: actorId,
			action: disabled ? 'user.disable' : 'user.enable',
			detail: { userId, username: user?.username }
		});
	});
	accountsChanged();
}

/** `actorId` is null when run from the command line (whoever can reach the database file). */
export async function resetPassword(
	db: Db,
	userId: number,
	password: string,
	actorId: number | null
): Promise<void> {
	const passwordHash = await hashPassword(password);
	await db.transaction(async (tx) => {
		const user = first(
			await tx
				.update(users)
				.set({ passwordHash })
				.where(eq(users.id, userId))
				.returning({ username: users.username })
		);
		await session.invalidateAllForUser(tx, userId);
		// The lockout was there to stop guessing the old password; the new one starts clean.
		if (user) await throttle.clearFailures(tx, user.username);
		await audit.record(tx, {
			userId: actorId,
			action: 'user.reset-password',
			detail: { userId, username: user?.username }
		});
	});
}

export const changePasswordSchema = z
	.object({
		current: z.string().min(1, { error: 'Enter your current password' }).max(256),
		password: passwordSchema,
		repeat: z.string()
	})
	.refine((v) => v.password === v.repeat, {
		error: 'The two new passwords differ',
		path: ['repeat']
	});

export type ChangePasswordResult = { ok: true } | { ok: false; status: 400 | 429; message: string };

/**
 * A user changes their own password: the current one is checked (counted by the sign-in
 * throttle, so a borrowed session cannot be used to guess it), then every other session of the
 * user ends and the one in use stays.
 */
export async function changeOwnPassword(
	db: Db,
	user: { id: number; username: string },
	input: z.infer<typeof changePasswordSchema>,
	keepSessionId: string
): Promise<ChangePasswordResult> {
	const reservation = await throttle.reserve(db, user.username);
	if (!reservation.ok)
		return {
			ok: false,
			status: 429,
			message: 'Too many wrong passwords. Try again later, or ask a researcher to reset it.'
		};
	const row = first(
		await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id)).limit(1)
	);
	if (!row || !(await verifyPassword(row.hash, input.current)))
		return { ok: false, status: 400, message: 'Your current password is wrong' };
	const passwordHash = await hashPassword(input.password);
	await db.transaction(async (tx) => {
		await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
		await session.invalidateOthersForUser(tx, user.id, keepSessionId);
		await throttle.clearFailures(tx, user.username);
		await audit.record(tx, {
			userId: user.id,
			action: 'user.change-password',
			detail: { userId: user.id, username: user.username }
		});
	});
	return { ok: true };
}

export async function get(db: Db, userId: number) {
	return first(
		await db
			.select({
				id: users.id,
				username: users.username,
				role: users.role,
				disabledAt: users.disabledAt
			})
			.from(users)
			.where(eq(users.id, userId))
			.limit(1)
	);
}

export type { Role };
