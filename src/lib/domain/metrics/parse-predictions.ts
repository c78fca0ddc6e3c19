import { SET_TASKS, TASKS } from './types.ts';
import type { ParseError, ParseResult, Prediction, SetTask, Task } from './types.ts';

const FIELDS = ['dataset', 'task', 'model', 'id', 'prediction', 'reference'] as const;

const isTask = (value: unknown): value is Task => (TASKS as readonly unknown[]).includes(value);
const isSetTask = (task: Task): task is SetTask => (SET_TASKS as readonly string[]).includes(task);

/** Checks one record; returns its problems (empty when it is valid). */
function problems(record: Record<string, unknown>): string[] {
	const found: string[] = [];
	for (const field of FIELDS) if (!(field in record)) found.push(`missing field "${field}"`);
	if (found.length > 0) return found;
	for (const field of ['dataset', 'model'] as const) {
		const value = record[field];
		if (typeof value !== 'string' || value.trim() === '') {
			found.push(`"${field}" must be a non-empty string`);
		}
	}
	const id = record.id;
	if (!((typeof id === 'string' && id !== '') || (typeof id === 'number' && Number.isFinite(id)))) {
		found.push('"id" must be a non-empty string or a number');
	}
	if ('setting' in record && (typeof record.setting !== 'string' || record.setting.trim() === '')) {
		found.push('"setting" must be a non-empty string when given (e.g. "0-shot")');
	}
	const task = record.task;
	if (!isTask(task)) {
		found.push(`unknown task ${JSON.stringify(task)} (expected one of ${TASKS.join(', ')})`);
		return found;
	}
	for (const field of ['prediction', 'reference'] as const) {
		const value = record[field];
		if (isSetTask(task)) {
			const ok =
				typeof value === 'string' ||
				(Array.isArray(value) && value.every((label) => typeof label === 'string'));
			if (!ok) found.push(`"${field}" must be a string or an array of strings for task ${task}`);
		} else if (Array.isArray(value)) {
			found.push(
				`"${field}" is an array, but task ${task} takes text (label arrays are for ${SET_TASKS.join(', ')})`
			);
		} else if (typeof value !== 'string') {
			found.push(`"${field}" must be a string for task ${task}`);
		}
	}
	// sacreBLEU refuses a segment whose only reference is empty.
	if (task === 'generation' && record.reference === '') {
		found.push('"reference" is empty; BLEU needs a non-empty reference');
	}
	return found;
}

/**
 * Parses a predictions JSONL file (ARCHITECTURE.md §7): one object per line with `dataset`, `task`,
 * `model`, `id`, `prediction`, `reference`, optional `setting` (e.g. `3-shot`); blank lines are skipped. Every problem is reported with
 * its 1-based line — invalid JSON, a missing field, an unknown task, label arrays for text tasks, a
 * dataset given two tasks, a duplicate (dataset, model, id, setting) — and then nothing is returned.
 */
export function parsePredictions(text: string): ParseResult<Prediction[]> {
	const errors: ParseError[] = [];
	const value: Prediction[] = [];
	const firstLineOfKey = new Map<string, number>();
	const taskOfDataset = new Map<string, { task: Task; line: number }>();
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	lines.forEach((raw, index) => {
		const line = index + 1;
		if (raw.trim() === '') return;
		let record: unknown;
		try {
			record = JSON.parse(raw);
		} catch (error) {
			errors.push({ line, message: `invalid JSON: ${(error as Error).message}` });
			return;
		}
		if (record === null || typeof record !== 'object' || Array.isArray(record)) {
			errors.push({ line, message: 'expected a JSON object' });
			return;
		}
		const fields = record as Record<string, unknown>;
		const found = problems(fields);
		if (found.length > 0) {
			for (const message of found) errors.push({ line, message });
			return;
		}
		const prediction: Prediction = {
			line,
			dataset: fields.dataset as string,
			task: fields.task as Task,
			model: fields.model as string,
			id: String(fields.id),
			prediction: fields.prediction as Prediction['prediction'],
			reference: fields.reference as Prediction['reference'],
			...(typeof fields.setting === 'string' ? { setting: fields.setting.trim() } : {})
		};
		const declared = taskOfDataset.get(prediction.dataset);
		if (declared && declared.task !== prediction.task) {
			errors.push({
				line,
				message: `dataset ${JSON.stringify(prediction.dataset)} has task ${declared.task} on line ${declared.line}, not ${prediction.task}`
			});
			return;
		}
		if (!declared) taskOfDataset.set(prediction.dataset, { task: prediction.task, line });
		const setting = prediction.setting ?? null;
		const key = JSON.stringify([prediction.dataset, prediction.model, prediction.id, setting]);
		const first = firstLineOfKey.get(key);
		if (first !== undefined) {
			const where = setting === null ? '' : ` in setting ${JSON.stringify(setting)}`;
			errors.push({
				line,
				message: `duplicate (dataset, model, id) = (${JSON.stringify(prediction.dataset)}, ${JSON.stringify(prediction.model)}, ${JSON.stringify(prediction.id)})${where}; first on line ${first}`
			});
			return;
		}
		firstLineOfKey.set(key, line);
		value.push(prediction);
	});
	if (errors.length === 0 && value.length === 0) {
		errors.push({ line: 1, message: 'no predictions: expected one JSON object per line' });
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
