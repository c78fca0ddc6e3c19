import { failure, type ParseError, type ParseResult } from '../stats/parse-result.ts';
import type { RecordFormat } from '../stats/record-format.ts';
import { readRecords } from '../stats/read-records.ts';
import { STYLE_FEATURES, type StyleFeatures } from './style-features.ts';

export type StylePair = { modelStyle: StyleFeatures; opponentStyle: StyleFeatures };

const COLUMNS = STYLE_FEATURES.flatMap((f) => [`model_${f}`, `opponent_${f}`]);

/**
 * The style columns of an outcomes file for `medpair tables --style-control`, one entry per
 * record in file order: `model_length` and `opponent_length` required, `model_headers`,
 * `opponent_headers`, `model_lists`, `opponent_lists`, `model_bold`, `opponent_bold` optional
 * (0 when the column is absent), each a whole number ≥ 0. Every problem has its line.
 */
export function parseStyleColumns(
	text: string,
	options: { format: RecordFormat }
): ParseResult<StylePair[]> {
	const read = readRecords(text, options.format);
	if (!read.ok) return read;
	const { keys, rows, format } = read.value;
	const at = Object.fromEntries(COLUMNS.map((c) => [c, keys.indexOf(c)]));
	const errors: ParseError[] = [];
	if (format === 'csv') {
		for (const c of ['model_length', 'opponent_length'])
			if (at[c] === -1)
				errors.push({
					line: 1,
					message: `missing column "${c}" (--style-control needs model_length, opponent_length; optional: ${COLUMNS.slice(2).join(', ')})`
				});
		if (errors.length) return failure(errors);
	}
	const pairs: StylePair[] = [];
	for (const { line, values } of rows) {
		const side = (prefix: 'model' | 'opponent'): StyleFeatures => {
			const features = { length: 0, headers: 0, lists: 0, bold: 0 };
			for (const feature of STYLE_FEATURES) {
				const key = `${prefix}_${feature}`;
				const raw = at[key] >= 0 ? values[at[key]] : undefined;
				if (raw === undefined || raw === '') {
					if (feature === 'length') errors.push({ line, message: `missing ${key}` });
					continue;
				}
				const value = Number(raw);
				if (!Number.isInteger(value) || value < 0)
					errors.push({ line, message: `${key} must be a whole number ≥ 0, not "${raw}"` });
				else features[feature] = value;
			}
			return features;
		};
		pairs.push({ modelStyle: side('model'), opponentStyle: side('opponent') });
	}
	return errors.length ? failure(errors) : { ok: true, value: pairs };
}
