/**
 * Private settings, read from the environment in one place and validated at start-up.
 * (process.env rather than $env/dynamic/private so the CLI and tests share this module.)
 */
import { z } from 'zod';

const schema = z.object({
	DATABASE_PATH: z.string().min(1).default('./data/medpair.db'),
	/**
	 * postgres://user:password@host:port/database selects PostgreSQL (issue #14); unset, SQLite
	 * at DATABASE_PATH. Only postgres:// and postgresql:// URLs are accepted.
	 */
	DATABASE_URL: z
		.string()
		.trim()
		.regex(/^postgres(ql)?:\/\//i, { error: 'must be a postgres:// or postgresql:// URL' })
		.optional()
		.or(z.literal('').transform(() => undefined)),
	MIGRATIONS_PATH: z.string().min(1).default('./migrations'),
	/**
	 * PostgreSQL connections per app instance. Instances × this must stay below the server's
	 * max_connections (100 by default, a few kept for superusers).
	 */
	DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10)
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

export function config(): Config {
	if (cached) return cached;
	const parsed = schema.safeParse(process.env);
	if (!parsed.success) {
		const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid configuration: ${problems.join('; ')}`);
	}
	cached = parsed.data;
	return cached;
}
