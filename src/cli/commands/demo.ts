import type { Command } from 'commander';
import * as demo from '../../lib/server/services/demo.ts';
import * as users from '../../lib/server/services/users.ts';
import { CliError } from '../cli-error.ts';
import { withDatabase } from '../database.ts';
import { readNewPassword } from '../read-secret.ts';
import { COMMAND_LIST } from '../command-list.ts';

export function register(program: Command): void {
	const group = program.command(COMMAND_LIST.demo.usage).description(COMMAND_LIST.demo.description);
	group
		.command('off')
		.description(
			'end demo mode: keep (or create) a named researcher, disable every demo account and give it an unusable password'
		)
		.requiredOption('--researcher <username>', 'the researcher account that keeps medpair')
		.option('--password-stdin', 'read the new researcher password from standard input')
		.option('--json', 'print {"researcher": ..., "created": ..., "disabled": [...]}')
		.action(async (options: { researcher: string; passwordStdin?: boolean; json?: boolean }) => {
			const username = users.usernameSchema.safeParse(options.researcher);
			if (!username.success) throw new CliError(username.error.issues[0].message);
			const result = await withDatabase(async (db) => {
				const password = (await users.findByUsername(db, username.data))
					? undefined
					: await readNewPassword(options.passwordStdin === true);
				if (password !== undefined) {
					const checked = users.passwordSchema.safeParse(password);
					if (!checked.success) throw new CliError(checked.error.issues[0].message);
				}
				try {
					return await demo.turnOff(db, { username: username.data, password });
				} catch (error) {
					if (error instanceof demo.DemoOffError) throw new CliError(error.message);
					throw error;
				}
			});
			if (options.json) {
				console.log(
					JSON.stringify({
						researcher: result.researcher.username,
						created: result.researcher.created,
						disabled: result.disabled
					})
				);
				return;
			}
			const who = `${result.researcher.username} (${result.researcher.created ? 'created' : 'kept'})`;
			console.log(`Demo mode is off. Researcher: ${who}.`);
			console.log(
				result.disabled.length > 0
					? `Disabled demo accounts: ${result.disabled.join(', ')}. Their ratings are kept; the demo password no longer works.`
					: 'No demo account was enabled.'
			);
		});
}
