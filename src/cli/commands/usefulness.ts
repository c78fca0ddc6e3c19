import { Option, type Command } from 'commander';
import { formatTable } from '../../lib/domain/export/format.ts';
import { parseScores } from '../../lib/domain/metrics/parse-scores.ts';
import { settingComparison } from '../../lib/domain/metrics/setting-comparison.ts';
import { settingComparisonTable } from '../../lib/domain/metrics/setting-comparison-table.ts';
import type { UsefulnessInput, UsefulnessOptions } from '../../lib/domain/metrics/types.ts';
import { usefulnessReport } from '../../lib/domain/metrics/usefulness-report.ts';
import { usefulnessTable } from '../../lib/domain/metrics/usefulness-table.ts';
import { recordFormat } from '../../lib/domain/stats/record-format.ts';
import { CliError } from '../cli-error.ts';
import { readInput } from './agreement.ts';
import { describeErrors, robustnessFlags } from './metrics.ts';
import { COMMAND_LIST } from '../command-list.ts';
import { robustnessOptions } from '../robustness-options.ts';

type UsefulnessFlags = {
	robustness: string;
	robustnessTasks: string;
	scale: 'auto' | '0-1' | '0-100';
	json?: boolean;
	format?: 'csv' | 'md' | 'latex';
	scenarios?: boolean;
};

/** Runs `medpair usefulness`; returns what goes to stdout and to stderr (notes with CSV). */
export function runUsefulness(
	file: string,
	flags: UsefulnessFlags
): { stdout: string; stderr: string } {
	if (flags.json && flags.format) throw new CliError('use either --json or --format, not both');
	const options: UsefulnessOptions = robustnessFlags(flags);
	const text = readInput(file);
	const parsed = parseScores(text, { format: recordFormat(file, text), scale: flags.scale });
	if (!parsed.ok) throw new CliError(describeErrors(file, parsed.errors));
	if (flags.scenarios) return scenarioOutput(parsed.value.scores, flags);
	const report = usefulnessReport(parsed.value.scores, parsed.value.scale, options);
	if (flags.json) return { stdout: `${JSON.stringify(report, null, 2)}\n`, stderr: '' };
	if (flags.format === 'csv') {
		const table = usefulnessTable(report, null);
		return {
			stdout: formatTable(table, 'csv'),
			stderr: `note: ${table.caption}\nsignature: ${report.signature}\n`
		};
	}
	return { stdout: formatTable(usefulnessTable(report), flags.format ?? 'text'), stderr: '' };
}

/** `--scenarios`: BenchHealth Figure 1's mean score per scenario, model and setting. */
export function scenarioOutput(
	scores: readonly UsefulnessInput[],
	flags: { json?: boolean; format?: 'csv' | 'md' | 'latex' }
): { stdout: string; stderr: string } {
	const averages = settingComparison(scores);
	if (flags.json) {
		return { stdout: `${JSON.stringify({ scenario_averages: averages }, null, 2)}\n`, stderr: '' };
	}
	const table = settingComparisonTable(averages, flags.format === 'csv' ? null : 1);
	const stdout = formatTable(table, flags.format ?? 'text');
	return { stdout: stdout.endsWith('\n') ? stdout : `${stdout}\n`, stderr: '' };
}

export function register(program: Command): void {
	const [spread, tasks] = robustnessOptions();
	program
		.command(COMMAND_LIST.usefulness.usage)
		.description(COMMAND_LIST.usefulness.description)
		.addOption(spread)
		.addOption(tasks)
		.addOption(
			new Option('--scale <scale>', 'the input scale; auto: 0–1 when every value is ≤ 1')
				.choices(['auto', '0-1', '0-100'])
				.default('auto')
		)
		.option(
			'--scenarios',
			'print the mean score per scenario, model and setting (BenchHealth Figure 1) instead'
		)
		.option('--json', 'print {"signature", "scale", "models": [...]}')
		.addOption(
			new Option('--format <format>', 'print the table as csv, md or latex').choices([
				'csv',
				'md',
				'latex'
			])
		)
		.action((file: string, flags: UsefulnessFlags) => {
			const { stdout, stderr } = runUsefulness(file, flags);
			process.stdout.write(stdout);
			if (stderr) process.stderr.write(stderr);
		});
}
