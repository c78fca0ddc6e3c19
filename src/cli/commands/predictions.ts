import { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import * as predictions from '../../lib/server/services/predictions.ts';
import * as studies from '../../lib/server/services/studies.ts';
import { CliError } from '../cli-error.ts';
import { withDatabase } from '../database.ts';
import { COMMAND_LIST } from '../command-list.ts';

export function register(program: Command): void {
	program
		.command(COMMAND_LIST.predictions.usage)
		.description(COMMAND_LIST.predictions.description)
		.command('import <study-id> <predictions.jsonl>')
		.description('validate a predictions file and store it with the study, in one transaction')
		.option('--json', 'print {"id": ..., "lines": ..., "unknown_models": [...]}')
		.action(async (id: string, file: string, options: { json?: boolean }) => {
			const studyId = Number(id);
			if (!Number.isInteger(studyId) || studyId <= 0)
				throw new CliError(`"${id}" is not a study id`);
			if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
			if (statSync(file).size > 50 * 1024 * 1024)
				throw new CliError(`${file} is larger than 50 MB`);
			const text = readFileSync(file, 'utf8');
			const result = await withDatabase(async (db) => {
				const study = await studies.get(db, studyId);
				if (!study) throw new CliError(`there is no study ${studyId}`);
				if (study.archivedAt !== null) throw new CliError(studies.ARCHIVED_MESSAGE);
				return await predictions.importPredictions(db, studyId, basename(file), text, null);
			});
			if (!result.ok) {
				const list = result.errors.map((e) => `  line ${e.line}: ${e.message}`).join('\n');
				throw new CliError(
					`${file} was not imported; nothing was changed. ${result.errors.length} problem(s):\n${list}`
				);
			}
			if (options.json)
				console.log(
					JSON.stringify({
						id: result.id,
						lines: result.lines,
						unknown_models: result.unknownModels
					})
				);
			else {
				console.log(`Stored ${result.lines} predictions with study ${studyId}.`);
				if (result.unknownModels.length)
					console.log(`Not models of this study: ${result.unknownModels.join(', ')}.`);
			}
		});
}
