/**
 * The blinded content of a pair as one rater sees it: the question and the two answers in that
 * rater's placement (A = left). Shared by the junior and senior views; carries no model.
 * Both run on every page a rater opens, so their queries are prepared once per connection.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { immutable, prepared } from '../db/prepared.ts';
import { dimensions, prompts } from '../db/schema.ts';
import { first } from '../db/index.ts';

type PairRow = { promptId: number; modelId: number; opponentId: number; studyId: number };

export async function blindedTexts(db: Db, pair: PairRow, modelOnLeft: boolean) {
	const [left, right] = modelOnLeft
		? [pair.modelId, pair.opponentId]
		: [pair.opponentId, pair.modelId];
	// One statement for the three texts (a page's cost is mostly per statement, issue #18).
	// Written out: drizzle leaves column names unqualified in a select list, where "id" would
	// mean the subquery's own table.
	const answer = (side: 'left' | 'right') =>
		sql<
			string | null
		>`(select r.text from responses r where r.prompt_id = prompts.id and r.model_id = ${sql.placeholder(side)})`;
	const row = first(
		await prepared(db, 'pair.texts', (db) =>
			db
				.select({ question: prompts.text, left: answer('left'), right: answer('right') })
				.from(prompts)
				.where(eq(prompts.id, sql.placeholder('prompt')))
				.prepare()
		).execute({ prompt: pair.promptId, left, right })
	)!;
	return { question: row.question, responseA: row.left ?? '', responseB: row.right ?? '' };
}

/**
 * The study's dimensions in order. They are written with the study and never change, so they
 * are read once per connection (every page and submission needs them, issue #18). Callers
 * share the array: read it, never change it. `committed`: see immutable (a submission's study).
 */
export async function studyDimensions(db: Db, studyId: number, committed = false) {
	return await immutable(
		db,
		`study.dimensions:${studyId}`,
		async () =>
			prepared(db, 'study.dimensions', (db) =>
				db
					.select()
					.from(dimensions)
					.where(eq(dimensions.studyId, sql.placeholder('study')))
					.orderBy(asc(dimensions.position))
					.prepare()
			).execute({ study: studyId }),
		committed
	);
}
