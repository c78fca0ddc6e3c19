import { defineConfig } from 'drizzle-kit';

/** PostgreSQL migrations (issue #14): `npm run db:generate:pg -- --name what_changed`. */
export default defineConfig({
	schema: './src/lib/server/db/schema.pg.ts',
	out: './migrations/pg',
	dialect: 'postgresql',
	dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost/medpair' }
});
