import { Option, type Command } from 'commander';
import { formatTable } from '../../lib/domain/export/format.ts';
import { paperScoresTable } from '../../lib/domain/metrics/paper-scores-table.ts';
import { parseScores, type ScoresFile } from '../../lib/domain/metrics/parse-scores.ts';
import { recordFormat } from '../../lib/domain/stats/record-format.ts';
import { MEDPAIR_VERSION } from '../../lib/domain/version.ts';
import { CliError } from '../cli-error.ts';
import { COMMAND_LIST } from '../command-list.ts';
import { readInput } from './agreement.ts';
import { describeErrors } from './metrics.ts';

type ScoresTableFlags = {
	reference?: string;
	scale: 'auto' | '0-1' | '0-100';
	format?: 'csv' | 'md' | 'latex';
};

function readScores(file: string, scale: ScoresTableFlags['scale']): ScoresFile {
	const text = readInput(file);
	const parsed = parseScores(text, { format: recordFormat(file, text), scale });
	if (!parsed.ok) throw new CliError(describeErrors(file, parsed.errors));
	return parsed.value;
}

/** Runs `medpair scores-table`: the paper's Table 5 layout from a scores file (and references). */
export function runScoresTable(file: string, flags: ScoresTableFlags): string {
	const main = readScores(file, flags.scale);
	const reference = flags.reference ? readScores(flags.reference, flags.scale) : null;
	const referenceModels = reference?.models ?? [];
	const clash = referenceModels.find((r) => main.models.some((m) => m.model === r.model));
	if (clash)
		throw new CliError(
			`${clash.model} is in both ${file} and the reference file ${flags.reference}: give each model in one file`
		);
	const scales = [main.scale, ...(reference ? [reference.scale] : [])];
	const signature = [
		'scores-table',
		`scale=${scales.map((s) => (s === '0-1' ? '0-1,x100' : s)).join('+')}`,
		'scenarios=benchhealth-table1',
		'best=max-over-all-rows',
		`references=${referenceModels.length}`,
		`version=${MEDPAIR_VERSION}`
	].join('|');
	const table = paperScoresTable(
		[...main.scores, ...(reference?.scores ?? [])],
		[...referenceModels.map((m) => ({ ...m, reference: true })), ...main.models],
		{ signature }
	);
	return formatTable(table, flags.format ?? 'text');
}

export function register(program: Command): void {
	program
		.command(COMMAND_LIST['scores-table'].usage)
		.description(COMMAND_LIST['scores-table'].description)
		.option(
			'--reference <file>',
			'reference rows (task-specific SOTA, commercial upper bounds) in the same format'
		)
		.addOption(
			new Option('--scale <scale>', 'the input scale; auto: 0–1 when every value is ≤ 1')
				.choices(['auto', '0-1', '0-100'])
				.default('auto')
		)
		.addOption(
			new Option('--format <format>', 'print the table as csv, md or latex').choices([
				'csv',
				'md',
				'latex'
			])
		)
		.action((file: string, flags: ScoresTableFlags) => {
			const output = runScoresTable(file, flags);
			process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
		});
}
