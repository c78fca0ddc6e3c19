/**
 * Issue #11 item 23: a full disk or a read-only database while saving must leave nothing
 * half-written and be recognised as a storage failure (the hook answers 503 with "Could not
 * save"). `PRAGMA max_page_count` makes the database "full" without filling a disk; `PRAGMA
 * query_only` makes it refuse writes as a read-only file would.
 */
import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parseStudyFile } from '../../src/lib/domain/study-file/index.ts';
import { writerOf, type AppDb } from '../../src/lib/server/db/index.ts';
import {
	assignments,
	judgmentHistory,
	judgments,
	studies as studyTable
} from '../../src/lib/server/db/schema.ts';
import { isStorageFailure } from '../../src/lib/server/db/storage-error.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import { seeded } from '../helpers/seeded.ts';
import { smallStudy } from '../helpers/study.ts';
import { first } from '../../src/lib/server/db/index.ts';

async function snapshot(db: AppDb) {
	const n = async (table: typeof studyTable | typeof judgments | typeof judgmentHistory) =>
		first(await db.select({ n: count() }).from(table).limit(1))!.n;
	return {
		studies: await n(studyTable),
		judgments: await n(judgments),
		history: await n(judgmentHistory),
		submitted: (await db.select().from(assignments)).filter((a) => a.status === 'submitted').length
	};
}

/** Lets the database grow by no page at all, as a full disk would. */
function fillDisk(db: AppDb) {
	const writer = writerOf(db);
	const pages = writer.pragma('page_count', { simple: true }) as number;
	writer.pragma(`max_page_count = ${pages}`);
}

async function caught(work: () => Promise<unknown>): Promise<unknown> {
	try {
		await work();
	} catch (error) {
		return error;
	}
	throw new Error('expected the write to fail');
}

describe('saving on a full or read-only database', () => {
	it('a rating submission on a full disk fails as a storage failure and writes nothing', async () => {
		const { db, ids } = await seeded();
		const pair = (await ratings.next(db, ids.junior1))!;
		const before = await snapshot(db);
		fillDisk(db);
		const error = await caught(
			async () =>
				await ratings.submit(db, ids.junior1, pair.id, {
					choices: Object.fromEntries(pair.dimensions.map((d) => [d.key, 'A' as const])),
					hard: false,
					// Needs new pages whatever free space the pages already have.
					comment: 'x'.repeat(4000),
					seconds: 10
				})
		);
		expect(isStorageFailure(error)).toBe(true);
		expect(await snapshot(db)).toEqual(before);
	});

	it('a study import on a full disk fails as a storage failure and writes nothing', async () => {
		const { db, ids } = await seeded();
		const before = await snapshot(db);
		fillDisk(db);
		const study = smallStudy({ name: 'Second study' });
		// Long answers: more than the free space the existing pages have.
		study.responses = (study.responses as { prompt: string; model: string; text: string }[]).map(
			(r) => ({ ...r, text: r.text + ' ' + 'long answer '.repeat(500) })
		);
		const parsed = parseStudyFile(JSON.stringify(study));
		if (!parsed.ok) throw new Error('fixture');
		const error = await caught(async () => await studies.importStudy(db, parsed.value, ids.res));
		expect(isStorageFailure(error)).toBe(true);
		expect(await snapshot(db)).toEqual(before);
	});

	it('a read-only database refuses the write as a storage failure', async () => {
		const { db, ids } = await seeded();
		const pair = (await ratings.next(db, ids.junior1))!;
		const before = await snapshot(db);
		writerOf(db).pragma('query_only = ON');
		const error = await caught(
			async () =>
				await ratings.submit(db, ids.junior1, pair.id, {
					choices: Object.fromEntries(pair.dimensions.map((d) => [d.key, 'tie' as const])),
					hard: false,
					comment: '',
					seconds: 3
				})
		);
		expect(isStorageFailure(error)).toBe(true);
		writerOf(db).pragma('query_only = OFF');
		expect(await snapshot(db)).toEqual(before);
	});

	it('does not mistake a bug for a storage failure', () => {
		expect(isStorageFailure(new TypeError('x is undefined'))).toBe(false);
		expect(
			isStorageFailure(Object.assign(new Error('UNIQUE'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))
		).toBe(false);
	});
});
