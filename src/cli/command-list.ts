/**
 * Every `medpair` command's name, arguments and one-line description, kept apart from the
 * command modules so that `medpair --help` can list them all without loading any module (the
 * database layer alone costs ~0.3 s). Each module registers its command from this list.
 */
export const COMMAND_LIST = {
	agreement: {
		options: true,
		usage: 'agreement <ratings>',
		description:
			'inter-rater agreement of a ratings file (CSV or JSON Lines: item, rater, label[, dimension][, prompt]), offline'
	},
	backup: {
		options: true,
		usage: 'backup <file>',
		description:
			'write a consistent copy of the database while it is in use, then check it (on PostgreSQL with pg_dump)'
	},
	db: {
		usage: 'db',
		description:
			'move the database: copy a SQLite one into PostgreSQL (db copy --to "$DATABASE_URL")'
	},
	demo: { usage: 'demo', description: 'the demo accounts that npm start creates' },
	judge: {
		usage: 'judge',
		description:
			'an automatic (LLM) judge as one more rater: import its judgments, report its agreement with the humans'
	},
	metrics: {
		options: true,
		usage: 'metrics <predictions.jsonl>',
		description:
			'automatic metrics (accuracy, ROUGE-L, BLEU-4, micro F1) and clinical-usefulness figures per model, offline'
	},
	predictions: {
		usage: 'predictions',
		description:
			'benchmark predictions stored with a study (for the study page’s automatic metrics)'
	},
	'scores-table': {
		options: true,
		usage: 'scores-table <scores>',
		description:
			"per-dataset scores in the layout of the paper's Table 5 (scenario column groups, Types, # Params, reference rows, best in bold) from a scores file (CSV or JSON Lines: model, dataset, task, score[, kind, params]), offline"
	},
	study: { usage: 'study', description: 'import and manage studies' },
	tables: {
		options: true,
		usage: 'tables <outcomes>',
		description:
			'win / tie / loss table and Bradley–Terry ranking from an outcomes file (CSV or JSON Lines: prompt, model, opponent, dimension, outcome), offline'
	},
	usefulness: {
		options: true,
		usage: 'usefulness <scores>',
		description:
			'clinical-usefulness figures per model (faithfulness, comprehensiveness, generalizability, robustness) from per-dataset scores (CSV or JSON Lines: model, dataset, task, score[, precision, recall]), offline'
	},
	user: { usage: 'user', description: 'manage accounts' }
} as const;

export type CommandName = keyof typeof COMMAND_LIST;
