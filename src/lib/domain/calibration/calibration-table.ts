/**
 * The study's calibration (issue #16 §3) as one row per junior, for the export `--table
 * calibration`: training progress and agreement, accuracy on hidden gold checks with its Wilson
 * 95 % interval, the accuracy by quarter of the junior's queue (drift), and the flag below the
 * study's threshold. Rates as fractions at full precision; empty where a part does not apply
 * (no training pairs, no checks, nothing rated yet).
 */
import type { Accuracy } from './gold-accuracy.ts';
import type { Table } from '../export/table.ts';

/** A junior's training round(s): agreement with the gold answers, and whether they passed. */
export type TrainingProgress = {
	total: number;
	submitted: number;
	agreement: number | null;
	passed: boolean;
	retries: number;
	/** Finished below the minimum and not yet past it. */
	stuck: boolean;
};

/** A junior's hidden gold checks. */
export type CheckResults = {
	placed: number;
	rated: number;
	accuracy: Accuracy;
	/** By quarter of the junior's queue (study work and checks, in order). */
	drift: Accuracy[];
	/** Accuracy below the study's threshold (with at least one check rated). */
	flagged: boolean;
};

export type CalibrationRow = {
	rater: string;
	training: TrainingProgress | null;
	checks: CheckResults | null;
};

const flag = (value: boolean | undefined) => (value === undefined ? null : value ? 1 : 0);

export function calibrationTable(raters: readonly CalibrationRow[]): Table {
	const quarters = Math.max(4, ...raters.map((r) => r.checks?.drift.length ?? 0));
	return {
		caption: 'Calibration: training and accuracy on hidden gold checks, per junior',
		columns: [
			{ key: 'rater', label: 'rater' },
			{ key: 'training_total', label: 'training_total', align: 'right' },
			{ key: 'training_submitted', label: 'training_submitted', align: 'right' },
			{ key: 'training_agreement', label: 'training_agreement', align: 'right' },
			{ key: 'training_passed', label: 'training_passed', align: 'right' },
			{ key: 'training_retries', label: 'training_retries', align: 'right' },
			{ key: 'training_stuck', label: 'training_stuck', align: 'right' },
			{ key: 'checks_placed', label: 'checks_placed', align: 'right' },
			{ key: 'checks_rated', label: 'checks_rated', align: 'right' },
			{ key: 'checks_matched', label: 'checks_matched', align: 'right' },
			{ key: 'checks_judged', label: 'checks_judged', align: 'right' },
			{ key: 'accuracy', label: 'accuracy', align: 'right' },
			{ key: 'accuracy_lo', label: 'accuracy_lo', align: 'right' },
			{ key: 'accuracy_hi', label: 'accuracy_hi', align: 'right' },
			{ key: 'flagged', label: 'flagged', align: 'right' },
			...Array.from({ length: quarters }, (_, q) => ({
				key: `drift_q${q + 1}`,
				label: `drift_q${q + 1}`,
				align: 'right' as const
			}))
		],
		rows: raters.map((r) => ({
			rater: r.rater,
			training_total: r.training?.total ?? null,
			training_submitted: r.training?.submitted ?? null,
			training_agreement: r.training?.agreement ?? null,
			training_passed: flag(r.training?.passed),
			training_retries: r.training?.retries ?? null,
			training_stuck: flag(r.training?.stuck),
			checks_placed: r.checks?.placed ?? null,
			checks_rated: r.checks?.rated ?? null,
			checks_matched: r.checks?.accuracy.matched ?? null,
			checks_judged: r.checks?.accuracy.judged ?? null,
			accuracy: r.checks?.accuracy.accuracy ?? null,
			accuracy_lo: r.checks?.accuracy.interval?.[0] ?? null,
			accuracy_hi: r.checks?.accuracy.interval?.[1] ?? null,
			flagged: flag(r.checks?.flagged),
			...Object.fromEntries(
				Array.from({ length: quarters }, (_, q) => [
					`drift_q${q + 1}`,
					r.checks?.drift[q]?.accuracy ?? null
				])
			)
		}))
	};
}
