import type { Problem } from './problem.ts';
import type { StudyFile } from './schema.ts';

export type Account = { role: string; disabledAt: number | null };

/**
 * The study's members checked against the accounts that exist (by username): unknown users,
 * wrong roles and disabled accounts, each located in the file (`members.junior[1]`).
 */
export function memberProblems(
	members: StudyFile['members'],
	accounts: ReadonlyMap<string, Account>
): Problem[] {
	const problems: Problem[] = [];
	for (const role of ['junior', 'senior'] as const) {
		members[role].forEach((username, i) => {
			const path = `members.${role}[${i}]`;
			const user = accounts.get(username);
			if (!user) problems.push({ path, message: `unknown user "${username}"` });
			else if (user.role !== role)
				problems.push({ path, message: `"${username}" has the role ${user.role}, not ${role}` });
			else if (user.disabledAt !== null)
				problems.push({ path, message: `the account "${username}" is disabled` });
		});
	}
	return problems;
}
