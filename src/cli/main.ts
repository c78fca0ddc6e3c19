import { Command, CommanderError, Help } from 'commander';
import { MEDPAIR_VERSION } from '../lib/domain/version.ts';
import { CliError } from './cli-error.ts';
import { COMMAND_LIST, type CommandName } from './command-list.ts';

const program = new Command('medpair')
	.description('Blinded pairwise expert evaluation of LLM answers — command line')
	.version(MEDPAIR_VERSION)
	.showHelpAfterError('(run with --help for usage)')
	.exitOverride();

// Each command module exports `register(program)`; keep this list alphabetical. Only the module
// of the command being run is loaded (the database layer alone costs ~50 MB and 0.3 s). The
// overall help and an unknown command need no module: they list COMMAND_LIST.
const COMMANDS: Record<CommandName, () => Promise<{ register(program: Command): void }>> = {
	agreement: () => import('./commands/agreement.ts'),
	backup: () => import('./commands/backup.ts'),
	db: () => import('./commands/db.ts'),
	demo: () => import('./commands/demo.ts'),
	judge: () => import('./commands/judge.ts'),
	metrics: () => import('./commands/metrics.ts'),
	predictions: () => import('./commands/predictions.ts'),
	'scores-table': () => import('./commands/scores-table.ts'),
	study: () => import('./commands/study.ts'),
	tables: () => import('./commands/tables.ts'),
	usefulness: () => import('./commands/usefulness.ts'),
	user: () => import('./commands/user.ts')
};
const isCommand = (name: string | undefined): name is CommandName =>
	name !== undefined && Object.hasOwn(COMMANDS, name);
// `medpair help study` is `medpair study --help`.
const [first, second] = process.argv.slice(2);
const name = first === 'help' && isCommand(second) ? second : first;
if (isCommand(name)) (await COMMANDS[name]()).register(program);
else {
	for (const { usage, description } of Object.values(COMMAND_LIST))
		program.command(usage).description(description);
	// Listed as when the modules are loaded: "metrics [options] <predictions.jsonl>".
	program.configureHelp({
		subcommandTerm: (command) => {
			const entry = COMMAND_LIST[command.name() as CommandName];
			if (!entry) return new Help().subcommandTerm(command);
			const [name, ...args] = entry.usage.split(' ');
			return [name, 'options' in entry ? '[options]' : '', ...args].filter(Boolean).join(' ');
		}
	});
}

try {
	await program.parseAsync(process.argv);
} catch (error) {
	if (error instanceof CommanderError) process.exit(error.exitCode);
	if (error instanceof CliError) {
		console.error(`medpair: ${error.message}`);
		process.exit(error.exitCode);
	}
	const message = error instanceof Error ? error.message : String(error);
	console.error(`medpair: unexpected error: ${message}`);
	process.exit(70);
}
