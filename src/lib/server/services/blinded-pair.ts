/**
 * The blinded content of a pair as one rater sees it: the question and the two answers in that
 * rater's placement (A = left). Shared by the junior and senior views; carries no model.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { dimensions, prompts, responses } from '../db/schema.ts';

type PairRow = { promptId: number; modelId: number; opponentId: number; studyId: number };

export function blindedTexts(db: Db, pair: PairRow, modelOnLeft: boolean) {
	const question = db
		.select({ text: prompts.text })
		.from(prompts)
		.where(eq(prompts.id, pair.promptId))
		.get()!.text;
	const texts = new Map(
		db
			.select({ modelId: responses.modelId, text: responses.text })
			.from(responses)
			.where(
				and(
					eq(responses.promptId, pair.promptId),
					inArray(responses.modelId, [pair.modelId, pair.opponentId])
				)
			)
			.all()
			.map((r) => [r.modelId, r.text])
	);
	const [left, right] = modelOnLeft
		? [pair.modelId, pair.opponentId]
		: [pair.opponentId, pair.modelId];
	return { question, responseA: texts.get(left) ?? '', responseB: texts.get(right) ?? '' };
}

/** The study's dimensions in order. */
export function studyDimensions(db: Db, studyId: number) {
	return db
		.select()
		.from(dimensions)
		.where(eq(dimensions.studyId, studyId))
		.orderBy(asc(dimensions.position))
		.all();
}
