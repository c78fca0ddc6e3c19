import { Command, Option } from 'commander';
import { exportStudy } from '../../lib/server/services/exports.ts';
import * as judges from '../../lib/server/services/judges.ts';
import { CliError } from '../cli-error.ts';
import { withDatabase } from '../database.ts';
import { COMMAND_LIST } from '../command-list.ts';
import { importJsonl, parseStudyId } from '../jsonl-import.ts';
import { writeChunks } from './study.ts';

export function register(program: Command): void {
	const group = program
		.command(COMMAND_LIST.judge.usage)
		.description(COMMAND_LIST.judge.description);
	group
		.command('import <study-id> <judgments.jsonl>')
		.description(
			'validate an automatic judge’s judgments and store them apart from the human ones, in one transaction (a judge imported again is replaced)'
		)
		.option('--json', 'print {"lines": ..., "judges": [...], "replaced": ...}')
		.action(async (id: string, file: string, options: { json?: boolean }) => {
			const result = await importJsonl(id, file, (db, studyId, name, text) =>
				judges.importJudgments(db, studyId, name, text, null)
			);
			if (options.json)
				console.log(
					JSON.stringify({ lines: result.lines, judges: result.judges, replaced: result.replaced })
				);
			else
				console.log(
					`Stored ${result.lines} judgments of ${result.judges.join(', ')} with study ${result.studyId}${result.replaced ? ` (replacing ${result.replaced} earlier ones)` : ''}.`
				);
		});
	group
		.command('report <study-id>')
		.description(
			'judge–human agreement (κ, AC1 with bootstrap intervals), the judge’s position bias and its win / tie / loss next to the humans’'
		)
		.addOption(
			new Option('--format <format>', 'output format (as study export --table judge)')
				.choices(['md', 'csv', 'json', 'latex'])
				.default('md')
		)
		.action(async (id: string, flags: { format: 'md' | 'csv' | 'json' | 'latex' }) => {
			const studyId = parseStudyId(id);
			await withDatabase(async (db) => {
				const result = await exportStudy(db, studyId, 'judge', flags.format);
				if (!result.ok) throw new CliError(result.message);
				await writeChunks(result.value.chunks, process.stdout);
			});
		});
}
