/**
 * The researcher's view of calibration (issue #16 §3): per junior, training progress and
 * agreement (who is stuck), and accuracy on hidden gold checks with a Wilson interval, its drift
 * over the junior's queue by quarter, and a flag below the study's threshold. A separate section
 * of the study page: none of these judgments enter the study's results.
 */
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { CheckResults, TrainingProgress } from '../../domain/calibration/calibration-table.ts';
import { goldAccuracy } from '../../domain/calibration/gold-accuracy.ts';
import { goldDrift } from '../../domain/calibration/gold-drift.ts';
import { matchExpected } from '../../domain/calibration/match-expected.ts';
import type { Db } from '../db/index.ts';
import { first } from '../db/index.ts';
import { assignments, goldPairs, pairs, studies, studyMembers, users } from '../db/schema.ts';
import { givenOutcomes } from './gold.ts';

export type RaterCalibration = {
	pseudonym: string;
	username: string;
	training: TrainingProgress | null;
	checks: CheckResults | null;
};

export type CalibrationReport = {
	goldPairs: number;
	training: { pairs: number; minAgreement: number | null } | null;
	checks: { share: number; threshold: number | null } | null;
	raters: RaterCalibration[];
};

/** The study's calibration report; null when the study has no gold pairs and no gold options. */
export async function calibrationReport(
	db: Db,
	studyId: number
): Promise<CalibrationReport | null> {
	const study = first(await db.select().from(studies).where(eq(studies.id, studyId)).limit(1));
	if (!study) return null;
	const goldCount =
		first(
			await db
				.select({ n: sql<number>`count(*)` })
				.from(goldPairs)
				.where(eq(goldPairs.studyId, studyId))
		)?.n ?? 0;
	if (Number(goldCount) === 0 && !study.trainingPairs && !study.checkShare) return null;

	const rows = await db
		.select({
			id: assignments.id,
			userId: assignments.userId,
			purpose: assignments.purpose,
			status: assignments.status,
			position: assignments.position,
			expected: goldPairs.expected
		})
		.from(assignments)
		.innerJoin(pairs, eq(pairs.id, assignments.pairId))
		.innerJoin(goldPairs, eq(goldPairs.pairId, assignments.pairId))
		.where(and(eq(pairs.studyId, studyId), ne(assignments.purpose, 'study')))
		.orderBy(asc(assignments.position));
	const given = await givenOutcomes(
		db,
		studyId,
		rows.filter((r) => r.status === 'submitted').map((r) => r.id)
	);
	const members = await db
		.select({
			userId: studyMembers.userId,
			pseudonym: studyMembers.pseudonym,
			username: users.username,
			assigned: studyMembers.assignedCount,
			passedAt: studyMembers.trainingPassedAt,
			retries: studyMembers.trainingRetries
		})
		.from(studyMembers)
		.innerJoin(users, eq(users.id, studyMembers.userId))
		.where(and(eq(studyMembers.studyId, studyId), eq(studyMembers.role, 'junior')))
		.orderBy(sql`cast(substr(${studyMembers.pseudonym}, 2) as integer)`);

	const raters = members.map((m): RaterCalibration => {
		const own = rows.filter((r) => r.userId === m.userId);
		const result = (r: (typeof own)[number]) => ({
			position: r.position,
			...matchExpected(JSON.parse(r.expected) as Record<string, string>, given.get(r.id) ?? {})
		});
		const training = own.filter((r) => r.purpose === 'training');
		const trained = training.filter((r) => r.status === 'submitted').map(result);
		const trainedAccuracy = goldAccuracy(trained);
		const checks = own.filter((r) => r.purpose === 'check');
		const checked = checks.filter((r) => r.status === 'submitted').map(result);
		const accuracy = goldAccuracy(checked);
		const required = study.trainingMinAgreement;
		return {
			pseudonym: m.pseudonym,
			username: m.username,
			training:
				training.length === 0
					? null
					: {
							total: training.length,
							submitted: trained.length,
							agreement: trainedAccuracy.accuracy,
							passed: m.passedAt !== null,
							retries: m.retries,
							stuck:
								m.passedAt === null &&
								required !== null &&
								trained.length === training.length &&
								(trainedAccuracy.accuracy ?? 0) < required
						},
			checks:
				checks.length === 0
					? null
					: {
							placed: checks.length,
							rated: checked.length,
							accuracy,
							// Queue positions 0..L−1 after the training pairs (negative positions).
							drift: goldDrift(checked, m.assigned - training.length),
							flagged:
								study.checkThreshold !== null &&
								accuracy.accuracy !== null &&
								accuracy.accuracy < study.checkThreshold
						}
		};
	});
	return {
		goldPairs: Number(goldCount),
		training: study.trainingPairs
			? { pairs: study.trainingPairs, minAgreement: study.trainingMinAgreement }
			: null,
		checks: study.checkShare ? { share: study.checkShare, threshold: study.checkThreshold } : null,
		raters
	};
}
