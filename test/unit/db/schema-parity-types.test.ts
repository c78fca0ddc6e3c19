/**
 * The PostgreSQL schema must give services exactly the row types of the SQLite one, so one
 * service layer serves both (issue #14). These are compile-time checks: `npm run check`
 * (svelte-check) fails on a difference; vitest only runs the empty bodies.
 */
import type { Table } from 'drizzle-orm';
import { describe, expectTypeOf, it } from 'vitest';
import type * as pg from '../../../src/lib/server/db/schema.pg.ts';
import type * as sqlite from '../../../src/lib/server/db/schema.sqlite.ts';

// Read `$inferSelect` / `$inferInsert` off each exported table. (InferSelectModel<T & Table>
// looks equivalent but widens every row to `{ [x: string]: any }`, which would compare equal.)
type Selects<M> = {
	[K in keyof M as M[K] extends Table ? K : never]: M[K] extends { $inferSelect: infer R }
		? R
		: never;
};
type Inserts<M> = {
	[K in keyof M as M[K] extends Table ? K : never]: M[K] extends { $inferInsert: infer R }
		? R
		: never;
};

describe('schema.pg.ts has the row types of schema.ts', () => {
	it('exports the same tables', () => {
		expectTypeOf<keyof Selects<typeof pg>>().toEqualTypeOf<keyof Selects<typeof sqlite>>();
	});

	it('selects the same row type from every table', () => {
		expectTypeOf<Selects<typeof pg>>().toEqualTypeOf<Selects<typeof sqlite>>();
	});

	it('inserts the same row type into every table', () => {
		expectTypeOf<Inserts<typeof pg>>().toEqualTypeOf<Inserts<typeof sqlite>>();
	});

	// One table spelled out, so a regression in the mapped types above cannot pass silently.
	it('assignments, spelled out', () => {
		expectTypeOf<typeof pg.assignments.$inferSelect>().toEqualTypeOf<
			typeof sqlite.assignments.$inferSelect
		>();
		expectTypeOf<typeof pg.assignments.$inferInsert>().toEqualTypeOf<
			typeof sqlite.assignments.$inferInsert
		>();
		expectTypeOf<typeof pg.escalations.$inferInsert>().toEqualTypeOf<
			typeof sqlite.escalations.$inferInsert
		>();
		expectTypeOf<(typeof pg.assignments.$inferSelect)['createdAt']>().toEqualTypeOf<number>();
	});
});
