/**
 * Types shared by the automatic-metrics code. Definitions: ARCHITECTURE.md §6 (metrics) and §7
 * (predictions file shape). No functions here: each metric lives in its own file.
 */

/** Tasks whose prediction and reference are free text. */
export const TEXT_TASKS = ['qa', 'summarization', 'generation'] as const;
/** Tasks whose prediction and reference are sets of labels / entity strings. */
export const SET_TASKS = ['ner', 'classification', 'relation', 'treatment'] as const;
export const TASKS = [...TEXT_TASKS, ...SET_TASKS] as const;

export type TextTask = (typeof TEXT_TASKS)[number];
export type SetTask = (typeof SET_TASKS)[number];
export type Task = TextTask | SetTask;

/** One line of a predictions file, validated. `id` is kept as text (`1` and `"1"` are one id). */
export type Prediction = {
	line: number;
	dataset: string;
	task: Task;
	model: string;
	id: string;
	/** A string for text tasks; a label set (strings) for set tasks. */
	prediction: string | readonly string[];
	reference: string | readonly string[];
	/** Optional prompting setting (e.g. `0-shot`, `3-shot`, as BenchHealth Figure 1); reports split by it. */
	setting?: string;
};

export type ParseError = { line: number; message: string };
export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: ParseError[] };

/** Precision, recall and F1 on a 0–1 scale. */
export type Prf = { precision: number; recall: number; f1: number };

/** Micro-averaged precision / recall / F1 with the counts they come from. */
export type MicroPrf = Prf & { tp: number; fp: number; fn: number };

/** sacreBLEU's BLEUScore fields; `score` and `precisions` on a 0–100 scale. */
export type BleuScore = {
	score: number;
	counts: number[];
	totals: number[];
	precisions: number[];
	bp: number;
	sysLen: number;
	refLen: number;
};

/** The matching score of one model on one dataset, with the precision / recall used for usefulness (0–100). */
export type DatasetScore = {
	model: string;
	dataset: string;
	task: Task;
	n: number;
	score: number;
	precision: number;
	recall: number;
	/** The prompting setting, when the predictions carry one. */
	setting?: string;
};

/** How robustness reads the paper's "variance" (§3): sample SD (what its printed figures are) or sample variance. */
export const ROBUSTNESS_SPREADS = ['sd', 'variance'] as const;
export type RobustnessSpread = (typeof ROBUSTNESS_SPREADS)[number];

/** The paper's three representative tasks for robustness (§3): QA, report summarization, NER. */
export const ROBUSTNESS_TASKS: readonly Task[] = ['qa', 'summarization', 'ner'];

export type UsefulnessOptions = {
	/** `sd` (default): Σ of sample standard deviations; `variance`: Σ of sample variances. */
	robustness?: RobustnessSpread;
	/** The tasks robustness sums over; default the paper's `qa`, `summarization`, `ner`. */
	robustnessTasks?: readonly Task[];
};

/** One per-dataset score as the usefulness figures read it (0–100); precision / recall may be absent. */
export type UsefulnessInput = {
	model: string;
	dataset: string;
	task: Task;
	score: number;
	precision?: number | null;
	recall?: number | null;
	/** The prompting setting (e.g. `0-shot`); figures are computed per (model, setting). */
	setting?: string;
};

/** Robustness of one model and how it was obtained. */
export type Robustness = {
	/** Σ over `tasks` of the spread of the score across each task's datasets; null when no task has two. */
	value: number | null;
	/** The spread of each task that counted (in the order of the options). */
	tasks: { task: Task; datasets: number; spread: number }[];
	/** Robustness tasks left out because the model has fewer than two datasets in them. */
	skipped: Task[];
};

/** The paper's four clinical-usefulness figures for one model (§6). */
export type ModelUsefulness = {
	model: string;
	/** The prompting setting these figures are for, when the scores carry settings. */
	setting?: string;
	/** Sum of precisions over the model's datasets; null when no precisions were given. */
	faithfulness: number | null;
	faithfulnessMean: number | null;
	/** Sum of recalls over the model's datasets; null when no recalls were given. */
	comprehensiveness: number | null;
	comprehensivenessMean: number | null;
	/** Mean matching score over the model's datasets. */
	generalizability: number;
	/** Σ over the robustness tasks of the sample SD (or variance) of the score; lower is better. */
	robustness: number | null;
	/** The robustness tasks that counted, with their dataset counts and spreads. */
	robustnessTasks: Robustness['tasks'];
	/** Robustness tasks with fewer than two datasets for this model, left out of the sum. */
	robustnessSkipped: Task[];
	datasets: number;
};

export type MetricsReport = {
	signature: string;
	scores: DatasetScore[];
	models: ModelUsefulness[];
};

/** How a QA prediction is read before it is compared with the reference (docs/methods.md §8.2). */
export const QA_EXTRACT_RULES = ['exact', 'letter', 'regex'] as const;
export type QaExtract =
	| { rule: 'exact' }
	| { rule: 'letter' }
	/** The first match of `pattern` (case ignored): its first group, else the whole match. */
	| { rule: 'regex'; pattern: string };

export type MetricsOptions = UsefulnessOptions & {
	/** Porter stemming for ROUGE-L (rouge-score's `use_stemmer`); default true. */
	stem?: boolean;
	/** How QA answers are read from predictions; default `exact` (the whole trimmed string). */
	qaExtract?: QaExtract;
};

/** A correlation coefficient, or null with the reason it is undefined. */
export type Correlation = { value: number | null; n: number; reason?: string };
