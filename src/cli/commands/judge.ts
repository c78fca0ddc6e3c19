import { Command, Option } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { exportStudy } from '../../lib/server/services/exports.ts';
import * as judges from '../../lib/server/services/judges.ts';
import * as studies from '../../lib/server/services/studies.ts';
import { CliError } from '../cli-error.ts';
import { withDatabase } from '../database.ts';
import { COMMAND_LIST } from '../command-list.ts';
import { writeChunks } from './study.ts';

function studyIdOf(id: string): number {
	const studyId = Number(id);
	if (!Number.isInteger(studyId) || studyId <= 0) throw new CliError(`"${id}" is not a study id`);
	return studyId;
}

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
			const studyId = studyIdOf(id);
			if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
			if (statSync(file).size > 50 * 1024 * 1024)
				throw new CliError(`${file} is larger than 50 MB`);
			const text = readFileSync(file, 'utf8');
			const result = await withDatabase(async (db) => {
				const study = await studies.get(db, studyId);
				if (!study) throw new CliError(`there is no study ${studyId}`);
				if (study.archivedAt !== null) throw new CliError(studies.ARCHIVED_MESSAGE);
				return await judges.importJudgments(db, studyId, basename(file), text, null);
			});
			if (!result.ok) {
				const list = result.errors.map((e) => `  line ${e.line}: ${e.message}`).join('\n');
				throw new CliError(
					`${file} was not imported; nothing was changed. ${result.errors.length} problem(s):\n${list}`
				);
			}
			if (options.json)
				console.log(
					JSON.stringify({ lines: result.lines, judges: result.judges, replaced: result.replaced })
				);
			else
				console.log(
					`Stored ${result.lines} judgments of ${result.judges.join(', ')} with study ${studyId}${result.replaced ? ` (replacing ${result.replaced} earlier ones)` : ''}.`
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
			const studyId = studyIdOf(id);
			await withDatabase(async (db) => {
				const result = await exportStudy(db, studyId, 'judge', flags.format);
				if (!result.ok) throw new CliError(result.message);
				await writeChunks(result.value.chunks, process.stdout);
			});
		});
}
