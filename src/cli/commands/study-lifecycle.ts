import type { Command } from 'commander';
import * as studies from '../../lib/server/services/studies.ts';
import { CliError } from '../cli-error.ts';
import { withDatabase } from '../database.ts';
import { parseStudyId } from '../jsonl-import.ts';
import { countOf } from '../../lib/format.ts';

/** `medpair study archive|unarchive|delete`, the study page's "Archive or delete" (issue 17 §12). */
export function registerLifecycle(study: Command): void {
	study
		.command('archive <study-id>')
		.description('hide a study from the list and make it read-only (closed); exports still work')
		.action(async (id: string) => {
			const studyId = parseStudyId(id);
			const changed = await withDatabase(async (db) => {
				if (!(await studies.get(db, studyId))) throw new CliError(`there is no study ${studyId}`);
				return await studies.archive(db, studyId, null);
			});
			console.log(
				changed ? `Archived study ${studyId}.` : `Study ${studyId} was already archived.`
			);
		});

	study
		.command('unarchive <study-id>')
		.description('bring an archived study back into the list (it stays closed until reopened)')
		.action(async (id: string) => {
			const studyId = parseStudyId(id);
			const changed = await withDatabase(async (db) => {
				if (!(await studies.get(db, studyId))) throw new CliError(`there is no study ${studyId}`);
				return await studies.unarchive(db, studyId, null);
			});
			console.log(changed ? `Unarchived study ${studyId}.` : `Study ${studyId} was not archived.`);
		});

	study
		.command('delete <study-id>')
		.description(
			'delete a study and everything under it; a study with judgments needs --confirm-name'
		)
		.option('--confirm-name <name>', 'the study’s exact name, required when it has judgments')
		.action(async (id: string, options: { confirmName?: string }) => {
			const studyId = parseStudyId(id);
			const result = await withDatabase(
				async (db) => await studies.remove(db, studyId, null, options.confirmName)
			);
			if (!result.ok)
				throw new CliError(
					result.reason === 'missing'
						? `there is no study ${studyId}`
						: `study ${studyId} has ${countOf(result.judgments, 'judgment')}; nothing was deleted. To delete them with it, add --confirm-name "${result.name}"`
				);
			console.log(
				`Deleted study ${studyId} ("${result.name}") with ${countOf(result.judgments, 'judgment')}.`
			);
		});
}
