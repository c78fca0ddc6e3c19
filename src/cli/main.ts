import { Command, CommanderError } from 'commander';
import { MEDPAIR_VERSION } from '../lib/domain/version.ts';
import { CliError } from './cli-error.ts';

const program = new Command('medpair')
	.description('Blinded pairwise expert evaluation of LLM answers — command line')
	.version(MEDPAIR_VERSION)
	.showHelpAfterError('(run with --help for usage)')
	.exitOverride();

// Each command module exports `register(program)`; keep this list alphabetical. Only the module
// of the command being run is loaded (the database layer alone costs ~50 MB and 0.3 s), except
// for --help and unknown commands, which need them all.
const COMMANDS: Record<string, () => Promise<{ register(program: Command): void }>> = {
	agreement: () => import('./commands/agreement.ts'),
	backup: () => import('./commands/backup.ts'),
	demo: () => import('./commands/demo.ts'),
	metrics: () => import('./commands/metrics.ts'),
	predictions: () => import('./commands/predictions.ts'),
	study: () => import('./commands/study.ts'),
	tables: () => import('./commands/tables.ts'),
	user: () => import('./commands/user.ts')
};
const name = process.argv[2];
const wanted = name && Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS);
for (const command of wanted) (await COMMANDS[command]()).register(program);

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
