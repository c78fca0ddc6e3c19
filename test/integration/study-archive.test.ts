/**
 * Archiving and deleting studies (issue 17 item 12), as stored: an archived study leaves the
 * list, refuses every write (rating, assignment, juniors, reopening) yet still exports; deleting
 * a judged study needs its name typed, removes everything under it, and is audited while the
 * append-only history stays. Runs on SQLite and PostgreSQL.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
	assignments,
	auditLog,
	judgmentHistory,
	judgments,
	pairs,
	studies as studiesTable
} from '../../src/lib/server/db/schema.ts';
import * as assignmentsService from '../../src/lib/server/services/assignments.ts';
import { exportStudy } from '../../src/lib/server/services/exports.ts';
import { moveUnstartedPairs } from '../../src/lib/server/services/move-unstarted.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import * as studies from '../../src/lib/server/services/studies.ts';
import * as users from '../../src/lib/server/services/users.ts';
import { ratedStudy } from '../helpers/rated-study.ts';
import { seeded } from '../helpers/seeded.ts';

const auditActions = async (db: Awaited<ReturnType<typeof seeded>>['db']) =>
	(await db.select().from(auditLog)).map((r) => ({
		action: r.action,
		studyId: r.studyId,
		detail: JSON.parse(r.detail) as unknown
	}));

describe('archiving a study', () => {
	it('hides it from the list, closes it and refuses every write, until unarchived', async () => {
		const s = await seeded();
		expect((await studies.list(s.db)).map((r) => r.id)).toEqual([s.studyId]);

		expect(await studies.archive(s.db, s.studyId, s.ids.res)).toBe(true);
		// Archiving twice changes nothing and is not audited twice.
		expect(await studies.archive(s.db, s.studyId, s.ids.res)).toBe(false);
		expect(await studies.list(s.db)).toEqual([]);
		const shown = await studies.list(s.db, { includeArchived: true });
		expect(shown).toHaveLength(1);
		expect(shown[0]).toMatchObject({ id: s.studyId, status: 'closed' });
		expect(shown[0].archivedAt).toEqual(expect.any(Number));
		expect(await studies.isArchived(s.db, s.studyId)).toBe(true);

		// Raters: the study is closed, so nothing is handed out or accepted.
		expect(await ratings.next(s.db, s.ids.junior1)).toBeNull();
		const [mine] = await s.db
			.select()
			.from(assignments)
			.where(and(eq(assignments.userId, s.ids.junior1), eq(assignments.role, 'junior')))
			.limit(1);
		const submitted = await ratings.submit(s.db, s.ids.junior1, mine.publicId, {
			choices: {},
			hard: false,
			comment: ''
		});
		expect(submitted).toMatchObject({ ok: false, status: 409 });
		expect(await s.db.select().from(judgments)).toEqual([]);

		// Researchers: no reassignment, no junior added, no pairs moved, no reopening.
		const refused = { ok: false, message: studies.ARCHIVED_MESSAGE };
		expect(await assignmentsService.assign(s.db, s.studyId, s.ids.res)).toEqual(refused);
		const extra = await users.create(s.db, {
			username: 'junior4',
			role: 'junior',
			password: 'twelve chars!!'
		});
		expect(extra).toBeGreaterThan(0);
		expect(await assignmentsService.addJunior(s.db, s.studyId, 'junior4', s.ids.res)).toEqual(
			refused
		);
		await users.setDisabled(s.db, s.ids.junior3, true, s.ids.res);
		expect(await moveUnstartedPairs(s.db, s.studyId, s.ids.junior3, s.ids.res)).toEqual(refused);
		expect(await studies.setStatus(s.db, s.studyId, 'open', s.ids.res)).toBe(false);
		expect(await studies.get(s.db, s.studyId)).toMatchObject({ status: 'closed' });

		// Unarchive: back in the list, still closed; reopening then works.
		expect(await studies.unarchive(s.db, s.studyId, s.ids.res)).toBe(true);
		expect((await studies.list(s.db)).map((r) => r.id)).toEqual([s.studyId]);
		expect(await studies.setStatus(s.db, s.studyId, 'open', s.ids.res)).toBe(true);
		expect((await ratings.next(s.db, s.ids.junior1))?.id).toEqual(expect.any(String));

		const studyActions = (await auditActions(s.db))
			.filter((r) => r.action.startsWith('study.') && r.studyId === s.studyId)
			.map((r) => r.action);
		// The import's own entries, then exactly one of each: the refused writes left none.
		expect(studyActions.slice(studyActions.indexOf('study.archive'))).toEqual([
			'study.archive',
			'study.unarchive',
			'study.reopen'
		]);
	});

	it('still exports its judgments, exactly as before archiving', async () => {
		const s = await ratedStudy();
		const exported = async () => {
			const result = await exportStudy(s.db, s.studyId, 'judgments', 'csv', { now: new Date(0) });
			if (!result.ok) throw new Error(result.message);
			let text = '';
			for await (const chunk of result.value.chunks) text += chunk;
			return text;
		};
		const before = await exported();
		expect(before).toContain('faithfulness');
		await studies.archive(s.db, s.studyId, s.ids.res);
		expect(await exported()).toBe(before);
	});
});

describe('deleting a study', () => {
	it('deletes an unjudged study at once, cascading, with an audit entry', async () => {
		const s = await seeded();
		expect(await studies.remove(s.db, s.studyId, s.ids.res)).toEqual({
			ok: true,
			name: 'Small study',
			judgments: 0
		});
		expect(await s.db.select().from(studiesTable)).toEqual([]);
		expect(await s.db.select().from(pairs)).toEqual([]);
		expect(await s.db.select().from(assignments)).toEqual([]);
		expect((await auditActions(s.db)).filter((r) => r.action === 'study.delete')).toEqual([
			{ action: 'study.delete', studyId: s.studyId, detail: { name: 'Small study', judgments: 0 } }
		]);
		// A second delete finds nothing.
		expect(await studies.remove(s.db, s.studyId, s.ids.res)).toMatchObject({
			ok: false,
			reason: 'missing'
		});
	});

	it('refuses a judged study unless its name is typed exactly; the history stays', async () => {
		const s = await ratedStudy();
		const count = await assignmentsService.judgmentCount(s.db, s.studyId);
		expect(count).toBeGreaterThan(0);
		const history = (await s.db.select().from(judgmentHistory)).length;
		expect(history).toBeGreaterThanOrEqual(count);

		for (const typed of [undefined, '', 'small study', 'Small stud'])
			expect(await studies.remove(s.db, s.studyId, s.ids.res, typed)).toEqual({
				ok: false,
				reason: 'needs-confirmation',
				judgments: count,
				name: 'Small study'
			});
		expect(await s.db.select().from(judgments)).toHaveLength(count);
		expect((await auditActions(s.db)).some((r) => r.action === 'study.delete')).toBe(false);

		expect(await studies.remove(s.db, s.studyId, s.ids.res, ' Small study ')).toEqual({
			ok: true,
			name: 'Small study',
			judgments: count
		});
		expect(await s.db.select().from(studiesTable)).toEqual([]);
		expect(await s.db.select().from(judgments)).toEqual([]);
		// judgment_history is append-only and keyed on no foreign key: every row outlives the study.
		expect(await s.db.select().from(judgmentHistory)).toHaveLength(history);
		expect((await auditActions(s.db)).filter((r) => r.action === 'study.delete')).toEqual([
			{
				action: 'study.delete',
				studyId: s.studyId,
				detail: { name: 'Small study', judgments: count }
			}
		]);
	});

	it('can delete an archived study', async () => {
		const s = await seeded();
		await studies.archive(s.db, s.studyId, s.ids.res);
		expect(await studies.remove(s.db, s.studyId, s.ids.res)).toMatchObject({ ok: true });
		expect(await studies.list(s.db, { includeArchived: true })).toEqual([]);
	});
});
