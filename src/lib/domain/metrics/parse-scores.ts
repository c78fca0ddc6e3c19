import { failure, type ParseError, type ParseResult } from '../stats/parse-result.ts';
import { readRecords } from '../stats/read-records.ts';
import { recordColumns } from '../stats/record-columns.ts';
import type { RecordFormat } from '../stats/record-format.ts';
import { TASKS, type Task, type UsefulnessInput } from './types.ts';

const REQUIRED = ['model', 'dataset', 'task', 'score'] as const;
const OPTIONAL = ['precision', 'recall', 'kind', 'params', 'setting'] as const;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const FIELDS = ['score', 'precision', 'recall'] as const;

/** The scale of a scores file: `auto` finds it (every value ≤ 1 → 0–1), or the user says it. */
export type ScoreScale = '0-1' | '0-100';
/** A model's optional `kind` (general / medical / …) and `params` (e.g. 7B), for table layouts. */
export type ScoresModel = { model: string; kind: string | null; params: string | null };
export type ScoresFile = { scores: UsefulnessInput[]; scale: ScoreScale; models: ScoresModel[] };

type Row = UsefulnessInput & { line: number };

/**
 * Reads a per-dataset scores file (CSV or JSON Lines: `model, dataset, task, score`, optional
 * `precision, recall`, `kind`, `params`, `setting` such as `3-shot`) for `medpair usefulness` and `medpair scores-table`, and
 * returns the scores on 0–100 with the input scale and each model's kind and size (one value per
 * model: a different one on a later row is an error). Checks, each error with its line: known task, numbers within the scale, one row per
 * (model, dataset, setting), one task per dataset, precision / recall on all of a model's rows or none, and
 * with `auto` no mixed scales (a model or a column whose values are all ≤ 1 in a file whose other
 * values go above 1). Reference: ARCHITECTURE §7; BenchHealth Table 5 reports scores on 0–100.
 */
export function parseScores(
	text: string,
	options: { format: RecordFormat; scale?: 'auto' | ScoreScale }
): ParseResult<ScoresFile> {
	const read = readRecords(text, options.format);
	if (!read.ok) return read;
	const table = read.value;
	if (table.rows.length === 0) return failure([{ line: 1, message: 'the file has no scores' }]);
	const { columns, errors } = recordColumns(table, REQUIRED, OPTIONAL);
	if (errors.length > 0) return failure(errors);

	const problems: ParseError[] = [];
	const rows: Row[] = [];
	const seen = new Map<string, number>();
	const datasetTask = new Map<string, { task: Task; line: number }>();
	const modelInfo = new Map<string, ScoresModel & { line: number }>();
	for (const { line, values } of table.rows) {
		const get = (key: (typeof REQUIRED)[number] | (typeof OPTIONAL)[number]) =>
			columns[key] >= 0 ? values[columns[key]] || null : null;
		const [model, dataset, rawTask, rawScore] = REQUIRED.map(get);
		if (model === null || dataset === null || rawTask === null || rawScore === null) {
			const missing = REQUIRED.filter((_, k) => [model, dataset, rawTask, rawScore][k] === null);
			problems.push({ line, message: `missing ${missing.join(', ')}` });
			continue;
		}
		const task = rawTask.toLowerCase() as Task;
		if (!TASKS.includes(task)) {
			problems.push({
				line,
				message: `unknown task "${rawTask}" (expected one of ${TASKS.join(', ')})`
			});
			continue;
		}
		const numbers: Partial<Record<(typeof FIELDS)[number], number | null>> = {};
		let bad = false;
		for (const field of FIELDS) {
			const raw = field === 'score' ? rawScore : get(field);
			if (raw === null) {
				numbers[field] = null;
				continue;
			}
			const value = Number(raw);
			if (!NUMBER.test(raw) || !Number.isFinite(value) || value < 0 || value > 100) {
				problems.push({ line, message: `${field} must be a number from 0 to 100, not "${raw}"` });
				bad = true;
			} else numbers[field] = value;
		}
		if (bad) continue;
		const setting = get('setting');
		const key = JSON.stringify([model, dataset, setting]);
		const earlier = seen.get(key);
		if (earlier !== undefined) {
			const where = setting === null ? '' : ` (${setting})`;
			problems.push({
				line,
				message: `duplicate score: ${model} on ${dataset}${where} is already on line ${earlier}`
			});
			continue;
		}
		seen.set(key, line);
		const known = datasetTask.get(dataset);
		if (known && known.task !== task) {
			problems.push({
				line,
				message: `dataset ${dataset} has task "${task}" here but "${known.task}" on line ${known.line}`
			});
			continue;
		}
		if (!known) datasetTask.set(dataset, { task, line });
		const conflict = noteModel(modelInfo, model, get('kind'), get('params'), line);
		if (conflict) {
			problems.push(conflict);
			continue;
		}
		rows.push({
			line,
			model,
			dataset,
			task,
			score: numbers.score!,
			...optional(numbers),
			...(setting === null ? {} : { setting })
		});
	}
	problems.push(...partialColumns(rows));
	if (problems.length > 0) return failure(problems.sort((a, b) => a.line - b.line));

	const values = rows.flatMap((r) => FIELDS.map((f) => r[f]).filter((x) => typeof x === 'number'));
	const auto = values.every((x) => x <= 1) ? '0-1' : '0-100';
	const scale = options.scale === undefined || options.scale === 'auto' ? auto : options.scale;
	if (scale === '0-1') {
		const above = rows.filter((r) => FIELDS.some((f) => (r[f] ?? 0) > 1));
		if (above.length > 0) {
			return failure(
				above.map((r) => ({ line: r.line, message: 'a value above 1 on the 0–1 scale' }))
			);
		}
	} else if (options.scale !== '0-100') {
		const mixed = mixedScales(rows);
		if (mixed.length > 0) return failure(mixed);
	}
	const factor = scale === '0-1' ? 100 : 1;
	const scores = rows.map(({ model, dataset, task, score, precision, recall, setting }) => ({
		model,
		dataset,
		task,
		score: score * factor,
		...optional({
			precision: precision == null ? null : precision * factor,
			recall: recall == null ? null : recall * factor
		}),
		...(setting === undefined ? {} : { setting })
	}));
	const models = [...modelInfo.values()].map(({ model, kind, params }) => ({
		model,
		kind,
		params
	}));
	return { ok: true, value: { scores, scale, models } };
}

/** Records a model's kind and params; an error when a row gives a different one than before. */
function noteModel(
	seen: Map<string, ScoresModel & { line: number }>,
	model: string,
	kind: string | null,
	params: string | null,
	line: number
): ParseError | null {
	const before = seen.get(model);
	if (!before) {
		seen.set(model, { model, kind, params, line });
		return null;
	}
	for (const [field, value] of [
		['kind', kind],
		['params', params]
	] as const) {
		if (value !== null && before[field] !== null && value !== before[field])
			return {
				line,
				message: `${model} has ${field} "${value}" here but "${before[field]}" on line ${before.line}`
			};
		if (value !== null && before[field] === null) before[field] = value;
	}
	return null;
}

function optional(numbers: { precision?: number | null; recall?: number | null }) {
	const out: { precision?: number; recall?: number } = {};
	if (typeof numbers.precision === 'number') out.precision = numbers.precision;
	if (typeof numbers.recall === 'number') out.recall = numbers.recall;
	return out;
}

/** Precision or recall given on some of a model's rows but not all: the rows without it. */
function partialColumns(rows: readonly Row[]): ParseError[] {
	const found: ParseError[] = [];
	for (const field of ['precision', 'recall'] as const) {
		const byModel = new Map<string, Row[]>();
		for (const row of rows) byModel.set(row.model, [...(byModel.get(row.model) ?? []), row]);
		for (const [model, list] of byModel) {
			const given = list.filter((r) => r[field] !== undefined);
			if (given.length === 0 || given.length === list.length) continue;
			for (const r of list.filter((r) => r[field] === undefined)) {
				found.push({
					line: r.line,
					message: `missing ${field}: ${model} has one on line ${given[0].line}; give it on all of ${model}'s rows or none`
				});
			}
		}
	}
	return found;
}

/** In a 0–100 file, a model or a column whose values are all ≤ 1 looks like the 0–1 scale. */
function mixedScales(rows: readonly Row[]): ParseError[] {
	const found: ParseError[] = [];
	const max = (list: readonly Row[], fields: readonly (typeof FIELDS)[number][]) =>
		Math.max(...list.flatMap((r) => fields.map((f) => r[f] ?? -Infinity)));
	const hint = 'use one scale for every value (or --scale 0-100 if these values are right)';
	const models = [...new Set(rows.map((r) => r.model))];
	for (const model of models) {
		const list = rows.filter((r) => r.model === model);
		if (max(list, FIELDS) <= 1) {
			found.push({
				line: list[0].line,
				message: `${model}: every value is at most 1 while other rows go up to ${max(rows, FIELDS)}: the file mixes the 0–1 and 0–100 scales; ${hint}`
			});
		}
	}
	if (found.length > 0) return found;
	for (const field of FIELDS) {
		const list = rows.filter((r) => r[field] !== undefined);
		if (list.length > 0 && max(list, [field]) <= 1) {
			found.push({
				line: list[0].line,
				message: `every ${field} is at most 1 while other values go up to ${max(rows, FIELDS)}: the file mixes the 0–1 and 0–100 scales; ${hint}`
			});
		}
	}
	return found;
}
