import { Command } from 'commander';
import * as predictions from '../../lib/server/services/predictions.ts';
import { COMMAND_LIST } from '../command-list.ts';
import { importJsonl } from '../jsonl-import.ts';

export function register(program: Command): void {
	program
		.command(COMMAND_LIST.predictions.usage)
		.description(COMMAND_LIST.predictions.description)
		.command('import <study-id> <predictions.jsonl>')
		.description('validate a predictions file and store it with the study, in one transaction')
		.option('--json', 'print {"id": ..., "lines": ..., "unknown_models": [...]}')
		.action(async (id: string, file: string, options: { json?: boolean }) => {
			const result = await importJsonl(id, file, (db, studyId, name, text) =>
				predictions.importPredictions(db, studyId, name, text, null)
			);
			if (options.json)
				console.log(
					JSON.stringify({
						id: result.id,
						lines: result.lines,
						unknown_models: result.unknownModels
					})
				);
			else {
				console.log(`Stored ${result.lines} predictions with study ${result.studyId}.`);
				if (result.unknownModels.length)
					console.log(`Not models of this study: ${result.unknownModels.join(', ')}.`);
			}
		});
}
