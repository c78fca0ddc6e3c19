/**
 * An automatic judge's judgments (issue #16 §4): imported from a JSON Lines file, stored in
 * judge_judgments apart from the human judgments (the human statistics never read them), and
 * read back for the judge reports of the study statistics.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import {
	pairKey,
	parseJudgeFile,
	type JudgeFileContext
} from '../../domain/judge/parse-judge-file.ts';
import type { JudgeRow } from '../../domain/judge/judge-report.ts';
import type { ParseError } from '../../domain/stats/parse-result.ts';
import { insertRows } from '../db/bulk-insert.ts';
import type { Db } from '../db/index.ts';
import { dimensions, judgeJudgments, models, pairs, prompts } from '../db/schema.ts';
import * as audit from './audit.ts';

export type JudgeImport =
	| { ok: true; lines: number; judges: string[]; replaced: number }
	| { ok: false; errors: ParseError[] };

async function fileContext(db: Db, studyId: number): Promise<JudgeFileContext> {
	const opponent = alias(models, 'opponent');
	const pairRows = await db
		.select({ id: pairs.id, prompt: prompts.key, model: models.key, opponent: opponent.key })
		.from(pairs)
		.innerJoin(prompts, eq(prompts.id, pairs.promptId))
		.innerJoin(models, eq(models.id, pairs.modelId))
		.innerJoin(opponent, eq(opponent.id, pairs.opponentId))
		.where(eq(pairs.studyId, studyId));
	const promptRows = await db
		.select({ key: prompts.key })
		.from(prompts)
		.where(eq(prompts.studyId, studyId));
	const modelRows = await db
		.select({ key: models.key })
		.from(models)
		.where(eq(models.studyId, studyId));
	const dimensionRows = await db
		.select({ id: dimensions.id, key: dimensions.key })
		.from(dimensions)
		.where(eq(dimensions.studyId, studyId));
	return {
		pairs: new Map(pairRows.map((p) => [pairKey(p.prompt, p.model, p.opponent), p.id])),
		prompts: new Set(promptRows.map((p) => p.key)),
		models: new Set(modelRows.map((m) => m.key)),
		dimensions: new Map(dimensionRows.map((d) => [d.key, d.id]))
	};
}

/**
 * Imports a judge file into a study: validated whole first (every problem with its line; a
 * broken file changes nothing), then, in one transaction, each judge named in the file has its
 * earlier judgments of this study replaced by the file's.
 */
export async function importJudgments(
	db: Db,
	studyId: number,
	name: string,
	text: string,
	actorId: number | null
): Promise<JudgeImport> {
	return await db.transaction(async (tx) => {
		const parsed = parseJudgeFile(text, await fileContext(tx, studyId));
		if (!parsed.ok) return { ok: false, errors: parsed.errors };
		const judges = [...new Set(parsed.value.map((r) => r.judge))].sort();
		const removed = await tx
			.delete(judgeJudgments)
			.where(and(eq(judgeJudgments.studyId, studyId), inArray(judgeJudgments.judge, judges)))
			.returning({ id: judgeJudgments.id });
		const now = Date.now();
		await insertRows(
			tx,
			'judge_judgments',
			[
				'study_id',
				'judge',
				'pair_id',
				'dimension_id',
				'outcome',
				'grade',
				'model_shown_first',
				'imported_at'
			],
			parsed.value.map((r) => [
				studyId,
				r.judge,
				r.pairId,
				r.dimensionId,
				r.outcome,
				r.grade,
				r.modelShownFirst,
				now
			])
		);
		await audit.record(tx, {
			userId: actorId,
			action: 'judge.import',
			studyId,
			detail: { name, lines: parsed.value.length, judges, replaced: removed.length }
		});
		return { ok: true, lines: parsed.value.length, judges, replaced: removed.length };
	});
}

/** Every judge judgment of the study, with keys, in pair and dimension order. */
export async function judgeRows(db: Db, studyId: number): Promise<JudgeRow[]> {
	const opponent = alias(models, 'opponent');
	return await db
		.select({
			judge: judgeJudgments.judge,
			prompt: prompts.key,
			model: models.key,
			opponent: opponent.key,
			dimension: dimensions.key,
			outcome: judgeJudgments.outcome,
			grade: judgeJudgments.grade,
			modelShownFirst: judgeJudgments.modelShownFirst
		})
		.from(judgeJudgments)
		.innerJoin(pairs, eq(pairs.id, judgeJudgments.pairId))
		.innerJoin(prompts, eq(prompts.id, pairs.promptId))
		.innerJoin(models, eq(models.id, pairs.modelId))
		.innerJoin(opponent, eq(opponent.id, pairs.opponentId))
		.innerJoin(dimensions, eq(dimensions.id, judgeJudgments.dimensionId))
		.where(eq(judgeJudgments.studyId, studyId))
		.orderBy(asc(judgeJudgments.judge), asc(pairs.position), asc(dimensions.position));
}
