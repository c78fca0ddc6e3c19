import { and, eq } from 'drizzle-orm';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import type { StudyFileInput } from '../../src/lib/domain/study-file/schema.ts';
import type { AppDb } from '../../src/lib/server/db/index.ts';
import { assignments } from '../../src/lib/server/db/schema.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { testDb } from './db.ts';
import { smallStudy } from './study.ts';

export type Seeded = { db: AppDb; studyId: number; ids: Record<string, number> };

/** A migrated in-memory database with accounts and the small study imported (and assigned). */
export async function seeded(overrides: Partial<StudyFileInput> = {}): Promise<Seeded> {
	const db = await testDb();
	const ids: Record<string, number> = {};
	for (const [username, role] of [
		['junior1', 'junior'],
		['junior2', 'junior'],
		['junior3', 'junior'],
		['senior', 'senior'],
		['res', 'researcher']
	] as const)
		ids[username] = await users.create(db, { username, role, password: 'twelve chars!!' });
	const parsed = parseStudyFile(JSON.stringify(smallStudy(overrides)));
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
	const result = await studies.importStudy(db, parsed.value, ids.res);
	if (!result.ok) throw new Error(JSON.stringify(result.problems));
	return { db, studyId: result.id, ids };
}

/** The assignment with this public id, and `otherJunior`'s assignment of the same pair. */
export async function pairAssignments(db: AppDb, publicId: string, otherJunior: number) {
	const [mine] = await db.select().from(assignments).where(eq(assignments.publicId, publicId));
	const [theirs] = await db
		.select()
		.from(assignments)
		.where(and(eq(assignments.pairId, mine.pairId), eq(assignments.userId, otherJunior)));
	return [mine, theirs] as const;
}
