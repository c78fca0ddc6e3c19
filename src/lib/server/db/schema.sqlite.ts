/**
 * The whole domain model of ARCHITECTURE §2, SQLite tables (the default database); schema.pg.ts
 * is the PostgreSQL twin and schema.ts hands services the running one. Timestamps are Unix
 * milliseconds (integers).
 * Edit this file, then `npm run db:generate -- --name what_changed` writes a migration.
 */
import { sql } from 'drizzle-orm';
import {
	index,
	integer,
	primaryKey,
	real,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const ROLES = ['junior', 'senior', 'researcher'] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable('users', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	username: text('username').notNull().unique(),
	role: text('role', { enum: ROLES }).notNull(),
	passwordHash: text('password_hash').notNull(),
	disabledAt: integer('disabled_at'),
	createdAt: integer('created_at').notNull().default(now)
});

/** Lucia-style sessions: `id` is the hex SHA-256 of the token; the token itself is never stored. */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: integer('expires_at').notNull(),
		createdAt: integer('created_at').notNull().default(now)
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** Failed sign-ins, for the per-username throttle (kept in the database so restarts don't reset it). */
export const loginFailures = sqliteTable(
	'login_failures',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		username: text('username').notNull(),
		attemptedAt: integer('attempted_at').notNull()
	},
	(t) => [index('login_failures_username_idx').on(t.username, t.attemptedAt)]
);

export const DESIGNS = ['candidate-vs-reference', 'all-pairs'] as const;
/** `importing`: being written in slices (study-import.ts); nothing shows or serves it. */
export const STUDY_STATUSES = ['importing', 'open', 'closed'] as const;
/** When a pair goes to the senior (study file `escalate`; issue #15 §3). */
export const ESCALATION_RULES = ['any-disagreement', 'flagged-only', 'disagreement-on'] as const;
/** Which dimensions the senior's decision replaces (study file `adjudicate`; issue #15 §3). */
export const ADJUDICATION_SCOPES = ['disputed', 'whole-pair'] as const;
/** The order of the senior queue (study file `senior_order`; issue #16 §4): see adjudication.ts. */
export const SENIOR_ORDERS = ['oldest', 'judge-disagreement'] as const;

export const studies = sqliteTable('studies', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	name: text('name').notNull(),
	design: text('design', { enum: DESIGNS }).notNull(),
	ratersPerPair: integer('raters_per_pair').notNull().default(2),
	seed: integer('seed').notNull(),
	repeatRate: real('repeat_rate').notNull().default(0),
	/** The title raters see instead of `name`, which may tell them the design (issue #11). */
	titleForRaters: text('title_for_raters'),
	/** Markdown shown to raters before their first pair and on demand from every pair (#12). */
	instructions: text('instructions'),
	/** Juniors see a decided pair's final label as feedback (study file `show_final_to_raters`). */
	showFinalToRaters: integer('show_final_to_raters', { mode: 'boolean' }).notNull().default(false),
	/** Escalation rule; with 'disagreement-on', `escalateMinDimensions` is its n. */
	escalate: text('escalate', { enum: ESCALATION_RULES }).notNull().default('any-disagreement'),
	escalateMinDimensions: integer('escalate_min_dimensions'),
	/**
	 * The column default is the rule every study was adjudicated under before it existed
	 * ('whole-pair'), so migrated studies keep their results; imports always write the study
	 * file's value, whose default is 'disputed' (README "Study file").
	 */
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
	createdAt: integer('created_at').notNull().default(now),
	/** Set when pairs were last given to raters; null while unassigned. */
	assignedAt: integer('assigned_at'),
	/**
	 * Set while the study is archived: hidden from the studies list and read-only (archiving
	 * closes it); null otherwise. Separate from `status` so unarchiving is one clear step.
	 */
	archivedAt: integer('archived_at'),
	/** Per-dimension "Hard to decide" and comment beside the pair-level ones (issue #16 §2). */
	perDimensionNotes: integer('per_dimension_notes', { mode: 'boolean' }).notNull().default(false),
	/** A harm rating (none / mild / severe) per response (issue #16 §2). */
	harm: integer('harm', { mode: 'boolean' }).notNull().default(false),
	/** JSON: the study file's `issue_tags` ({key, label, description}[]); null when it has none. */
	issueTags: text('issue_tags'),
	/**
	 * Calibration (issue #16 §3; all null: the paper's protocol). `trainingPairs` gold pairs
	 * first, with feedback; real work opens at `trainingMinAgreement` (null: after the round).
	 */
	trainingPairs: integer('training_pairs'),
	trainingMinAgreement: real('training_min_agreement'),
	/** Share of each junior's queue added as hidden gold checks; flag below `checkThreshold`. */
	checkShare: real('check_share'),
	checkThreshold: real('check_threshold')
});

export const dimensions = sqliteTable(
	'dimensions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
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

export const MODEL_GROUPS = ['candidate', 'reference'] as const;

export const models = sqliteTable(
	'models',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
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

export const prompts = sqliteTable(
	'prompts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		studyId: integer('study_id')
			.notNull()
			.references(() => studies.id, { onDelete: 'cascade' }),
		key: text('key').notNull(),
		text: text('text').notNull(),
		position: integer('position').notNull()
	},
	(t) => [uniqueIndex('prompts_study_key_idx').on(t.studyId, t.key)]
);

export const responses = sqliteTable(
	'responses',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
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

export const MEMBER_ROLES = ['junior', 'senior'] as const;

export const studyMembers = sqliteTable(
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
		trainingPassedAt: integer('training_passed_at'),
		/** Training rounds the junior went round again after falling short (researcher sees it). */
		trainingRetries: integer('training_retries').notNull().default(0)
	},
	(t) => [
		primaryKey({ columns: [t.studyId, t.userId] }),
		index('study_members_user_idx').on(t.userId)
	]
);

/** A pair in canonical orientation: `model` is the candidate (or first in study order). */
export const pairs = sqliteTable(
	'pairs',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
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

export const ASSIGNMENT_STATUSES = ['pending', 'started', 'submitted'] as const;
export const ASSIGNMENT_PURPOSES = ['study', 'training', 'check'] as const;

/**
 * A pair given to one rater. `publicId` is the opaque identifier the browser sees (never the
 * pair or model ids). `modelOnLeft` records the placement: true when `pairs.model` is shown as A.
 */
export const assignments = sqliteTable(
	'assignments',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		publicId: text('public_id').notNull().unique(),
		pairId: integer('pair_id')
			.notNull()
			.references(() => pairs.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		role: text('role', { enum: MEMBER_ROLES }).notNull(),
		modelOnLeft: integer('model_on_left', { mode: 'boolean' }).notNull(),
		position: integer('position').notNull(),
		isRepeat: integer('is_repeat', { mode: 'boolean' }).notNull().default(false),
		/**
		 * `study` work enters results; `training` and `check` (hidden gold checks) are extra
		 * assignments of gold pairs, kept out of agreement, tables, escalation and final labels.
		 */
		purpose: text('purpose', { enum: ASSIGNMENT_PURPOSES }).notNull().default('study'),
		repeatOf: integer('repeat_of'),
		status: text('status', { enum: ASSIGNMENT_STATUSES }).notNull().default('pending'),
		hardToDecide: integer('hard_to_decide', { mode: 'boolean' }).notNull().default(false),
		comment: text('comment').notNull().default(''),
		/**
		 * A senior's comment from step 1 (the independent judgment), kept apart from `comment`,
		 * which holds the comment given at Finalize. Null for juniors.
		 */
		independentComment: text('independent_comment'),
		/** Server-side draft of a half-filled form (JSON), so it survives a reload. */
		draft: text('draft'),
		startedAt: integer('started_at'),
		submittedAt: integer('submitted_at'),
		secondsSpent: real('seconds_spent').notNull().default(0),
		createdAt: integer('created_at').notNull().default(now)
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

export const OUTCOMES = ['win', 'tie', 'loss'] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** `rating` for juniors; seniors record an `independent` judgment, then a `final` one. */
export const JUDGMENT_STAGES = ['rating', 'independent', 'final'] as const;

/** One rater's canonical outcome (from `pairs.model`'s side) on one dimension of one assignment. */
export const judgments = sqliteTable(
	'judgments',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
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
		createdAt: integer('created_at').notNull().default(now),
		updatedAt: integer('updated_at').notNull().default(now)
	},
	(t) => [uniqueIndex('judgments_unique_idx').on(t.assignmentId, t.dimensionId, t.stage)]
);

/** Append-only: every change to a judgment (a trigger in the migrations forbids UPDATE/DELETE). */
export const judgmentHistory = sqliteTable(
	'judgment_history',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		judgmentId: integer('judgment_id').notNull(),
		assignmentId: integer('assignment_id').notNull(),
		dimensionId: integer('dimension_id').notNull(),
		stage: text('stage', { enum: JUDGMENT_STAGES }).notNull(),
		changedBy: integer('changed_by').notNull(),
		changedAt: integer('changed_at').notNull().default(now),
		oldOutcome: text('old_outcome', { enum: OUTCOMES }),
		newOutcome: text('new_outcome', { enum: OUTCOMES }).notNull(),
		/** The grades before and after (5-point studies; null on 3-point ones). */
		oldGrade: integer('old_grade'),
		newGrade: integer('new_grade')
	},
	(t) => [index('judgment_history_judgment_idx').on(t.judgmentId)]
);

export const NOTE_FIELDS = ['hard_to_decide', 'comment'] as const;

/**
 * Append-only, like `judgment_history`: every change to an assignment's "Hard to decide" flag
 * and comment, per stage (`hard_to_decide` values are '0' / '1').
 */
export const noteHistory = sqliteTable(
	'note_history',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		assignmentId: integer('assignment_id').notNull(),
		stage: text('stage', { enum: JUDGMENT_STAGES }).notNull(),
		field: text('field', { enum: NOTE_FIELDS }).notNull(),
		changedBy: integer('changed_by').notNull(),
		changedAt: integer('changed_at').notNull().default(now),
		oldValue: text('old_value'),
		newValue: text('new_value').notNull()
	},
	(t) => [index('note_history_assignment_idx').on(t.assignmentId)]
);

/**
 * What a rater said beyond the outcomes (issue #16 §2), one row per fact, current values only:
 * `tag` (key = tag key, side, value '1'), `harm` (side, value none | mild | severe),
 * `dimension_hard` (key = dimension key, value '1'), `dimension_comment` (key = dimension key,
 * value the text) and `span` (key = tag key, side, value JSON {start, end, quote}: evidence in
 * the response text). Sides are canonical: `model` is `pairs.model`'s response, `opponent` the
 * other one, never the rater's A/B. Every change is appended to `reason_history`.
 */
export const REASON_KINDS = ['tag', 'harm', 'dimension_hard', 'dimension_comment', 'span'] as const;
export const REASON_SIDES = ['model', 'opponent', ''] as const;

export const ratingReasons = sqliteTable(
	'rating_reasons',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		assignmentId: integer('assignment_id')
			.notNull()
			.references(() => assignments.id, { onDelete: 'cascade' }),
		stage: text('stage', { enum: JUDGMENT_STAGES }).notNull(),
		kind: text('kind', { enum: REASON_KINDS }).notNull(),
		key: text('key').notNull().default(''),
		side: text('side', { enum: REASON_SIDES }).notNull().default(''),
		value: text('value').notNull(),
		updatedAt: integer('updated_at').notNull().default(now)
	},
	(t) => [
		uniqueIndex('rating_reasons_unique_idx').on(t.assignmentId, t.stage, t.kind, t.key, t.side)
	]
);

/** Append-only, like `judgment_history`: every change to `rating_reasons` ('' = removed). */
export const reasonHistory = sqliteTable(
	'reason_history',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		assignmentId: integer('assignment_id').notNull(),
		stage: text('stage', { enum: JUDGMENT_STAGES }).notNull(),
		kind: text('kind', { enum: REASON_KINDS }).notNull(),
		key: text('key').notNull(),
		side: text('side', { enum: REASON_SIDES }).notNull(),
		changedBy: integer('changed_by').notNull(),
		changedAt: integer('changed_at').notNull().default(now),
		oldValue: text('old_value'),
		newValue: text('new_value').notNull()
	},
	(t) => [index('reason_history_assignment_idx').on(t.assignmentId)]
);

/** The senior queue: one row per escalated pair, with why it escalated. */
export const escalations = sqliteTable('escalations', {
	pairId: integer('pair_id')
		.primaryKey()
		.references(() => pairs.id, { onDelete: 'cascade' }),
	/** JSON: { dimensions: string[], flaggedBy: string[], comments: {rater, text}[] } */
	reasons: text('reasons').notNull(),
	priority: integer('priority').notNull().default(0),
	createdAt: integer('created_at').notNull().default(now),
	/** Set when the senior finalizes; the senior's decision then stands. */
	decidedAt: integer('decided_at'),
	/** Set when a junior's change removed the disagreement before a decision. */
	withdrawnAt: integer('withdrawn_at')
});

export const LABEL_SOURCES = ['consensus', 'senior'] as const;
/** Where a gold pair's expected outcomes came from. */
export const GOLD_SOURCES = ['study-file', 'adjudicated'] as const;

export const finalLabels = sqliteTable(
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
		decidedAt: integer('decided_at').notNull().default(now)
	},
	(t) => [primaryKey({ columns: [t.pairId, t.dimensionId] })]
);

/**
 * A gold pair (issue #16 §3): a pair of the study with expected outcomes, used for training and
 * hidden checks. `expected` is JSON {dimension key: 'win'|'tie'|'loss'} from `pairs.model`'s side.
 */
export const goldPairs = sqliteTable(
	'gold_pairs',
	{
		pairId: integer('pair_id')
			.primaryKey()
			.references(() => pairs.id, { onDelete: 'cascade' }),
		studyId: integer('study_id')
			.notNull()
			.references(() => studies.id, { onDelete: 'cascade' }),
		expected: text('expected').notNull(),
		explanation: text('explanation').notNull().default(''),
		source: text('source', { enum: GOLD_SOURCES }).notNull(),
		markedBy: integer('marked_by').references(() => users.id),
		createdAt: integer('created_at').notNull().default(now)
	},
	(t) => [index('gold_pairs_study_idx').on(t.studyId)]
);

/** An uploaded benchmark predictions file (for automatic metrics), optionally tied to a study. */
export const predictionSets = sqliteTable('prediction_sets', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	studyId: integer('study_id').references(() => studies.id, { onDelete: 'cascade' }),
	name: text('name').notNull(),
	uploadedBy: integer('uploaded_by').references(() => users.id),
	createdAt: integer('created_at').notNull().default(now)
});

export const predictions = sqliteTable(
	'predictions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
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
export const judgeJudgments = sqliteTable(
	'judge_judgments',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
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
		modelShownFirst: integer('model_shown_first', { mode: 'boolean' }).notNull(),
		importedAt: integer('imported_at').notNull().default(now)
	},
	(t) => [
		uniqueIndex('judge_judgments_unique_idx').on(t.studyId, t.judge, t.pairId, t.dimensionId),
		// The senior queue's judge–human disagreement, per escalated pair.
		index('judge_judgments_pair_idx').on(t.pairId)
	]
);

/** Append-only record of researcher actions (accounts, imports, assignment, exports). */
export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id'),
		action: text('action').notNull(),
		studyId: integer('study_id'),
		/** JSON with action-specific details. */
		detail: text('detail').notNull().default('{}'),
		at: integer('at').notNull().default(now)
	},
	(t) => [index('audit_log_at_idx').on(t.at)]
);
