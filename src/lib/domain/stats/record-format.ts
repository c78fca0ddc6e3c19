export type RecordFormat = 'csv' | 'jsonl';

/**
 * The format of a ratings or outcomes file: by extension (.csv; .jsonl, .ndjson, .json), else
 * JSON Lines when the first non-blank character is `{`, else CSV.
 */
export function recordFormat(fileName: string, text: string): RecordFormat {
	const name = fileName.toLowerCase();
	if (name.endsWith('.csv')) return 'csv';
	if (name.endsWith('.jsonl') || name.endsWith('.ndjson') || name.endsWith('.json')) return 'jsonl';
	return /^\uFEFF?\s*\{/.test(text) ? 'jsonl' : 'csv';
}
