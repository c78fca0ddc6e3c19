import { asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/password.ts';
import * as session from '../auth/session.ts';
import type { Db } from '../db/index.ts';
import { ROLES, users, type Role } from '../db/schema.ts';
import * as audit from './audit.ts';

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

export class UserExistsError extends Error {}

export async function create(
	db: Db,
	input: NewUser,
	actorId: number | null = null
): Promise<number> {
	const passwordHash = await hashPassword(input.password);
	return db.transaction((tx) => {
		const existing = tx
			.select({ id: users.id })
			.from(users)
			.where(eq(users.username, input.username))
			.get();
		if (existing) throw new UserExistsError(`The username "${input.username}" is taken`);
		const { id } = tx
			.insert(users)
			.values({ username: input.username, role: input.role, passwordHash })
			.returning({ id: users.id })
			.get();
		audit.record(tx, {
			userId: actorId,
			action: 'user.create',
			detail: { username: input.username, role: input.role }
		});
		return id;
	});
}

export function findByUsername(db: Db, username: string) {
	return db.select().from(users).where(eq(users.username, username.trim())).get();
}

export function list(db: Db) {
	return db
		.select({
			id: users.id,
			username: users.username,
			role: users.role,
			disabledAt: users.disabledAt,
			createdAt: users.createdAt
		})
		.from(users)
		.orderBy(asc(users.role), asc(users.username))
		.all();
}

export function count(db: Db): number {
	return (
		db
			.select({ n: sql<number>`count(*)` })
			.from(users)
			.get()?.n ?? 0
	);
}

/** Usernames (of those given) that exist, with their role and whether they are disabled. */
export function lookup(db: Db, usernames: string[]) {
	if (usernames.length === 0) return [];
	return db
		.select({
			id: users.id,
			username: users.username,
			role: users.role,
			disabledAt: users.disabledAt
		})
		.from(users)
		.where(inArray(users.username, usernames))
		.all();
}

export function setDisabled(db: Db, userId: number, disabled: boolean, actorId: number): void {
	db.transaction((tx) => {
		tx.update(users)
			.set({ disabledAt: disabled ? Date.now() : null })
			.where(eq(users.id, userId))
			.run();
		if (disabled) session.invalidateAllForUser(tx, userId);
		audit.record(tx, {
			userId: actorId,
			action: disabled ? 'user.disable' : 'user.enable',
			detail: { userId }
		});
	});
}

export async function resetPassword(
	db: Db,
	userId: number,
	password: string,
	actorId: number
): Promise<void> {
	const passwordHash = await hashPassword(password);
	db.transaction((tx) => {
		tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
		session.invalidateAllForUser(tx, userId);
		audit.record(tx, { userId: actorId, action: 'user.reset-password', detail: { userId } });
	});
}

export function get(db: Db, userId: number) {
	return db
		.select({
			id: users.id,
			username: users.username,
			role: users.role,
			disabledAt: users.disabledAt
		})
		.from(users)
		.where(eq(users.id, userId))
		.get();
}

export type { Role };
