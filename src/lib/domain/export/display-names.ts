/**
 * Display names in exports (issue #17 item 14): a study's models have a `name` and its dimensions
 * a `label` next to their keys. Tables for machines (CSV) keep the key columns as they are and
 * get the names as extra columns at the end (`model_name`, `opponent_name`, `dimension_name`), so
 * scripts that read columns by position still work; tables for people (Markdown, LaTeX) show the
 * name in place of the key. A key without a name stands for itself.
 */
import { cellValue, isSection, type Cell, type Column, type Row, type Table } from './table.ts';

export type DisplayNames = {
	/** Model key → display name. */
	models: ReadonlyMap<string, string>;
	/** Dimension key → label. */
	dimensions: ReadonlyMap<string, string>;
};

/** The table columns that hold keys, and where their names come from. */
const KEY_COLUMNS: Record<string, keyof DisplayNames> = {
	model: 'models',
	opponent: 'models',
	dimension: 'dimensions'
};

function nameOf(names: DisplayNames, key: string, value: Cell | undefined): string | null {
	const raw = cellValue(value);
	if (raw === null || raw === '') return null;
	return names[KEY_COLUMNS[key]].get(String(raw)) ?? String(raw);
}

/** The column of names for a key column: `model_name` "Model name". */
export function nameColumn(column: Column): Column {
	return { key: `${column.key}_name`, label: `${column.label} name` };
}

/** `add`: name columns appended (CSV); `show`: names in the key columns (Markdown, LaTeX). */
export function withDisplayNames(table: Table, names: DisplayNames, mode: 'add' | 'show'): Table {
	const keyed = table.columns.filter((c) => c.key in KEY_COLUMNS);
	if (keyed.length === 0) return table;
	const rows = table.rows.map((row): Row => {
		if (isSection(row)) return row;
		const copy: Record<string, Cell> = { ...row };
		for (const { key } of keyed) {
			const name = nameOf(names, key, row[key]);
			if (mode === 'add') copy[`${key}_name`] = name;
			else if (name !== null) {
				const cell = row[key];
				copy[key] = cell !== null && typeof cell === 'object' ? { ...cell, value: name } : name;
			}
		}
		return copy;
	});
	const columns = mode === 'add' ? [...table.columns, ...keyed.map(nameColumn)] : table.columns;
	return { ...table, columns, rows };
}

/** The names as JSON (`"display_names": {"models": {key: name}, "dimensions": {key: label}}`). */
export function displayNamesJson(names: DisplayNames) {
	return {
		models: Object.fromEntries(names.models),
		dimensions: Object.fromEntries(names.dimensions)
	};
}
