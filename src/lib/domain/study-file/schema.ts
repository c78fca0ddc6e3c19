/**
 * The study file (ARCHITECTURE §8) as zod schemas; types are inferred from them.
 */
import { z } from 'zod';

/** Lone UTF-16 surrogates cannot be stored (SQLite would turn them into U+FFFD). */
const wellFormed = { error: 'must be valid Unicode text (it contains a lone surrogate)' };

/**
 * PostgreSQL text cannot hold U+0000 (its "invalid byte sequence for encoding UTF8: 0x00"), so a
 * study that imports on SQLite would fail on PostgreSQL: refused on both, before anything is stored.
 */
const noNul = (what: string) => ({
	error: `${what} must not contain the NUL character (U+0000), which the database cannot store`
});
const withoutNul = (value: string) => !value.includes('\u0000');

const text = (what: string) =>
	z
		.string({ error: `${what} must be a string` })
		.refine((value) => value.trim().length > 0, { error: `${what} must not be empty` })
		.refine((value) => value.isWellFormed(), wellFormed)
		.refine(withoutNul, noNul(what));

/**
 * Names every JavaScript object inherits (`__proto__`, `constructor`, `toString`, …). A key with
 * one of these names, used to index a plain object anywhere (a form's `choices[dimension]`, a
 * lookup table), reads or writes the inherited member instead of data: `{}["constructor"]` is a
 * function, so a dimension called "constructor" looks answered when nobody answered it.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(
	Object.getOwnPropertyNames(Object.prototype)
);

/**
 * Keys (dimensions, models, prompts, the prompt / model of a response) and member usernames:
 * 1–200 characters after trimming, valid Unicode, no control characters (U+0000–U+001F,
 * U+007F–U+009F: they corrupt terminals, CSV exports and logs), and not a reserved name.
 */
export const keySchema = z
	.string({ error: 'key must be a string' })
	.trim()
	.min(1, { error: 'key must not be empty' })
	.max(200, { error: 'key must be at most 200 characters' })
	.refine((value) => value.isWellFormed(), wellFormed)
	.refine((value) => !/\p{Cc}/u.test(value), {
		error:
			'key must not contain control characters (tabs, line breaks, U+0000–U+001F, U+007F–U+009F)'
	})
	.refine((value) => !RESERVED_KEYS.has(value), {
		error: (issue) =>
			`key ${JSON.stringify(issue.input)} is reserved (a name every JavaScript object has: ${[...RESERVED_KEYS].join(', ')}); choose another`
	});

export const DEFAULT_DIMENSIONS = [
	{
		key: 'faithfulness',
		label: 'Faithfulness',
		rubric:
			'Contains nothing false or unsupported by medical evidence. An unfaithful answer risks misdiagnosis.'
	},
	{
		key: 'comprehensiveness',
		label: 'Comprehensiveness',
		rubric:
			'Leaves out nothing important, including red flags and when to seek care. An incomplete answer risks a missed diagnosis.'
	},
	{
		key: 'generalizability',
		label: 'Generalizability',
		rubric: 'Stays useful across kinds of patients, questions and tasks, not only the narrow case.'
	},
	{
		key: 'robustness',
		label: 'Robustness',
		rubric: 'Stays correct and consistent however the question is phrased.'
	}
] as const;

export const dimensionSchema = z.object({
	key: keySchema,
	label: text('label'),
	rubric: z.string().refine(withoutNul, noNul('rubric')).default('')
});

/** A study-defined issue a rater can mark on response A, B or both (issue #16 §2). */
export const issueTagSchema = z.object({
	key: keySchema,
	label: text('label').pipe(z.string().max(100, { error: 'label must be at most 100 characters' })),
	description: z.string().refine(withoutNul, noNul('description')).default('')
});

export const modelSchema = z.object({
	key: keySchema,
	name: z.string().trim().min(1).refine(withoutNul, noNul('name')).optional(),
	group: z.enum(['candidate', 'reference'], { error: 'group must be "candidate" or "reference"' }),
	kind: z.string().trim().min(1).refine(withoutNul, noNul('kind')).optional(),
	params: z
		.union([z.string(), z.number()])
		.transform(String)
		.refine(withoutNul, noNul('params'))
		.optional()
});

const outcomeSchema = z.enum(['win', 'tie', 'loss'], {
	error: 'expected outcomes must be "win", "tie" or "loss" (from the model\'s side)'
});

/** A gold pair (issue #16 §3): a pair of the study with its expected outcome per dimension. */
export const goldSchema = z.strictObject({
	prompt: keySchema,
	model: keySchema,
	opponent: keySchema,
	expected: z.record(keySchema, outcomeSchema).refine((e) => Object.keys(e).length > 0, {
		error: 'expected needs an outcome for at least one dimension'
	}),
	explanation: z
		.string({ error: 'explanation must be text' })
		.max(5000, { error: 'explanation must be at most 5,000 characters' })
		.default('')
});

/** Before real work, each junior rates `pairs` gold pairs with feedback (issue #16 §3). */
export const trainingSchema = z.strictObject({
	pairs: z
		.int({ error: 'training.pairs must be a whole number' })
		.min(1, { error: 'training.pairs must be at least 1' }),
	/** Share of the training judgments that must match the expected ones before real work opens. */
	min_agreement: z
		.number({ error: 'training.min_agreement must be a number from 0 to 1' })
		.min(0, { error: 'training.min_agreement must be a number from 0 to 1' })
		.max(1, { error: 'training.min_agreement must be a number from 0 to 1' })
		.optional()
});

/** Hidden gold checks mixed into each junior's queue (issue #16 §3). */
export const goldChecksSchema = z.strictObject({
	share: z
		.number({ error: 'gold_checks.share must be a number above 0 and at most 0.5' })
		.gt(0, { error: 'gold_checks.share must be a number above 0 and at most 0.5' })
		.max(0.5, { error: 'gold_checks.share must be a number above 0 and at most 0.5' }),
	threshold: z
		.number({ error: 'gold_checks.threshold must be a number from 0 to 1' })
		.min(0, { error: 'gold_checks.threshold must be a number from 0 to 1' })
		.max(1, { error: 'gold_checks.threshold must be a number from 0 to 1' })
		.default(0.6)
});

export const promptSchema = z.object({ key: keySchema, text: text('text') });

export const responseSchema = z.object({
	prompt: keySchema,
	model: keySchema,
	text: text('text')
});

/** A list given inline, or as a path to a JSONL or CSV file next to the study file. */
const listOrPath = <T extends z.ZodType>(item: T) =>
	z.union([z.array(item), z.string().regex(/\.(jsonl|csv)$/i, 'must be a .jsonl or .csv path')]);

export const studyFileSchema = z.object({
	name: text('name').pipe(z.string().max(300)),
	/** What raters see instead of `name` (which may describe the design); see raterTitle(). */
	title_for_raters: text('title_for_raters')
		.pipe(z.string().max(300, { error: 'title_for_raters must be at most 300 characters' }))
		.optional(),
	/** Markdown for raters: shown before their first pair and one key (I) away on every pair. */
	instructions: text('instructions')
		.pipe(z.string().max(20_000, { error: 'instructions must be at most 20,000 characters' }))
		.optional(),
	/** Juniors see a decided pair's final label (in their own A/B placement) as feedback. */
	show_final_to_raters: z
		.boolean({ error: 'show_final_to_raters must be true or false' })
		.default(false),
	/**
	 * When a pair goes to a senior (issue #15 §3): "any-disagreement" (default),
	 * "flagged-only", or {"disagreement-on": n} (n dimensions or more); a flag always escalates.
	 */
	escalate: z
		.union(
			[
				z.enum(['any-disagreement', 'flagged-only']),
				z.strictObject({
					'disagreement-on': z
						.int({ error: 'disagreement-on must be a whole number of dimensions' })
						.min(1, { error: 'disagreement-on must be at least 1' })
				})
			],
			{
				error:
					'escalate must be "any-disagreement", "flagged-only" or {"disagreement-on": n} with n ≥ 1'
			}
		)
		.default('any-disagreement'),
	/**
	 * Which dimensions the senior's decision replaces: "disputed" (default; all when the pair was
	 * flagged) or "whole-pair".
	 */
	adjudicate: z
		.enum(['disputed', 'whole-pair'], { error: 'adjudicate must be "disputed" or "whole-pair"' })
		.default('disputed'),
	/**
	 * The senior queue's order after any raised priority: "oldest" escalation first (default), or
	 * "judge-disagreement": pairs where an imported automatic judge disagrees most with the juniors
	 * first (issue #16 §4). Researchers can change it on the study page.
	 */
	senior_order: z
		.enum(['oldest', 'judge-disagreement'], {
			error: 'senior_order must be "oldest" or "judge-disagreement"'
		})
		.default('oldest'),
	/**
	 * The rating scale (issue #16 §1): 3 (default, the paper's "A better / Tie / B better") or 5,
	 * which adds the strength of preference ("A much better" … "B much better").
	 */
	scale: z.union([z.literal(3), z.literal(5)], { error: 'scale must be 3 or 5' }).default(3),
	/** A "Hard to decide" box and a comment per dimension, beside the pair-level ones. */
	per_dimension_notes: z
		.boolean({ error: 'per_dimension_notes must be true or false' })
		.default(false),
	/** Issue tags raters mark per response; none by default (the paper protocol). */
	issue_tags: z.array(issueTagSchema).max(30).default([]),
	/** A harm rating (none / mild / severe) per response, Med-PaLM style. */
	harm: z.boolean({ error: 'harm must be true or false' }).default(false),
	design: z
		.enum(['candidate-vs-reference', 'all-pairs'], {
			error: 'design must be "candidate-vs-reference" or "all-pairs"'
		})
		.default('candidate-vs-reference'),
	raters_per_pair: z
		.int({ error: 'raters_per_pair must be a whole number' })
		.min(1)
		.max(20)
		.default(2),
	seed: z
		.int({ error: 'seed must be a whole number' })
		.min(0)
		.max(2 ** 31 - 1)
		.optional(),
	repeat_rate: z.number().min(0).max(0.5).default(0),
	/** Gold pairs: held out of the study's own work, used for training and hidden checks. */
	gold: z.array(goldSchema).default([]),
	training: trainingSchema.optional(),
	gold_checks: goldChecksSchema.optional(),
	dimensions: z
		.array(dimensionSchema)
		.min(1)
		.default(() => DEFAULT_DIMENSIONS.map((d) => ({ ...d }))),
	models: z.array(modelSchema).min(2, { error: 'a study needs at least two models' }),
	members: z
		.object({
			junior: z.array(keySchema).default([]),
			senior: z.array(keySchema).default([])
		})
		.default({ junior: [], senior: [] }),
	prompts: listOrPath(promptSchema),
	responses: listOrPath(responseSchema)
});

export type StudyFileInput = z.input<typeof studyFileSchema>;
export type Dimension = z.infer<typeof dimensionSchema>;
export type IssueTag = z.infer<typeof issueTagSchema>;
export type Model = z.infer<typeof modelSchema>;
export type Prompt = z.infer<typeof promptSchema>;
export type Response = z.infer<typeof responseSchema>;
export type Gold = z.infer<typeof goldSchema>;

/** A study file after validation, with side files loaded: every list is inline. */
export type StudyFile = Omit<z.infer<typeof studyFileSchema>, 'prompts' | 'responses'> & {
	prompts: Prompt[];
	responses: Response[];
};
