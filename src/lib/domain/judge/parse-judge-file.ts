import { z } from 'zod';
import { failure, type ParseError, type ParseResult } from '../stats/parse-result.ts';
import type { OutcomeLabel } from '../stats/types.ts';

/** What the study offers a judge file: pair ids by canonical keys, dimension ids by key. */
export type JudgeFileContext = {
	/** `${prompt}\u0000${model}\u0000${opponent}` of each pair as stored (canonical) → pair id. */
	pairs: ReadonlyMap<string, number>;
	prompts: ReadonlySet<string>;
	models: ReadonlySet<string>;
	dimensions: ReadonlyMap<string, number>;
};

export type JudgeFileRow = {
	line: number;
	judge: string;
	pairId: number;
	dimensionId: number;
	/** Canonical: from the stored pair's `model` side. */
	outcome: OutcomeLabel;
	grade: number | null;
	modelShownFirst: boolean;
};

export const pairKey = (prompt: string, model: string, opponent: string) =>
	`${prompt}\u0000${model}\u0000${opponent}`;

const key = z.string().trim().min(1).max(200);
const lineSchema = z
	.object({
		judge: key,
		prompt: key,
		model: key,
		opponent: key,
		dimension: key,
		outcome: z.enum(['win', 'tie', 'loss']).optional(),
		grade: z.number().int().min(-2).max(2).optional(),
		shown_first: key
	})
	.strict();

const FLIP: Record<OutcomeLabel, OutcomeLabel> = { win: 'loss', tie: 'tie', loss: 'win' };
const fromGrade = (grade: number): OutcomeLabel => (grade > 0 ? 'win' : grade < 0 ? 'loss' : 'tie');

/**
 * Reads a judge file (issue #16 §4): JSON Lines, one object per judgment,
 * `{"judge", "prompt", "model", "opponent", "dimension", "outcome" | "grade", "shown_first"}`,
 * `outcome` win | tie | loss or `grade` −2..2 from `model`'s side, `shown_first` the key of the
 * model the judge saw first. The pair may be given in either orientation. Every problem is
 * listed with its line; on any problem nothing is returned (the import then writes nothing).
 */
export function parseJudgeFile(
	text: string,
	context: JudgeFileContext
): ParseResult<JudgeFileRow[]> {
	const errors: ParseError[] = [];
	const rows: JudgeFileRow[] = [];
	const seen = new Map<string, number>();
	const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
	lines.forEach((source, index) => {
		const line = index + 1;
		if (source.trim() === '') return;
		let value: unknown;
		try {
			value = JSON.parse(source);
		} catch {
			errors.push({ line, message: 'not a JSON object' });
			return;
		}
		const parsed = lineSchema.safeParse(value);
		if (!parsed.success) {
			for (const issue of parsed.error.issues) {
				const path = issue.path.join('.');
				errors.push({ line, message: path ? `${path}: ${issue.message}` : issue.message });
			}
			return;
		}
		const j = parsed.data;
		const problems: string[] = [];
		if ((j.outcome === undefined) === (j.grade === undefined))
			problems.push('give exactly one of "outcome" (win, tie, loss) and "grade" (−2..2)');
		if (!context.prompts.has(j.prompt)) problems.push(`unknown prompt "${j.prompt}"`);
		for (const model of [j.model, j.opponent])
			if (!context.models.has(model)) problems.push(`unknown model "${model}"`);
		const dimensionId = context.dimensions.get(j.dimension);
		if (dimensionId === undefined) problems.push(`unknown dimension "${j.dimension}"`);
		if (j.shown_first !== j.model && j.shown_first !== j.opponent)
			problems.push(`shown_first must be "${j.model}" or "${j.opponent}"`);
		const forward = context.pairs.get(pairKey(j.prompt, j.model, j.opponent));
		const backward = context.pairs.get(pairKey(j.prompt, j.opponent, j.model));
		if (
			forward === undefined &&
			backward === undefined &&
			context.prompts.has(j.prompt) &&
			context.models.has(j.model) &&
			context.models.has(j.opponent)
		)
			problems.push(
				`${j.model} vs ${j.opponent} on prompt "${j.prompt}" is not a pair of this study`
			);
		if (problems.length) {
			for (const message of problems) errors.push({ line, message });
			return;
		}
		const pairId = (forward ?? backward)!;
		const flipped = forward === undefined;
		const duplicate = `${j.judge}\u0000${pairId}\u0000${dimensionId}`;
		const earlier = seen.get(duplicate);
		if (earlier !== undefined) {
			errors.push({
				line,
				message: `duplicate: ${j.judge} already judged ${j.model} vs ${j.opponent} on prompt "${j.prompt}", dimension "${j.dimension}" on line ${earlier}`
			});
			return;
		}
		seen.set(duplicate, line);
		const outcome = j.outcome ?? fromGrade(j.grade!);
		rows.push({
			line,
			judge: j.judge,
			pairId,
			dimensionId: dimensionId!,
			outcome: flipped ? FLIP[outcome] : outcome,
			grade: j.grade === undefined ? null : flipped ? -j.grade : j.grade,
			modelShownFirst: flipped ? j.shown_first === j.opponent : j.shown_first === j.model
		});
	});
	if (rows.length === 0 && errors.length === 0)
		errors.push({ line: 1, message: 'the file has no judgments' });
	return errors.length ? failure(errors) : { ok: true, value: rows };
}
