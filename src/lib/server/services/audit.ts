import type { Db } from '../db/index.ts';
import { auditLog } from '../db/schema.ts';

/** Appends one researcher action to the audit log (append-only, see migrations). */
export async function record(
	db: Db,
	entry: { userId: number | null; action: string; studyId?: number | null; detail?: object }
): Promise<void> {
	await db.transaction(async (tx) =>
		tx.insert(auditLog).values({
			userId: entry.userId,
			action: entry.action,
			studyId: entry.studyId ?? null,
			detail: JSON.stringify(entry.detail ?? {})
		})
	);
}
