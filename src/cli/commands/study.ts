import { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
	MAX_STUDY_FILE_BYTES,
	formatProblem,
	parseStudyFile,
	type ParseOptions
} from '../../lib/domain/study-file/index.ts';
import * as assignments from '../../lib/server/services/assignments.ts';
import * as studies from '../../lib/server/services/studies.ts';
import { CliError } from '../cli-error.ts';
import { withDatabase } from '../database.ts';

function readStudy(file: string, checkMembers: ParseOptions['checkMembers']) {
	if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
	if (statSync(file).size > MAX_STUDY_FILE_BYTES)
		throw new CliError(
			`${file} is larger than 50 MB; give prompts and responses as JSONL or CSV files next to it`
		);
	const dir = dirname(resolve(file));
	return parseStudyFile(readFileSync(file, 'utf8'), {
		loadSideFile: (path) => {
			const full = resolve(dir, path);
			return existsSync(full) ? readFileSync(full, 'utf8') : null;
		},
		checkMembers
	});
}

function notImported(file: string, problems: string[]): CliError {
	const list = problems.map((p) => `  ${p}`).join('\n');
	return new CliError(
		`${file} was not imported; nothing was changed. ${problems.length} problem(s):\n${list}`
	);
}

export function register(program: Command): void {
	const study = program.command('study').description('import and manage studies');
	study
		.command('import <study.json>')
		.description('validate a study file and import it in one transaction')
		.option('--json', 'print {"id": ...}')
		.action(async (file: string, options: { json?: boolean }) => {
			const result = await withDatabase((db) => {
				const parsed = readStudy(file, (members) => studies.checkMembers(db, members));
				if (!parsed.ok) throw notImported(file, parsed.problems.map(formatProblem));
				const imported = studies.importStudy(db, parsed.value, null);
				if (!imported.ok) throw notImported(file, imported.problems.map(formatProblem));
				return { ...imported, name: parsed.value.name };
			});
			if (options.json) console.log(JSON.stringify({ id: result.id }));
			else
				console.log(
					`Imported "${result.name}" as study ${result.id}: ${result.counts.prompts} prompts, ${result.counts.responses} responses, ${result.counts.pairs} pairs.`
				);
		});

	study
		.command('assign <study-id>')
		.description('(re)assign the pairs of a study that has no ratings yet, from its seed')
		.option('--json', 'print {"assignments": N}')
		.action(async (id: string, options: { json?: boolean }) => {
			const studyId = Number(id);
			if (!Number.isInteger(studyId) || studyId <= 0)
				throw new CliError(`"${id}" is not a study id`);
			const result = await withDatabase((db) => assignments.assign(db, studyId, null));
			if (!result.ok) throw new CliError(result.message);
			console.log(
				options.json
					? JSON.stringify({ assignments: result.assignments })
					: `Assigned ${result.assignments} pairs to raters.`
			);
		});
}
