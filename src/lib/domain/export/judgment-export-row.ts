/**
 * One line of the judgments export (issue 7): a rater's judgment on one dimension of one pair,
 * with what the rater saw (which model was shown as A, the displayed choice) next to the stored
 * canonical outcome, and the pair's final label on that dimension. ARCHITECTURE §2 "Judgment".
 */
import { choiceLabel, toChoice, type Outcome, type Scale } from '../blinding/choice.ts';
import type { DisplayNames } from './display-names.ts';
import type { Column } from './table.ts';
import type { StreamValue } from './stream-table.ts';

export type JudgmentRecord = {
	study: number;
	prompt: string;
	model: string;
	opponent: string;
	dimension: string;
	/** Pseudonym (J1, S1) or username. */
	rater: string;
	role: 'junior' | 'senior';
	isRepeat: boolean;
	stage: 'rating' | 'independent' | 'final';
	/** True when `model` was shown as Response A. */
	modelOnLeft: boolean;
	outcome: Outcome;
	hard: boolean;
	comment: string;
	/** Unix milliseconds. */
	createdAt: number;
	updatedAt: number;
	secondsSpent: number;
	finalOutcome: Outcome | null;
	finalSource: 'consensus' | 'senior' | null;
	/** The graded outcome −2..2 (5-point studies; null on 3-point ones), and the final label's. */
	grade: number | null;
	finalGrade: number | null;
};

export const JUDGMENT_COLUMNS: Column[] = [
	{ key: 'study', label: 'Study', align: 'right' },
	{ key: 'prompt', label: 'Prompt' },
	{ key: 'model', label: 'Model' },
	{ key: 'opponent', label: 'Opponent' },
	{ key: 'dimension', label: 'Dimension' },
	{ key: 'rater', label: 'Rater' },
	{ key: 'role', label: 'Role' },
	{ key: 'repeat', label: 'Repeat' },
	{ key: 'stage', label: 'Stage' },
	{ key: 'shown_as_a', label: 'Shown as A' },
	{ key: 'choice', label: 'Choice' },
	{ key: 'outcome', label: 'Outcome' },
	{ key: 'hard', label: 'Hard' },
	{ key: 'comment', label: 'Comment' },
	{ key: 'created_at', label: 'Created' },
	{ key: 'updated_at', label: 'Updated' },
	{ key: 'seconds_spent', label: 'Seconds', align: 'right' },
	{ key: 'final_outcome', label: 'Final outcome' },
	{ key: 'final_source', label: 'Final source' }
];

/** The display names of the key columns, after the columns above (issue #17 item 14). */
export const JUDGMENT_NAME_COLUMNS: Column[] = [
	{ key: 'model_name', label: 'Model name' },
	{ key: 'opponent_name', label: 'Opponent name' },
	{ key: 'dimension_name', label: 'Dimension name' }
];

/** The record's model, opponent and dimension names, in the order of JUDGMENT_NAME_COLUMNS. */
export function judgmentNameValues(r: JudgmentRecord, names: DisplayNames): StreamValue[] {
	return [
		names.models.get(r.model) ?? r.model,
		names.models.get(r.opponent) ?? r.opponent,
		names.dimensions.get(r.dimension) ?? r.dimension
	];
}

/**
 * The columns on a 5-point study (issue #16 §1): `grade` after `outcome` and `final_grade` after
 * `final_outcome`, each −2..2 from `model`'s side; a 3-point study keeps JUDGMENT_COLUMNS.
 */
export const GRADED_JUDGMENT_COLUMNS: Column[] = JUDGMENT_COLUMNS.flatMap((column) =>
	column.key === 'outcome'
		? [column, { key: 'grade', label: 'Grade', align: 'right' as const }]
		: column.key === 'final_outcome'
			? [column, { key: 'final_grade', label: 'Final grade', align: 'right' as const }]
			: [column]
);

/** The judgments export's columns on a study of this scale. */
export function judgmentColumns(scale: Scale): Column[] {
	return scale === 5 ? GRADED_JUDGMENT_COLUMNS : JUDGMENT_COLUMNS;
}

/** ISO 8601 (UTC) of a Unix-ms time; remembers the last one, as a rater's rows share their times. */
let lastTime = NaN;
let lastIso = '';
function isoTime(ms: number): string {
	if (ms !== lastTime) {
		lastIso = new Date(ms).toISOString();
		lastTime = ms;
	}
	return lastIso;
}

/**
 * The record's values in the order of judgmentColumns(scale); times as ISO 8601 (UTC). The
 * choice is named as the rater saw it ("A slightly better" on a 5-point study).
 */
export function judgmentExportValues(r: JudgmentRecord, scale: Scale = 3): StreamValue[] {
	const values: StreamValue[] = [
		r.study,
		r.prompt,
		r.model,
		r.opponent,
		r.dimension,
		r.rater,
		r.role,
		r.isRepeat,
		r.stage,
		r.modelOnLeft ? r.model : r.opponent,
		choiceLabel(toChoice(r.outcome, r.modelOnLeft, r.grade), scale),
		r.outcome,
		r.hard,
		r.comment,
		isoTime(r.createdAt),
		isoTime(r.updatedAt),
		Math.round(r.secondsSpent * 1000) / 1000,
		r.finalOutcome,
		r.finalSource
	];
	if (scale === 5) {
		values.splice(12, 0, r.grade);
		values.splice(19, 0, r.finalGrade);
	}
	return values;
}
