import type { ParseError } from './parse-result.ts';
import type { RecordTable } from './read-records.ts';

/**
 * Column positions of `required` and `optional` keys in a record table (-1 when absent), and
 * for CSV one error on the header line per missing required column. (JSON Lines records are
 * checked line by line instead, since each line has its own keys.)
 */
export function recordColumns<K extends string>(
	table: RecordTable,
	required: readonly K[],
	optional: readonly K[]
): { columns: Record<K, number>; errors: ParseError[] } {
	const columns = {} as Record<K, number>;
	const errors: ParseError[] = [];
	for (const key of [...required, ...optional]) columns[key] = table.keys.indexOf(key);
	if (table.format === 'csv') {
		for (const key of required) {
			if (columns[key] === -1) {
				errors.push({
					line: 1,
					message: `missing column "${key}" (the header needs ${required.join(', ')}; optional: ${optional.join(', ')})`
				});
			}
		}
	}
	return { columns, errors };
}
