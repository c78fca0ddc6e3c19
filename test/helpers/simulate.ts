/**
 * Simulated raters for demos and tests: every junior rates the first `pairs` pairs of a study
 * through the real services, from a latent quality per model plus seeded noise, and the senior
 * adjudicates whatever escalates. Deterministic for a given seed.
 */
import { eq } from 'drizzle-orm';
import { toChoice } from '../../src/lib/domain/blinding/choice.ts';
import { createRandom } from '../../src/lib/domain/random.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import {
	assignments,
	dimensions,
	models,
	pairs,
	studyMembers
} from '../../src/lib/server/db/schema.ts';
import * as adjudication from '../../src/lib/server/services/adjudication.ts';
import * as ratings from '../../src/lib/server/services/ratings.ts';
import { first } from '../../src/lib/server/db/index.ts';

type O = 'win' | 'tie' | 'loss';

export async function simulateStudy(
	db: Db,
	studyId: number,
	options: { pairs: number; seed?: number }
) {
	const random = createRandom(options.seed ?? 1);
	const quality = new Map(
		(await db.select().from(models).where(eq(models.studyId, studyId))).map((m, i) => [
			m.id,
			m.group === 'reference' ? 1 : 0.2 + 0.25 * i
		])
	);
	const dims = await db
		.select()
		.from(dimensions)
		.where(eq(dimensions.studyId, studyId))
		.orderBy(dimensions.position);
	const studyPairs = await db
		.select()
		.from(pairs)
		.where(eq(pairs.studyId, studyId))
		.orderBy(pairs.position)
		.limit(options.pairs);
	const truth = new Map<number, O[]>();
	for (const pair of studyPairs) {
		const gap = quality.get(pair.modelId)! - quality.get(pair.opponentId)!;
		truth.set(
			pair.id,
			dims.map(() => {
				const x = gap + (random.next() - 0.5) * 1.6;
				return x > 0.25 ? 'win' : x < -0.25 ? 'loss' : 'tie';
			})
		);
	}
	const noisy = (o: O): O =>
		random.next() < 0.2 ? (['win', 'tie', 'loss'] as const)[random.int(3)] : o;

	let submitted = 0;
	for (const pair of studyPairs)
		for (const a of await db.select().from(assignments).where(eq(assignments.pairId, pair.id))) {
			if (a.role !== 'junior') continue;
			const choices = Object.fromEntries(
				dims.map((d, i) => [d.key, toChoice(noisy(truth.get(pair.id)![i]), a.modelOnLeft)])
			);
			const result = await ratings.submit(db, a.userId, a.publicId, {
				choices,
				hard: random.next() < 0.05,
				comment: '',
				seconds: 40 + random.int(120)
			});
			if (result.ok) submitted++;
		}

	let decided = 0;
	const seniors = (
		await db.select().from(studyMembers).where(eq(studyMembers.studyId, studyId))
	).filter((m) => m.role === 'senior');
	for (const senior of seniors)
		for (
			let view = await adjudication.next(db, senior.userId);
			view;
			view = await adjudication.next(db, senior.userId)
		) {
			const row = first(
				await db.select().from(assignments).where(eq(assignments.publicId, view.id)).limit(1)
			)!;
			const choices = Object.fromEntries(
				dims.map((d, i) => [d.key, toChoice(truth.get(row.pairId)?.[i] ?? 'tie', row.modelOnLeft)])
			);
			await adjudication.submitIndependent(db, senior.userId, view.id, {
				choices,
				comment: '',
				seconds: 90
			});
			if (
				!(
					await adjudication.finalize(db, senior.userId, view.id, {
						choices,
						comment: '',
						seconds: 20
					})
				).ok
			)
				break;
			decided++;
		}
	return { submitted, decided };
}
