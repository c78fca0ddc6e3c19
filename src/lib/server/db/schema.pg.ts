/**
 * The PostgreSQL twin of `schema.ts` (issue #14): the same tables, columns, indexes and foreign
 * keys, and the same inferred row types (test/unit/db/schema-parity*.test.ts fails otherwise), so
 * services can be written once. Edit both files together, then `npm run db:generate:pg -- --name
 * what_changed` writes the migration into migrations/pg/.
 *
 * Dialect mapping: ids are by-default identities (a copied SQLite database keeps its ids);
 * millisecond timestamps are `bigint` read as numbers; SQLite's 0/1 booleans are `boolean`;
 * `real` is `double precision`.
 */
import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	doublePrecision,
	index,
	integer,
	pgTable,
	primaryKey,
	text,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import {
	ASSIGNMENT_PURPOSES,
	ASSIGNMENT_STATUSES,
	ADJUDICATION_SCOPES,
	SENIOR_ORDERS,
	DESIGNS,
	ESCALATION_RULES,
	GOLD_SOURCES,
	JUDGMENT_STAGES,
	LABEL_SOURCES,
	MEMBER_ROLES,
	MODEL_GROUPS,
	NOTE_FIELDS,
	OUTCOMES,
	REASON_KINDS,
	REASON_SIDES,
	ROLES,
	STUDY_STATUSES
} from './schema.sqlite.ts';

/**
 * Unix milliseconds, truncated like SQLite's `cast(unixepoch('subsec') * 1000 as integer)`.
 * statement_timestamp() is fixed for one statement, as SQLite's 'now' is; now() would be the
 * start of the transaction instead.
 */
const now = sql`(floor(extract(epoch from statement_timestamp()) * 1000)::bigint)`;

export const users = pgTable('users', {
	id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
	username: text('username').notNull().unique(),
	role: text('role', { enum: ROLES }).notNull(),
	passwordHash: text('password_hash').notNull(),
	disabledAt: bigint('disabled_at', { mode: 'number' }),
	createdAt: bigint('created_at', { mode: 'number' }).notNull().default(now)
});

/** Lucia-style sessions: `id` is the hex SHA-256 of the token; the token itself is never stored. */
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
		createdAt: bigint('created_at', { mode: 'number' }).notNull().default(now)
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** Failed sign-ins, for the per-username throttle (kept in the database so restarts don't reset it). */
export const loginFailures = pgTable(
	'login_failures',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		username: text('username').notNull(),
		attemptedAt: bigint('attempted_at', { mode: 'number' }).notNull()
	},
	(t) => [index('login_failures_username_idx').on(t.username, t.attemptedAt)]
);

export const studies = pgTable('studies', {
	id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
	name: text('name').notNull(),
	design: text('design', { enum: DESIGNS }).notNull(),
	ratersPerPair: integer('raters_per_pair').notNull().default(2),
	seed: integer('seed').notNull(),
	repeatRate: doublePrecision('repeat_rate').notNull().default(0),
	/** The title raters see instead of `name`, which may tell them the design (issue #11). */
	titleForRaters: text('title_for_raters'),
	/** Markdown shown to raters before their first pair and on demand from every pair (#12). */
	instructions: text('instructions'),
	/** Juniors see a decided pair's final label as feedback (study file `show_final_to_raters`). */
	showFinalToRaters: boolean('show_final_to_raters').notNull().default(false),
	/** Escalation rule; with 'disagreement-on', `escalateMinDimensions` is its n. */
	escalate: text('escalate', { enum: ESCALATION_RULES }).notNull().default('any-disagreement'),
	escalateMinDimensions: integer('escalate_min_dimensions'),
	/** 'whole-pair' for rows that existed before the column (see schema.sqlite.ts). */
	adjudicate: text('adjudicate', { enum: ADJUDICATION_SCOPES }).notNull().default('whole-pair'),
	/**
	 * Which escalated pairs a senior sees first after any raised priority: the oldest, or those
	 * where an automatic judge disagrees most with the juniors (a researcher's choice).
	 */
	seniorOrder: text('senior_order', { enum: SENIOR_ORDERS }).notNull().default('oldest'),
	/** The rating scale (study file `scale`, issue #16 §1): 3 (win/tie/loss) or 5 (graded). */
	scale: integer('scale').notNull().default(3),
	status: text('status', { enum: STUDY_STATUSES }).notNull().default('open'),
	createdBy: integer('created_by').references(() => users.id),
	createdAt: bigint('created_at', { mode: 'number' }).notNull().default(now),
	/** Set when pairs were last given to raters; null while unassigned. */
	assignedAt: bigint('assigned_at', { mode: 'number' }),
	/**
	 * Set while the study is archived: hidden from the studies list and read-only (archiving
	 * closes it); null otherwise. Separate from `status` so unarchiving is one clear step.
	 */
	archivedAt: bigint('archived_at', { mode: 'number' }),
	perDimensionNotes: boolean('per_dimension_notes').notNull().default(false),
	harm: boolean('harm').notNull().default(false),
	issueTags: text('issue_tags'),
	/**
	 * Calibration (issue #16 §3; all null: the paper's protocol). `trainingPairs` gold pairs
	 * first, with feedback; real work opens at `trainingMinAgreement` (null: after the round).
	 */
	trainingPairs: integer('training_pairs'),
	trainingMinAgreement: doublePrecision('training_min_agreement'),
	/** Share of each junior's queue added as hidden gold checks; flag below `checkThreshold`. */
	checkShare: doublePrecision('check_share'),
	checkThreshold: doublePrecision('check_threshold')
});

export const dimensions = pgTable(
	'dimensions',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		studyId: integer('study_id')
			.notNull()
			.references(() => studies.id, { onDelete: 'cascade' }),
		key: text('key').notNull(),
		label: text('label').notNull(),
		rubric: text('rubric').notNull().default(''),
		position: integer('position').notNull()
	},
	(t) => [uniqueIndex('dimensions_study_key_idx').on(t.studyId, t.key)]
);

export const models = pgTable(
	'models',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		studyId: integer('study_id')
			.notNull()
			.references(() => studies.id, { onDelete: 'cascade' }),
		key: text('key').notNull(),
		name: text('name'),
		group: text('group', { enum: MODEL_GROUPS }).notNull(),
		kind: text('kind'),
		params: text('params'),
		position: integer('position').notNull()
	},
	(t) => [uniqueIndex('models_study_key_idx').on(t.studyId, t.key)]
);

export const prompts = pgTable(
	'prompts',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		studyId: integer('study_id')
			.notNull()
			.references(() => studies.id, { onDelete: 'cascade' }),
		key: text('key').notNull(),
		text: text('text').notNull(),
		position: integer('position').notNull()
	},
	(t) => [uniqueIndex('prompts_study_key_idx').on(t.studyId, t.key)]
);

export const responses = pgTable(
	'responses',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		promptId: integer('prompt_id')
			.notNull()
			.references(() => prompts.id, { onDelete: 'cascade' }),
		modelId: integer('model_id')
			.notNull()
			.references(() => models.id, { onDelete: 'cascade' }),
		text: text('text').notNull()
	},
	(t) => [uniqueIndex('responses_prompt_model_idx').on(t.promptId, t.modelId)]
);

export const studyMembers = pgTable(
	'study_members',
	{
		studyId: integer('study_id')
			.notNull()
			.references(() => studies.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		role: text('role', { enum: MEMBER_ROLES }).notNull(),
		/** Stable pseudonym within the study ("J1", "S1") used in exports without --names. */
		pseudonym: text('pseudonym').notNull(),
		/**
		 * The member's assignments in the study, and how many of them are submitted: the
		 * progress a rater sees on every pair, read with one key lookup instead of counting the
		 * queue (issue #18). Kept by triggers on `assignments` (migrations 0006 / pg 0003), in
		 * the transaction of every insert, delete and status change, whichever code makes it.
		 */
		assignedCount: integer('assigned_count').notNull().default(0),
		submittedCount: integer('submitted_count').notNull().default(0),
		/** When the junior reached the study's training agreement; null before (or no training). */
		trainingPassedAt: bigint('training_passed_at', { mode: 'number' }),
		/** Training rounds the junior went round again after falling short (researcher sees it). */
		trainingRetries: integer('training_retries').notNull().default(0)
	},
	(t) => [
		primaryKey({ columns: [t.studyId, t.userId] }),
		index('study_members_user_idx').on(t.userId)
	]
);

/** A pair in canonical orientation: `model` is the candidate (or first in study order). */
export const pairs = pgTable(
	'pairs',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		studyId: integer('study_id')
			.notNull()
			.references(() => studies.id, { onDelete: 'cascade' }),
		promptId: integer('prompt_id')
			.notNull()
			.references(() => prompts.id, { onDelete: 'cascade' }),
		modelId: integer('model_id')
			.notNull()
			.references(() => models.id, { onDelete: 'cascade' }),
		opponentId: integer('opponent_id')
			.notNull()
			.references(() => models.id, { onDelete: 'cascade' }),
		position: integer('position').notNull()
	},
	(t) => [
		uniqueIndex('pairs_unique_idx').on(t.studyId, t.promptId, t.modelId, t.opponentId),
		index('pairs_study_idx').on(t.studyId, t.position)
	]
);

/**
 * A pair given to one rater. `publicId` is the opaque identifier the browser sees (never the
 * pair or model ids). `modelOnLeft` records the placement: true when `pairs.model` is shown as A.
 */
export const assignments = pgTable(
	'assignments',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		publicId: text('public_id').notNull().unique(),
		pairId: integer('pair_id')
			.notNull()
			.references(() => pairs.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		role: text('role', { enum: MEMBER_ROLES }).notNull(),
		modelOnLeft: boolean('model_on_left').notNull(),
		position: integer('position').notNull(),
		isRepeat: boolean('is_repeat').notNull().default(false),
		/** As in schema.sqlite.ts: `study`, or a gold pair's `training` / hidden `check` copy. */
		purpose: text('purpose', { enum: ASSIGNMENT_PURPOSES }).notNull().default('study'),
		repeatOf: integer('repeat_of'),
		status: text('status', { enum: ASSIGNMENT_STATUSES }).notNull().default('pending'),
		hardToDecide: boolean('hard_to_decide').notNull().default(false),
		comment: text('comment').notNull().default(''),
		/**
		 * A senior's comment from step 1 (the independent judgment), kept apart from `comment`,
		 * which holds the comment given at Finalize. Null for juniors.
		 */
		independentComment: text('independent_comment'),
		/** Server-side draft of a half-filled form (JSON), so it survives a reload. */
		draft: text('draft'),
		startedAt: bigint('started_at', { mode: 'number' }),
		submittedAt: bigint('submitted_at', { mode: 'number' }),
		secondsSpent: doublePrecision('seconds_spent').notNull().default(0),
		createdAt: bigint('created_at', { mode: 'number' }).notNull().default(now)
	},
	(t) => [
		index('assignments_queue_idx').on(t.userId, t.status, t.position),
		index('assignments_pair_idx').on(t.pairId),
		// The next-pair lookup walks a rater's unrated work in queue order: keep only that indexed.
		index('assignments_open_queue_idx')
			.on(t.userId, t.position)
			.where(sql`status <> 'submitted'`),
		// A rater's training copies (issue #16 §3): N per study, found without walking their queue.
		index('assignments_training_idx')
			.on(t.userId)
			.where(sql`purpose = 'training'`)
	]
);

/** One rater's canonical outcome (from `pairs.model`'s side) on one dimension of one assignment. */
export const judgments = pgTable(
	'judgments',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		assignmentId: integer('assignment_id')
			.notNull()
			.references(() => assignments.id, { onDelete: 'cascade' }),
		dimensionId: integer('dimension_id')
			.notNull()
			.references(() => dimensions.id, { onDelete: 'cascade' }),
		stage: text('stage', { enum: JUDGMENT_STAGES }).notNull().default('rating'),
		outcome: text('outcome', { enum: OUTCOMES }).notNull(),
		/** The graded outcome −2..2 from `pairs.model`'s side on a 5-point study; null on 3-point. */
		grade: integer('grade'),
		createdAt: bigint('created_at', { mode: 'number' }).notNull().default(now),
		updatedAt: bigint('updated_at', { mode: 'number' }).notNull().default(now)
	},
	(t) => [uniqueIndex('judgments_unique_idx').on(t.assignmentId, t.dimensionId, t.stage)]
);

/** Append-only: every change to a judgment (a trigger in the migrations forbids UPDATE/DELETE). */
export const judgmentHistory = pgTable(
	'judgment_history',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		judgmentId: integer('judgment_id').notNull(),
		assignmentId: integer('assignment_id').notNull(),
		dimensionId: integer('dimension_id').notNull(),
		stage: text('stage', { enum: JUDGMENT_STAGES }).notNull(),
		changedBy: integer('changed_by').notNull(),
		changedAt: bigint('changed_at', { mode: 'number' }).notNull().default(now),
		oldOutcome: text('old_outcome', { enum: OUTCOMES }),
		newOutcome: text('new_outcome', { enum: OUTCOMES }).notNull(),
		/** The grades before and after (5-point studies; null on 3-point ones). */
		oldGrade: integer('old_grade'),
		newGrade: integer('new_grade')
	},
	(t) => [index('judgment_history_judgment_idx').on(t.judgmentId)]
);

/**
 * Append-only, like `judgment_history`: every change to an assignment's "Hard to decide" flag
 * and comment, per stage (`hard_to_decide` values are '0' / '1').
 */
export const noteHistory = pgTable(
	'note_history',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		assignmentId: integer('assignment_id').notNull(),
		stage: text('stage', { enum: JUDGMENT_STAGES }).notNull(),
		field: text('field', { enum: NOTE_FIELDS }).notNull(),
		changedBy: integer('changed_by').notNull(),
		changedAt: bigint('changed_at', { mode: 'number' }).notNull().default(now),
		oldValue: text('old_value'),
		newValue: text('new_value').notNull()
	},
	(t) => [index('note_history_assignment_idx').on(t.assignmentId)]
);

/** See schema.sqlite.ts: what a rater said beyond the outcomes (issue #16 §2). */
export const ratingReasons = pgTable(
	'rating_reasons',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		assignmentId: integer('assignment_id')
			.notNull()
			.references(() => assignments.id, { onDelete: 'cascade' }),
		stage: text('stage', { enum: JUDGMENT_STAGES }).notNull(),
		kind: text('kind', { enum: REASON_KINDS }).notNull(),
		key: text('key').notNull().default(''),
		side: text('side', { enum: REASON_SIDES }).notNull().default(''),
		value: text('value').notNull(),
		updatedAt: bigint('updated_at', { mode: 'number' }).notNull().default(now)
	},
	(t) => [
		uniqueIndex('rating_reasons_unique_idx').on(t.assignmentId, t.stage, t.kind, t.key, t.side)
	]
);

/** Append-only, like `judgment_history`: every change to `rating_reasons` ('' = removed). */
export const reasonHistory = pgTable(
	'reason_history',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		assignmentId: integer('assignment_id').notNull(),
		stage: text('stage', { enum: JUDGMENT_STAGES }).notNull(),
		kind: text('kind', { enum: REASON_KINDS }).notNull(),
		key: text('key').notNull(),
		side: text('side', { enum: REASON_SIDES }).notNull(),
		changedBy: integer('changed_by').notNull(),
		changedAt: bigint('changed_at', { mode: 'number' }).notNull().default(now),
		oldValue: text('old_value'),
		newValue: text('new_value').notNull()
	},
	(t) => [index('reason_history_assignment_idx').on(t.assignmentId)]
);

/** The senior queue: one row per escalated pair, with why it escalated. */
export const escalations = pgTable('escalations', {
	/**
	 * In SQLite an integer primary key is the rowid, so drizzle types it as optional on insert.
	 * Keep the insert types identical, but refuse the missing id instead of inventing one.
	 */
	pairId: integer('pair_id')
		.primaryKey()
		.references(() => pairs.id, { onDelete: 'cascade' })
		.$defaultFn(() => {
			throw new Error('escalations.pair_id has no default: give the pair it escalates');
		}),
	/** JSON: { dimensions: string[], flaggedBy: string[], comments: {rater, text}[] } */
	reasons: text('reasons').notNull(),
	priority: integer('priority').notNull().default(0),
	createdAt: bigint('created_at', { mode: 'number' }).notNull().default(now),
	/** Set when the senior finalizes; the senior's decision then stands. */
	decidedAt: bigint('decided_at', { mode: 'number' }),
	/** Set when a junior's change removed the disagreement before a decision. */
	withdrawnAt: bigint('withdrawn_at', { mode: 'number' })
});

export const finalLabels = pgTable(
	'final_labels',
	{
		pairId: integer('pair_id')
			.notNull()
			.references(() => pairs.id, { onDelete: 'cascade' }),
		dimensionId: integer('dimension_id')
			.notNull()
			.references(() => dimensions.id, { onDelete: 'cascade' }),
		outcome: text('outcome', { enum: OUTCOMES }).notNull(),
		/** The graded final label −2..2 on a 5-point study (finalGrade); null on 3-point. */
		grade: integer('grade'),
		source: text('source', { enum: LABEL_SOURCES }).notNull(),
		decidedAt: bigint('decided_at', { mode: 'number' }).notNull().default(now)
	},
	(t) => [primaryKey({ columns: [t.pairId, t.dimensionId] })]
);

/**
 * A gold pair (issue #16 §3): a pair of the study with expected outcomes, used for training and
 * hidden checks. `expected` is JSON {dimension key: 'win'|'tie'|'loss'} from `pairs.model`'s side.
 */
export const goldPairs = pgTable(
	'gold_pairs',
	{
		pairId: integer('pair_id')
			.primaryKey()
			.references(() => pairs.id, { onDelete: 'cascade' })
			// Insert types equal SQLite's (rowid: optional), as escalations.pair_id.
			.$defaultFn(() => {
				throw new Error('gold_pairs.pair_id has no default: give the gold pair');
			}),
		studyId: integer('study_id')
			.notNull()
			.references(() => studies.id, { onDelete: 'cascade' }),
		expected: text('expected').notNull(),
		explanation: text('explanation').notNull().default(''),
		source: text('source', { enum: GOLD_SOURCES }).notNull(),
		markedBy: integer('marked_by').references(() => users.id),
		createdAt: bigint('created_at', { mode: 'number' }).notNull().default(now)
	},
	(t) => [index('gold_pairs_study_idx').on(t.studyId)]
);

/** An uploaded benchmark predictions file (for automatic metrics), optionally tied to a study. */
export const predictionSets = pgTable('prediction_sets', {
	id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
	studyId: integer('study_id').references(() => studies.id, { onDelete: 'cascade' }),
	name: text('name').notNull(),
	uploadedBy: integer('uploaded_by').references(() => users.id),
	createdAt: bigint('created_at', { mode: 'number' }).notNull().default(now)
});

export const predictions = pgTable(
	'predictions',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		setId: integer('set_id')
			.notNull()
			.references(() => predictionSets.id, { onDelete: 'cascade' }),
		dataset: text('dataset').notNull(),
		task: text('task').notNull(),
		model: text('model').notNull(),
		itemId: text('item_id').notNull(),
		/** JSON: a string, or an array of strings for set-valued tasks. */
		prediction: text('prediction').notNull(),
		reference: text('reference').notNull(),
		/** The prompting setting (e.g. `3-shot`, BenchHealth Figure 1); '' when the file gives none. */
		setting: text('setting').notNull().default('')
	},
	(t) => [
		uniqueIndex('predictions_unique_idx').on(t.setId, t.dataset, t.model, t.itemId, t.setting)
	]
);

/**
 * One judgment of an automatic judge (an LLM) on one pair and dimension (issue #16 §4), kept
 * apart from the human judgments so it never enters their statistics. `outcome` is canonical
 * (from `pairs.model`'s side); `grade` the graded value −2..2 when the judge gave one;
 * `modelShownFirst` the order the judge saw (true when `pairs.model` came first).
 */
export const judgeJudgments = pgTable(
	'judge_judgments',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		studyId: integer('study_id')
			.notNull()
			.references(() => studies.id, { onDelete: 'cascade' }),
		judge: text('judge').notNull(),
		pairId: integer('pair_id')
			.notNull()
			.references(() => pairs.id, { onDelete: 'cascade' }),
		dimensionId: integer('dimension_id')
			.notNull()
			.references(() => dimensions.id, { onDelete: 'cascade' }),
		outcome: text('outcome', { enum: OUTCOMES }).notNull(),
		grade: integer('grade'),
		modelShownFirst: boolean('model_shown_first').notNull(),
		importedAt: bigint('imported_at', { mode: 'number' }).notNull().default(now)
	},
	(t) => [
		uniqueIndex('judge_judgments_unique_idx').on(t.studyId, t.judge, t.pairId, t.dimensionId),
		// The senior queue's judge–human disagreement, per escalated pair.
		index('judge_judgments_pair_idx').on(t.pairId)
	]
);

/** Append-only record of researcher actions (accounts, imports, assignment, exports). */
export const auditLog = pgTable(
	'audit_log',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		userId: integer('user_id'),
		action: text('action').notNull(),
		studyId: integer('study_id'),
		/** JSON with action-specific details. */
		detail: text('detail').notNull().default('{}'),
		at: bigint('at', { mode: 'number' }).notNull().default(now)
	},
	(t) => [index('audit_log_at_idx').on(t.at)]
);
