/**
 * The blinded content of a pair as one rater sees it: the question and the two answers in that
 * rater's placement (A = left). Shared by the junior and senior views; carries no model.
 * Both run on every page a rater opens, so their queries are prepared once per connection.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { prepared } from '../db/prepared.ts';
import { dimensions, prompts, responses } from '../db/schema.ts';
import { first } from '../db/index.ts';

type PairRow = { promptId: number; modelId: number; opponentId: number; studyId: number };

export async function blindedTexts(db: Db, pair: PairRow, modelOnLeft: boolean) {
	const question = first(
		await prepared(db, 'pair.question', (db) =>
			db
				.select({ text: prompts.text })
				.from(prompts)
				.where(eq(prompts.id, sql.placeholder('prompt')))
				.prepare()
		).execute({ prompt: pair.promptId })
	)!.text;
	const rows = await prepared(db, 'pair.responses', (db) =>
		db
			.select({ modelId: responses.modelId, text: responses.text })
			.from(responses)
			.where(
				and(
					eq(responses.promptId, sql.placeholder('prompt')),
					inArray(responses.modelId, [sql.placeholder('model'), sql.placeholder('opponent')])
				)
			)
			.prepare()
	).execute({ prompt: pair.promptId, model: pair.modelId, opponent: pair.opponentId });
	const texts = new Map(rows.map((r) => [r.modelId, r.text]));
	const [left, right] = modelOnLeft
		? [pair.modelId, pair.opponentId]
		: [pair.opponentId, pair.modelId];
	return { question, responseA: texts.get(left) ?? '', responseB: texts.get(right) ?? '' };
}

/** The study's dimensions in order. */
export async function studyDimensions(db: Db, studyId: number) {
	return await prepared(db, 'study.dimensions', (db) =>
		db
			.select()
			.from(dimensions)
			.where(eq(dimensions.studyId, sql.placeholder('study')))
			.orderBy(asc(dimensions.position))
			.prepare()
	).execute({ study: studyId });
}
