import { Command, CommanderError } from 'commander';
import { MEDPAIR_VERSION } from '../lib/domain/version.ts';
import { CliError } from './cli-error.ts';
import * as agreement from './commands/agreement.ts';
import * as backup from './commands/backup.ts';
import * as metrics from './commands/metrics.ts';
import * as predictions from './commands/predictions.ts';
import * as study from './commands/study.ts';
import * as tables from './commands/tables.ts';
import * as user from './commands/user.ts';

const program = new Command('medpair')
	.description('Blinded pairwise expert evaluation of LLM answers — command line')
	.version(MEDPAIR_VERSION)
	.showHelpAfterError('(run with --help for usage)')
	.exitOverride();

// Each command module exports `register(program)`; keep this list alphabetical.
const commands: { register(program: Command): void }[] = [
	agreement,
	backup,
	metrics,
	predictions,
	study,
	tables,
	user
];
for (const command of commands) command.register(program);

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
