import { Command, Option } from 'commander';
import { ROLES } from '../../lib/server/db/schema.ts';
import * as users from '../../lib/server/services/users.ts';
import { CliError } from '../cli-error.ts';
import { withDatabase } from '../database.ts';
import { readNewPassword } from '../read-secret.ts';
import { COMMAND_LIST } from '../command-list.ts';

export function register(program: Command): void {
	const user = program.command(COMMAND_LIST.user.usage).description(COMMAND_LIST.user.description);
	user
		.command('add <username>')
		.description('create an account (asks for the password, or reads it with --password-stdin)')
		.addOption(new Option('--role <role>', 'the account role').choices(ROLES).makeOptionMandatory())
		.option('--password-stdin', 'read the password from standard input')
		.option('--json', 'print {"id": ...}')
		.action(
			async (
				username: string,
				options: { role: string; passwordStdin?: boolean; json?: boolean }
			) => {
				const password = await readNewPassword(options.passwordStdin === true);
				const parsed = users.newUserSchema.safeParse({ username, role: options.role, password });
				if (!parsed.success) throw new CliError(parsed.error.issues[0].message);
				const id = await withDatabase(async (db) => {
					try {
						return await users.create(db, parsed.data);
					} catch (error) {
						if (error instanceof users.UserExistsError) throw new CliError(error.message);
						throw error;
					}
				});
				console.log(
					options.json
						? JSON.stringify({ id })
						: `Created ${parsed.data.role} "${parsed.data.username}" (id ${id}).`
				);
			}
		);
	user
		.command('reset-password <username>')
		.description(
			'set a new password (asks for it, or reads it with --password-stdin); signs the user out everywhere and lifts a sign-in lockout'
		)
		.option('--password-stdin', 'read the password from standard input')
		.action(async (username: string, options: { passwordStdin?: boolean }) => {
			const password = await readNewPassword(options.passwordStdin === true);
			const parsed = users.passwordSchema.safeParse(password);
			if (!parsed.success) throw new CliError(parsed.error.issues[0].message);
			await withDatabase(async (db) => {
				const found = await users.findByUsername(db, username);
				if (!found) throw new CliError(`unknown user "${username}"`);
				await users.resetPassword(db, found.id, parsed.data, null);
			});
			console.log(`Set a new password for "${username}" and signed them out everywhere.`);
		});
}
