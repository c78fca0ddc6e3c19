/**
 * The tables services query, for the database this process runs on. Services import tables from
 * here and are written once (issue #14): the bindings below start as the SQLite tables
 * (schema.sqlite.ts) and `useDialect('pg')` points them at their PostgreSQL twins (schema.pg.ts).
 * ES module exports are live bindings, so every importer sees the switch, also code that imported
 * this module before the database was opened. The PostgreSQL tables are typed as the SQLite ones:
 * test/unit/db/schema-parity*.test.ts proves their row types equal, and the query builder that
 * runs is the one of the opened database, so the SQL is the right dialect's.
 *
 * One dialect per process: openDb / openPg choose it (see dialect.ts), and opening the other one
 * while a database of the first is open fails instead of querying the wrong tables.
 */
import * as pg from './schema.pg.ts';
import * as sqlite from './schema.sqlite.ts';

export {
	ADJUDICATION_SCOPES,
	ASSIGNMENT_PURPOSES,
	ASSIGNMENT_STATUSES,
	DESIGNS,
	ESCALATION_RULES,
	GOLD_SOURCES,
	JUDGMENT_STAGES,
	LABEL_SOURCES,
	MEMBER_ROLES,
	MODEL_GROUPS,
	NOTE_FIELDS,
	REASON_KINDS,
	REASON_SIDES,
	OUTCOMES,
	ROLES,
	SENIOR_ORDERS,
	STUDY_STATUSES,
	type Outcome,
	type Role
} from './schema.sqlite.ts';

export let users = sqlite.users;
export let sessions = sqlite.sessions;
export let loginFailures = sqlite.loginFailures;
export let studies = sqlite.studies;
export let dimensions = sqlite.dimensions;
export let models = sqlite.models;
export let prompts = sqlite.prompts;
export let responses = sqlite.responses;
export let studyMembers = sqlite.studyMembers;
export let pairs = sqlite.pairs;
export let assignments = sqlite.assignments;
export let judgments = sqlite.judgments;
export let judgmentHistory = sqlite.judgmentHistory;
export let noteHistory = sqlite.noteHistory;
export let escalations = sqlite.escalations;
export let finalLabels = sqlite.finalLabels;
export let predictionSets = sqlite.predictionSets;
export let predictions = sqlite.predictions;
export let judgeJudgments = sqlite.judgeJudgments;
export let goldPairs = sqlite.goldPairs;
export let auditLog = sqlite.auditLog;
export let ratingReasons = sqlite.ratingReasons;
export let reasonHistory = sqlite.reasonHistory;

/** Points every table binding at the given dialect's tables. */
export function useTables(dialect: 'sqlite' | 'pg'): void {
	const from = (dialect === 'pg' ? pg : sqlite) as unknown as typeof sqlite;
	users = from.users;
	sessions = from.sessions;
	loginFailures = from.loginFailures;
	studies = from.studies;
	dimensions = from.dimensions;
	models = from.models;
	prompts = from.prompts;
	responses = from.responses;
	studyMembers = from.studyMembers;
	pairs = from.pairs;
	assignments = from.assignments;
	judgments = from.judgments;
	judgmentHistory = from.judgmentHistory;
	noteHistory = from.noteHistory;
	escalations = from.escalations;
	finalLabels = from.finalLabels;
	predictionSets = from.predictionSets;
	predictions = from.predictions;
	judgeJudgments = from.judgeJudgments;
	goldPairs = from.goldPairs;
	auditLog = from.auditLog;
	ratingReasons = from.ratingReasons;
	reasonHistory = from.reasonHistory;
}
