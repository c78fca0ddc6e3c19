import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { formatTable } from '../../lib/domain/export/format.ts';
import { buildMetricsReport } from '../../lib/domain/metrics/build-metrics-report.ts';
import { metricsTable } from '../../lib/domain/metrics/metrics-table.ts';
import { parsePredictions } from '../../lib/domain/metrics/parse-predictions.ts';
import { parseQaExtract } from '../../lib/domain/metrics/parse-qa-extract.ts';
import {
	ROBUSTNESS_SPREADS,
	TASKS,
	type ParseError,
	type QaExtract,
	type RobustnessSpread,
	type Task,
	type UsefulnessOptions
} from '../../lib/domain/metrics/types.ts';
import { CliError } from '../cli-error.ts';
import { COMMAND_LIST } from '../command-list.ts';
import { robustnessOptions } from '../robustness-options.ts';
import { scenarioOutput } from './usefulness.ts';
import { countOf } from '../../lib/format.ts';

const SHOWN_ERRORS = 50;

/** Every error of an input file, one per line with its line number (the first 50). */
export function describeErrors(file: string, errors: ParseError[]): string {
	const lines = errors.slice(0, SHOWN_ERRORS).map((e) => `  line ${e.line}: ${e.message}`);
	if (errors.length > SHOWN_ERRORS) lines.push(`  … and ${errors.length - SHOWN_ERRORS} more`);
	return `${file}: ${countOf(errors.length, 'error')}, nothing computed\n${lines.join('\n')}`;
}

/** `--robustness sd|variance --robustness-tasks qa,summarization,ner` as usefulness options. */
export function robustnessFlags(flags: {
	robustness: string;
	robustnessTasks: string;
}): UsefulnessOptions {
	if (!(ROBUSTNESS_SPREADS as readonly string[]).includes(flags.robustness)) {
		throw new CliError(`--robustness must be sd or variance, not "${flags.robustness}"`);
	}
	const tasks = flags.robustnessTasks.split(',').map((t) => t.trim().toLowerCase());
	const unknown = tasks.filter((t) => !(TASKS as readonly string[]).includes(t));
	if (tasks.length === 0 || unknown.length > 0 || new Set(tasks).size !== tasks.length) {
		throw new CliError(
			`--robustness-tasks needs distinct tasks of ${TASKS.join(', ')}, comma-separated (got "${flags.robustnessTasks}")`
		);
	}
	return { robustness: flags.robustness as RobustnessSpread, robustnessTasks: tasks as Task[] };
}

function qaExtractFlag(spec: string): QaExtract {
	try {
		return parseQaExtract(spec);
	} catch (error) {
		throw new CliError((error as Error).message);
	}
}

export function register(program: Command): void {
	const [spread, tasks] = robustnessOptions();
	program
		.command(COMMAND_LIST.metrics.usage)
		.description(COMMAND_LIST.metrics.description)
		.option('--no-stem', 'ROUGE-L without Porter stemming')
		.option(
			'--qa-extract <rule>',
			'how QA answers are read: exact (the whole string), letter (the option letter or yes/no/maybe in free text) or regex:<pattern>',
			'exact'
		)
		.addOption(spread)
		.addOption(tasks)
		.option(
			'--scenarios',
			'print the mean score per scenario, model and setting (BenchHealth Figure 1) instead'
		)
		.option('--json', 'print {"signature", "scores", "models"}')
		.addOption(
			new Option('--format <format>', 'print the table as csv, md or latex').choices([
				'csv',
				'md',
				'latex'
			])
		)
		.action(
			async (
				file: string,
				options: {
					stem: boolean;
					qaExtract: string;
					robustness: string;
					robustnessTasks: string;
					json?: boolean;
					format?: 'csv' | 'md' | 'latex';
					scenarios?: boolean;
				}
			) => {
				if (options.json && options.format) {
					throw new CliError('use either --json or --format, not both');
				}
				const usefulness = robustnessFlags(options);
				const qaExtract = qaExtractFlag(options.qaExtract);
				let text: string;
				try {
					text = await readFile(file, 'utf8');
				} catch (error) {
					const reason =
						(error as NodeJS.ErrnoException).code === 'ENOENT'
							? 'no such file'
							: (error as Error).message;
					throw new CliError(`cannot read ${file}: ${reason}`);
				}
				const parsed = parsePredictions(text);
				if (!parsed.ok) throw new CliError(describeErrors(file, parsed.errors));
				const report = buildMetricsReport(parsed.value, {
					stem: options.stem,
					qaExtract,
					...usefulness
				});
				if (options.scenarios) {
					process.stdout.write(scenarioOutput(report.scores, options).stdout);
					return;
				}
				if (options.json) {
					process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
					return;
				}
				const output = formatTable(metricsTable(report), options.format ?? 'text');
				process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
			}
		);
}
